#!/usr/bin/env bash
# The Debian package on a fresh Debian 12: debootstrap a minimal bookworm (kept in
# build-chroot/base between runs), copy it, `apt-get install ./qicase_*.deb` inside (statically
# linked, qicase needs nothing more; linked dynamically, apt fetches what its Depends line names,
# proving it), then use qicase as a new user would from their own folder: nothing of the build
# tree exists in there. Needs root and Debian's mirror. Usage: tests/package/deb-chroot.sh [DEB]
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=${1:-$(ls build-package/qicase_*_amd64.deb | tail -1)}
[ "$(id -u)" = 0 ] || { echo "deb-chroot: needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
mirror=${QICASE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=build-chroot/base
if [ ! -x "$base/usr/bin/apt-get" ]; then
  rm -rf "$base"
  mkdir -p build-chroot
  echo "deb-chroot: debootstrap bookworm into $base"
  debootstrap --variant=minbase bookworm "$base" "$mirror" >build-chroot/debootstrap.log 2>&1 ||
    { tail -20 build-chroot/debootstrap.log >&2; exit 1; }
fi
root=build-chroot/run
rm -rf "$root"
cp -a "$base" "$root"
trap 'rm -rf "$root"' EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
mkdir -p "$root/home/analyst"
cp -r examples "$root/home/analyst/cases"
in_chroot() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/home/analyst bash -euo pipefail -c "$1"; }

echo "deb-chroot: apt-get install ./$(basename "$deb")"
in_chroot "apt-get update -qq && cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./$(basename "$deb")" \
  >build-chroot/install.log 2>&1 || { cat build-chroot/install.log >&2; exit 1; }

failed=0
check() { # description, command run in the chroot from /home/analyst
  if out=$(in_chroot "cd /home/analyst && $2" 2>&1); then
    echo "ok   $1"
  else
    echo "FAIL $1"; sed 's/^/     /' <<<"$out"; failed=1
  fi
}
check "qicase --version" '[ "$(qicase --version)" = "qicase '"$(sed -n 's/^project(qicase VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"'" ]'
check "qicase is on PATH at /usr/bin" '[ "$(command -v qicase)" = /usr/bin/qicase ]'
# The findings the examples record on purpose are known to the baseline their .qicase.yaml names.
check "the shipped examples pass, from the user's folder" 'qicase --strict --as-of 2024-06-30 check cases >/dev/null'
check "the shipped examples pass, in their own folder" 'cd cases && qicase --strict --as-of 2024-06-30 check . >/dev/null'
check "built-in reference data is there" 'qicase show lre-4.9a | grep -q "^kind: policy"'
check "a starter file passes check, its modeline names an installed schema" \
  'qicase new notice > n.yaml && qicase --strict --as-of 2024-01-20 check n.yaml && test -f "$(head -1 n.yaml | sed "s/.*schema=//")"'
check "the agenda runs" 'qicase --as-of 2024-06-30 due cases --format ical > due.ics; grep -q "^BEGIN:VCALENDAR" due.ics && grep -q "^BEGIN:VEVENT" due.ics'
check "the schemas are installed and match the binary's" 'qicase schema --all --out s >/dev/null && diff -r s /usr/share/qicase/schemas'
check "man pages are installed" 'for p in qicase.1 qicase-due.1 qicase-check.1; do test -s /usr/share/man/man1/$p; done; test -s /usr/share/man/man5/qicase-files.5'
check "bash completes from the installed script" \
  'source /usr/share/bash-completion/completions/qicase; COMP_WORDS=(qicase du); COMP_CWORD=1; _qicase; [ "${COMPREPLY[*]}" = due ]'
check "zsh and fish completions are installed" 'test -s /usr/share/zsh/vendor-completions/_qicase && test -s /usr/share/fish/vendor_completions.d/qicase.fish'
check "nothing written into the cases" \
  'sums() { find cases -type f -exec md5sum {} + | sort; }; a=$(sums); qicase check cases >/dev/null; qicase evidence cases >/dev/null; [ "$a" = "$(sums)" ]'
check "the package removes cleanly" 'apt-get remove -y -qq qicase >/dev/null && ! command -v qicase && ! test -e /usr/share/qicase'
[ $failed = 0 ] && echo "deb-chroot: $(basename "$deb") installs and works on a fresh Debian 12"
exit $failed

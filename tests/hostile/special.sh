#!/usr/bin/env bash
# What git cannot carry, made at test time: files qicase finds by name that are not files, and a
# tree too deep to walk. Each must end at once with a clear message (a named pipe would block a
# run for ever), never hang: every run is bounded by `timeout`, which is a hang guard and not a
# timing assertion. Usage: special.sh QICASE SOURCE_DIR
set -u
qicase=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL $*"; failed=1; }
# The hang guard: 20 s, or 180 s for the unoptimised sanitizer build (QICASE_SANITIZED).
guard=20
[ -n "${QICASE_SANITIZED:-}" ] && guard=180
# expect NAME STATUS TEXT CMD...: in $work/case, CMD exits STATUS and its stderr holds TEXT.
expect() {
  local name=$1 status=$2 text=$3
  shift 3
  (cd "$work/case" && timeout "$guard" "$qicase" --as-of 2024-03-10 "$@" >/dev/null 2>"$work/err")
  local got=$?
  [ "$got" = "$status" ] || fail "$name: exit $got, expected $status: $(head -2 "$work/err")"
  grep -qF -- "$text" "$work/err" || fail "$name: stderr lacks \"$text\": $(head -2 "$work/err")"
}
fresh() {
  rm -rf "$work/case" && mkdir -p "$work/case"
  cp "$src/examples/notices/2024-017-harbor-incidents/notice.yaml" "$work/case/"
}

fresh && mkfifo "$work/case/b.yaml" && printf 'baseline: b.yaml\n' >"$work/case/.qicase.yaml"
expect "a baseline that is a named pipe (due)" 2 "cannot read the baseline: not a regular file" due .
expect "a baseline that is a named pipe (check)" 2 "cannot read the baseline: not a regular file" check .
fresh && mkfifo "$work/case/.qicase.yaml"
expect ".qicase.yaml a named pipe" 2 ".qicase.yaml: error: cannot read it: not a regular file" check .
fresh && mkdir "$work/case/.qicase.yaml"
expect ".qicase.yaml a folder" 2 ".qicase.yaml: error: cannot read it: it is a folder" check .
fresh && ln -s .qicase.yaml "$work/case/.qicase.yaml"
expect ".qicase.yaml a link loop" 2 ".qicase.yaml: error: cannot read it:" check .
fresh && touch "$work/case/.qicase.yaml" && ln -s /dev/zero "$work/case/known.yaml" &&
  printf 'baseline: known.yaml\n' >"$work/case/.qicase.yaml"
expect "a baseline that is a device" 2 "cannot read the baseline: not a regular file" check .
# More than 64 folders down: left out, and said.
fresh && touch "$work/case/.qicase.yaml"
deep="$work/case"
for _ in $(seq 1 66); do deep="$deep/d"; done
mkdir -p "$deep" && cp "$src/examples/notices/2024-017-harbor-incidents/notice.yaml" "$deep/deep.yaml"
expect "a tree deeper than 64 folders" 0 "left out: more than 64 folders below the folder given" check .
# A registry of 20,000 aliases and 100 notices naming no delegate of it: the did-you-mean of each
# is bounded (was quadratic: 32 s), and each notice still gets its warning.
fresh && touch "$work/case/.qicase.yaml" && mkdir -p "$work/case/delegates" "$work/case/notices"
python3 - "$work/case" "$src/examples/notices/2024-017-harbor-incidents/notice.yaml" <<'PY'
import random, re, sys
root, notice = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
rnd = random.Random(7)
word = lambda: "".join(rnd.choice("abcdefghij klmno") for _ in range(rnd.randint(20, 40)))
for d in range(20):
    aliases = "".join(f'  - "{word()}"\n' for _ in range(1000))
    open(f"{root}/delegates/d{d}.yaml", "w").write(
        f"kind: delegate\nid: d{d}\nname: Delegate {d}\naliases:\n{aliases}type: ipa\n"
        "functions: [credentialing]\nagreement:\n  effective: 2021-01-01\n"
        "oversight:\n  cycle: annual\n  committee: C\ncontacts:\n  - {name: A, role: B, email: a@b.example}\n")
for n in range(100):
    text = re.sub(r"(?m)^\s+delegate: .*\n", "", notice.replace("NNC-2024-017", f"NNC-9{n:03}"))
    text = re.sub(r"(?m)^(  name: ).*$", lambda m: m.group(1) + f'"{word()}"', text, count=1)
    open(f"{root}/notices/n{n}.yaml", "w").write(text)
PY
rm "$work/case/notice.yaml"
expect "did-you-mean over 20,000 aliases" 0 "[delegate.unmatched]" check .
warned=$(grep -c 'delegate.unmatched' "$work/err")
[ "$warned" = 100 ] || fail "did-you-mean over 20,000 aliases: $warned warnings, expected 100"
[ "$failed" = 0 ] && echo "ok: pipes, devices, folders and link loops named as configuration or baseline, and a tree too deep, each end with a clear message"
exit $failed

#!/usr/bin/env bash
# `qicase evidence --unpinned` prints a patch that pins each unpinned document; applied with
# `patch -p1` and with `git apply`:
# - the documents are pinned (every one written in block style; a one-line flow mapping is named
#   on stderr instead) and `check` verifies the new pins;
# - where the YAML around a `file:` cannot take two lines safely (a block scalar, a flow mapping
#   over several lines, a flow sequence, a `size:` already there) nothing is patched, stderr says
#   what to write, and the patched cases still pass `check` (tests/evidence/forms);
# - file names with a line feed, a tab or a space are quoted as git quotes them, and the patch
#   touches exactly the files it pins: a name cannot add a header or a hunk for another file.
# Usage: pin.sh QICASE SOURCE_DIR
set -u
qicase=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL $*"; failed=1; }
# Every file below the folder with its hash, NUL-safe: what a patch changed.
snapshot() { (cd "$1" && find . -type f -not -name '*.patch' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

for tool in "patch -p1" "git apply"; do
  rm -rf "$work/case" && cp -r "$src/tests/golden/check/evidence-verdicts" "$work/case"
  (cd "$work/case" && "$qicase" evidence --unpinned . >"$work/pin.patch" 2>"$work/notes")
  grep -q 'qcar.yaml:35: it is written in a flow mapping: write `sha256:' "$work/notes" ||
    fail "$tool: no note for the flow mapping"
  (cd "$work/case" && $tool <"$work/pin.patch") || { fail "$tool: the patch does not apply"; continue; }
  left=$(cd "$work/case" && "$qicase" evidence . 2>/dev/null | grep -c '^unpinned')
  [ "$left" = 1 ] || fail "$tool: $left unpinned left, expected 1 (the flow mapping)"
  # The new pins verify: no evidence.changed beyond the one the case has on purpose.
  changed=$(cd "$work/case" && "$qicase" check . 2>&1 | grep -c 'evidence.changed')
  [ "$changed" = 1 ] || fail "$tool: $changed evidence.changed, expected 1"

  # YAML forms the two lines cannot go into: skipped with a note, and every case still passes.
  rm -rf "$work/forms" && mkdir -p "$work/forms/evidence"
  cp "$src/tests/golden/check/evidence-verdicts/notice.yaml" "$src/tests/evidence/forms/"*.yaml "$work/forms/"
  cp "$src/tests/golden/check/evidence-verdicts/evidence/log.txt" "$work/forms/evidence/"
  touch "$work/forms/.qicase.yaml"
  (cd "$work/forms" && "$qicase" --as-of 2024-03-25 evidence --unpinned . >"$work/forms.patch" 2>"$work/notes")
  notes=$(grep -c '^qicase: note: .*: write `sha256: ' "$work/notes")
  [ "$notes" = 5 ] || fail "$tool: $notes notes for the forms that cannot take a pin, expected 5"
  hunks=$(grep -c '^@@' "$work/forms.patch")
  [ "$hunks" = 2 ] || fail "$tool: $hunks hunks for the forms, expected 2"
  (cd "$work/forms" && $tool <"$work/forms.patch" >/dev/null) || fail "$tool: the forms patch does not apply"
  (cd "$work/forms" && "$qicase" --as-of 2024-03-25 check . >/dev/null 2>"$work/err") ||
    fail "$tool: a patched case fails check: $(head -3 "$work/err")"

  # Names that would break a patch header: a line feed that writes a header and hunk of its own,
  # a tab, a space.
  rm -rf "$work/names" && mkdir -p "$work/names" && touch "$work/names/.qicase.yaml"
  cp "$src/tests/golden/check/evidence-verdicts/notice.yaml" "$work/names/"
  n=0
  for name in $'x\n--- a/Makefile\n+++ b/Makefile\n@@ -0,0 +1 @@\n+pwned\n' $'tab\tname' 'sp ace' 'plain'; do
    n=$((n + 1))
    mkdir -p "$work/names/$name/evidence"
    cp "$src/tests/golden/check/evidence-verdicts/evidence/log.txt" "$work/names/$name/evidence/"
    sed "s/QCAR-FORMS/QCAR-NAME-$n/" "$src/tests/evidence/forms/qcar.yaml" >"$work/names/$name/qcar.yaml"
  done
  before=$(snapshot "$work/names")
  (cd "$work/names" && "$qicase" --as-of 2024-03-25 evidence --unpinned . >"$work/names.patch" 2>/dev/null)
  (cd "$work/names" && $tool <"$work/names.patch" >/dev/null) || fail "$tool: the patch of odd names does not apply"
  after=$(snapshot "$work/names")
  touched=$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep -c '^>')
  [ "$touched" = 4 ] || fail "$tool: the patch changed or made $touched files, expected the 4 it pins"
  [ ! -e "$work/names/Makefile" ] || fail "$tool: a file name made the patch create Makefile"
  left=$(cd "$work/names" && "$qicase" --as-of 2024-03-25 evidence . 2>/dev/null | grep -c '^unpinned')
  [ "$left" = 16 ] || fail "$tool: $left unpinned left in the odd names, expected 16 (4 a file)"
done
[ "$failed" = 0 ] && echo "ok: the pin patch applies with patch -p1 and git apply, verifies, keeps every case valid and touches only the files it pins"
exit $failed

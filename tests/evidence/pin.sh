#!/usr/bin/env bash
# `qicase evidence --unpinned` prints a patch that pins each unpinned document; applied with
# `patch -p1` and with `git apply`, the documents are pinned (every one written in block style;
# a one-line flow mapping is named on stderr instead) and `check` verifies the new pins.
# Usage: pin.sh QICASE SOURCE_DIR
set -u
qicase=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for tool in "patch -p1" "git apply"; do
  rm -rf "$work/case" && cp -r "$src/tests/golden/check/evidence-verdicts" "$work/case"
  (cd "$work/case" && "$qicase" evidence --unpinned . >"$work/pin.patch" 2>"$work/notes")
  grep -q 'qcar.yaml:35: write `sha256:' "$work/notes" || { echo "$tool: no note for the flow mapping"; failed=1; }
  (cd "$work/case" && $tool <"$work/pin.patch") || { echo "$tool: the patch does not apply"; failed=1; continue; }
  left=$(cd "$work/case" && "$qicase" evidence . 2>/dev/null | grep -c '^unpinned')
  [ "$left" = 1 ] || { echo "$tool: $left unpinned left, expected 1 (the flow mapping)"; failed=1; }
  # The new pins verify: no evidence.changed beyond the one the case has on purpose.
  changed=$(cd "$work/case" && "$qicase" check . 2>&1 | grep -c 'evidence.changed')
  [ "$changed" = 1 ] || { echo "$tool: $changed evidence.changed, expected 1"; failed=1; }
done
[ "$failed" = 0 ] && echo "ok: the pin patch applies with patch -p1 and git apply, and verifies"
exit $failed

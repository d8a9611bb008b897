#!/usr/bin/env bash
# The examples record one real finding of each case kind on purpose (README, examples/README.md):
# without their baseline (a copy whose .qicase.yaml names none) `qicase check` fails (exit 1) on
# exactly those, and every kind has one. Usage: findings.sh QICASE (run from the source folder).
set -u
qicase=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
err=$work/stderr
cp -r examples "$work/examples"
sed -i '/^baseline:/d' "$work/examples/.qicase.yaml"
"$qicase" --as-of 2024-06-30 -q check "$work/examples" 2>"$err"
status=$?
kinds=$(sed -n 's/.*\[\([a-z]*\)\.[a-z-]*\]$/\1/p' "$err" | sort -u | tr '\n' ' ')
cat "$err"
if [ "$status" != 1 ] || [ "$kinds" != "actionplan audit cap notice qcar workplan " ]; then
  echo "expected exit 1 with a finding of each kind; got exit $status, kinds: $kinds"
  exit 1
fi

#!/usr/bin/env bash
# The CI formats read by what CI systems use: `check --format sarif` validated against the OASIS
# SARIF 2.1.0 JSON Schema (Ajv, tests/schema/sarif.mjs), `--format junit` read by junitparser and
# compared with the same run's JSON report (junit.py). On a clean repository (the examples), on
# files with errors and warnings (golden cases), and on hostile input (syntax errors, binary,
# encodings). Usage: check.sh QICASE SOURCE_DIR
set -u
qicase=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
n=0
for target in examples tests/golden/check/format-sarif tests/golden/check tests/golden/qcar tests/golden/audit-score tests/hostile/files; do
  n=$((n + 1))
  (cd "$src" && "$qicase" check "$target" --as-of 2024-03-10 --format sarif >"$work/$n.sarif" 2>/dev/null
   "$qicase" check "$target" --as-of 2024-03-10 --format junit >"$work/$n.xml" 2>/dev/null
   "$qicase" check "$target" --as-of 2024-03-10 --format json >"$work/$n.json" 2>/dev/null)
  echo "$target:"
  node "$src/tests/schema/sarif.mjs" "$work/$n.sarif" || failed=1
  /usr/bin/python3 "$src/tests/report/junit.py" "$work/$n.xml" "$work/$n.json" || failed=1
done
# With a baseline: baselineState on every result, known findings no longer found as `absent`.
echo "baseline:"
(cd "$src/tests/golden/check/baseline-sarif" && "$qicase" check . --as-of 2024-04-10 --baseline known.yaml --format sarif >"$work/baseline.sarif" 2>/dev/null)
node "$src/tests/schema/sarif.mjs" "$work/baseline.sarif" || failed=1
grep -q '"baselineState": "absent"' "$work/baseline.sarif" || { echo "no absent result"; failed=1; }
exit $failed

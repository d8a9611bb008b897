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
# Run from a folder inside the repository: every location is the path from the repository's root
# with uriBaseId %SRCROOT%, as code scanning reads it; a known finding carries its suppression;
# the invocation has the command line and the exit code.
echo "from a subfolder, with the repository's baseline:"
cp -r "$src/examples" "$work/repo"
(cd "$work/repo/notices" && "$qicase" check . --as-of 2024-06-30 --format sarif >"$work/sub.sarif" 2>/dev/null)
node "$src/tests/schema/sarif.mjs" "$work/sub.sarif" || failed=1
python3 - "$work/sub.sarif" <<'PY' || failed=1
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert "%SRCROOT%" in run["originalUriBaseIds"], run.get("originalUriBaseIds")
inv = run["invocations"][0]
assert inv["commandLine"] == "qicase check . --as-of 2024-06-30 --format sarif", inv
assert inv["exitCode"] == 0 and inv["executionSuccessful"] is True, inv
results = run["results"]
assert results, "no results"
for r in results:
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("notices/") and loc.get("uriBaseId") == "%SRCROOT%", loc
known = [r for r in results if r.get("baselineState") == "unchanged"]
assert known and all(r["suppressions"][0]["kind"] == "external" and ".qicase-baseline.yaml" in r["suppressions"][0]["justification"] for r in known), known[:1]
print(f"  {len(results)} results from the repository root, {len(known)} suppressed by the baseline")
PY
# --output FORMAT=FILE: one run, the text on stdout and each file in its own format, read by its
# own reader; a file the run reads is never written.
echo "--output:"
(cd "$work/repo" && "$qicase" check . --as-of 2024-06-30 --output sarif="$work/out.sarif" --output junit="$work/out.xml" \
   --output json="$work/out.json" >"$work/out.txt" 2>/dev/null)
grep -q '^[0-9]* files checked' "$work/out.txt" || { echo "stdout is not the text summary"; failed=1; }
node "$src/tests/schema/sarif.mjs" "$work/out.sarif" || failed=1
/usr/bin/python3 "$src/tests/report/junit.py" "$work/out.xml" "$work/out.json" || failed=1
before=$(sha256sum "$work/repo/notices/2024-017-harbor-incidents/notice.yaml")
(cd "$work/repo" && "$qicase" check . --as-of 2024-06-30 --output json=notices/2024-017-harbor-incidents/notice.yaml >/dev/null 2>"$work/err")
status=$?
[ "$status" = 2 ] && grep -q 'that is a file this run reads' "$work/err" || { echo "an input file named by --output was not refused ($status)"; failed=1; }
[ "$before" = "$(sha256sum "$work/repo/notices/2024-017-harbor-incidents/notice.yaml")" ] || { echo "--output wrote over an input"; failed=1; }
# due and report take --output too: the feed and JSON beside the text agenda, the JSON figures
# beside the page, each the same as the format printed alone.
(cd "$work/repo" && "$qicase" due . --as-of 2024-06-30 --output ical="$work/due.ics" --output json="$work/due.json" >/dev/null 2>&1
 "$qicase" due . --as-of 2024-06-30 --format json >"$work/due-alone.json" 2>/dev/null
 "$qicase" report . --as-of 2024-09-30 --output json="$work/report.json" >"$work/report.html" 2>/dev/null
 "$qicase" report . --as-of 2024-09-30 --format json >"$work/report-alone.json" 2>/dev/null)
head -1 "$work/due.ics" | grep -q '^BEGIN:VCALENDAR' || { echo "due --output ical wrote no feed"; failed=1; }
cmp -s "$work/due.json" "$work/due-alone.json" || { echo "due --output json differs from --format json"; failed=1; }
cmp -s "$work/report.json" "$work/report-alone.json" || { echo "report --output json differs from --format json"; failed=1; }
grep -q '<!DOCTYPE html>' "$work/report.html" || { echo "report printed no page beside --output"; failed=1; }
exit $failed

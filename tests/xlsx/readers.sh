#!/usr/bin/env bash
# The workbooks of `--format xlsx` opened by readers nobody here wrote: python3-openpyxl,
# xlsx2csv and LibreOffice Calc (headless, started once for every workbook), against qicase's own
# CSV and JSON of the same run (readers.py). Also: the same inputs give the same bytes, a
# workbook is refused on a terminal, and --output writes it.
# Usage: tests/xlsx/readers.sh QICASE
set -euo pipefail
qicase=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
examples=$(realpath "$here/../../examples")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
q() { "$qicase" --as-of 2024-07-30 "$@" 2>/dev/null; }
# Exit 1 is a finding in the cases, not a failure of the command.
ok() { "$@" || [ $? -eq 1 ]; }

cd "$examples"
ok q due . --format csv >"$out/due.csv"
ok q due . --format xlsx >"$out/due.xlsx"
ok q evidence . --format csv >"$out/evidence.csv"
ok q evidence . --format xlsx >"$out/evidence.xlsx"
ok q report . --format json >"$out/report.json"
ok q report . --format xlsx >"$out/report.xlsx"
audits=(audits/*/audit.yaml)
ok q audit-score "${audits[@]}" --format json >"$out/audit.json"
ok q audit-score "${audits[@]}" --format xlsx >"$out/audit.xlsx"
# The same run, the same bytes.
ok q due . --format xlsx >"$out/due-again.xlsx"
cmp -s "$out/due.xlsx" "$out/due-again.xlsx" || { echo "FAIL due --format xlsx: not the same bytes twice"; exit 1; }
# --output writes the workbook; a terminal gets none.
ok q due . --output "xlsx=$out/due-output.xlsx" --format csv >/dev/null
cmp -s "$out/due.xlsx" "$out/due-output.xlsx" || { echo "FAIL --output xlsx=FILE is not the same workbook"; exit 1; }
# script(1) (util-linux, in every Debian) gives the command a terminal.
status=0
script -qec "$qicase --as-of 2024-07-30 due . --format xlsx" /dev/null >"$out/tty.txt" 2>&1 || status=$?
grep -q "a workbook is binary" "$out/tty.txt" && [ "$status" -eq 2 ] \
  || { echo "FAIL a workbook on a terminal: exit $status, $(head -c 200 "$out/tty.txt")"; exit 1; }

# Attacker-written text: an owner that would be a formula.
mkdir -p "$out/hostile"
cp notices/2024-034-westlake-extension-late/notice.yaml "$out/hostile/"
python3 - "$out/hostile" <<'PY'
import sys
d = sys.argv[1]
text = open("notices/2024-034-westlake-extension-late/qcar.yaml").read()
text = text.replace("    owner: Westlake office manager\n",
                    '    owner: "=HYPERLINK(\\"http://evil.example\\",\\"open\\")"\n'
                    '  - finding: F1\n    action: Check\n    measure: A count\n    due: 2024-06-21\n'
                    '    owner: "=1+2"\n', 1)
open(f"{d}/qcar.yaml", "w").write(text)
PY
(cd "$out/hostile" && ok q due . --from 2024-01-01 --to 2024-12-31 --status overdue,due-soon,open,late,done \
  --format xlsx >"$out/hostile.xlsx")

# xlsx2csv and LibreOffice, each to CSV (LibreOffice: every sheet, cells as shown).
cd "$out"
for name in due evidence; do
  xlsx2csv --dateformat %Y-%m-%d "$name.xlsx" "$name.xlsx2csv.csv"
done
soffice -env:UserInstallation="file://$out/lo-profile" --headless \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
  --outdir "$out/lo" due.xlsx evidence.xlsx hostile.xlsx report.xlsx >"$out/lo.log" 2>&1 \
  || { cat "$out/lo.log"; exit 1; }
for f in lo/*.csv; do
  base=$(basename "$f" .csv)
  mv "$f" "$base.lo.csv"
done
node "$here/sheetjs.mjs" "$out" due evidence hostile
/usr/bin/python3 "$here/readers.py" "$out"

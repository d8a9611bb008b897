#!/usr/bin/env bash
# qicase never writes inside the paths it reads: a copy of the example repository is made
# read-only, every command runs on it (each format), and afterwards the tree must hold the same
# files with the same bytes and times. Permissions alone prove nothing when CI runs as root, so
# the tree is compared before and after. Usage: readonly.sh QICASE (from the source root)
set -euo pipefail
qicase=$1
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r examples "$work/repo"
cp tests/golden/workplan/import-seed/table.tsv "$work/repo/table.tsv"
touch "$work/repo/.qicase.yaml"
chmod -R a-w "$work/repo"
snapshot() { (cd "$work/repo" && find . -printf '%p %s %T@ %m\n' | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort); }
before=$(snapshot)
cd "$work/repo"
# Commands may fail here (a usage the examples do not fit); what counts is that none writes.
# Two that must work show the binary really ran.
"$qicase" --as-of 2024-06-30 check . >/dev/null
# (to a file: `| head -1` would close the pipe early and end qicase by SIGPIPE under pipefail)
"$qicase" --as-of 2024-06-30 due . --all --format ical >"$work/feed.ics"
head -1 "$work/feed.ics" | grep -q '^BEGIN:VCALENDAR'
run() { "$qicase" --as-of 2024-06-30 "$@" >/dev/null 2>&1 || true; }
for format in text json markdown junit sarif github; do run check . --format "$format"; done
for command in notice qcar cap actionplan audit-score workplan; do
  for format in text json markdown csv; do run "$command" . --format "$format"; done
done
run notice . --render
run workplan . --evaluation
run workplan import table.tsv --id WP-X
run audit-score sample --initial 120 --recred 95
for format in text json markdown csv ical; do run due . --all --format "$format"; done
for format in text json csv; do run evidence . --format "$format"; done
run evidence . --unpinned
run calendar add 2024-03-04 10bd --calendar region-calendar.yaml
run calendar holidays 2024
for kind in notice qcar cap actionplan audit workplan; do run schema "$kind"; run new "$kind"; done
run show cr-delegation
cd - >/dev/null
after=$(snapshot)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") >&2 || true
  echo "readonly: qicase changed the tree it read" >&2
  exit 1
fi
echo "readonly: 0 changes after every command"

#!/usr/bin/env bash
# `qicase due --format ical` on the example repository, read back by a real iCalendar parser
# (Debian's python3-icalendar) with the expected event count; the same input twice gives the
# same bytes. Usage: check.sh QICASE (run from the source root).
set -euo pipefail
qicase=$1
python=/usr/bin/python3
[ -x "$python" ] || python=python3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(due examples --as-of 2024-06-10 --all --from 2023-01-01 --to 2025-12-31 --format ical)
"$qicase" "${args[@]}" >"$out/a.ics"
"$qicase" "${args[@]}" >"$out/b.ics"
cmp "$out/a.ics" "$out/b.ics"
"$python" tests/ical/validate.py "$out/a.ics" 340
# With a reminder three days before each open obligation.
"$qicase" "${args[@]}" --alarm 3d >"$out/alarm.ics"
"$python" tests/ical/validate.py "$out/alarm.ics" 340 -3
# The golden feed too.
"$python" tests/ical/validate.py tests/golden/due/format-ical/stdout

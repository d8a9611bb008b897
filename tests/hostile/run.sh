#!/usr/bin/env bash
# The hostile corpus: every file of tests/hostile/files/ plus cases made here (too large to
# commit, or not storable in git: 100k levels of nesting, an alias bomb, a 100 MB file, binary
# bytes, a reference cycle, a symlink loop, a folder named like a file, a pipe, a dangling link)
# is checked one at a time with `qicase check` under a time limit (20 s) and a memory limit
# (1 GiB of address space). Each must end with exit 1 or 2 and a diagnostic with a position and a
# rule id; the whole transcript must match tests/hostile/expected. The case files are made
# read-only first: qicase never writes to what it reads.
# Usage: run.sh QICASE   (QICASE_UPDATE_GOLDEN=1 rewrites `expected`)
set -u
qicase=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
cases=$work/cases
mkdir -p "$cases"
cp "$here"/files/* "$cases/"
touch "$cases/.qicase.yaml"

python3 - "$cases" <<'PY'
import os, random, sys
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
head = 'kind: notice\nid: NNC-H-20\nfindings: '
w('deep-flow.yaml', head + '[' * 100000 + ']' * 100000 + '\n')
w('deep-block.yaml', 'kind: notice\nid: NNC-H-21\nfindings:\n' + '- ' * 100000 + 'x\n')
laughs = ['kind: notice', 'id: NNC-H-22', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
prev = 'a'
for n in 'bcdefghi':
    laughs.append(f'{n}: &{n} [' + ','.join(['*' + prev] * 9) + ']')
    prev = n
w('billion-laughs.yaml', '\n'.join(laughs) + '\n')
rnd = random.Random(20241123)
w('binary.yaml', bytes(rnd.randrange(256) for _ in range(4096)))
# Distinct unknown keys: 120,000 (under the limit of values) are checked in linear time and
# listed 100 at most; 350,000 in 3.9 MB (under the 4 MiB limit) end at the limit of values.
def many_keys(path, head, keys):
    with open(path, 'w') as f:
        f.write(head)
        for k in range(keys):
            f.write(f'k{k:06d}: 1\n')
many_keys(os.path.join(d, 'many-unknown-keys.yaml'), 'kind: notice\nid: NNC-H-24\n', 120000)
# The same file beside a small case that refers to a notice: checking the small one alone must
# not read the large sibling (a header budget), nor stall on it.
os.makedirs(os.path.join(d, 'sibling-stall'))
many_keys(os.path.join(d, 'sibling-stall', 'keys.yaml'), 'kind: notice\nid: NNC-H-25\n', 350000)
w('sibling-stall/small.yaml', 'kind: qcar\nid: QCAR-H-25\nnotice: NNC-H-25\nsubmitted: 2024-06-14\n'
  'monitor: {area: it, staff: IT}\nactions: [{finding: F1, action: x, measure: y, due: 2024-06-20}]\n')
# A calendar with no business day (every day a holiday, extends: none), and a notice that
# counts business days on it.
os.makedirs(os.path.join(d, 'closed-calendar'))
days = [(m, k) for m in range(1, 13) for k in range(1, 32)
        if not (m == 2 and k > 29) and not (m in (4, 6, 9, 11) and k > 30)]
w('closed-calendar/closed.yaml', 'kind: calendar\nid: closed\nextends: none\nholidays:\n'
  + ''.join(f'  - {{name: day {m}-{k}, date: "{m:02d}-{k:02d}"}}\n' for m, k in days))
w('closed-calendar/notice.yaml', 'kind: notice\nid: NNC-H-26\nissuer: Lakes Regional Entity\n'
  'recipient: {name: Harbor Behavioral Health, type: member}\nissued: 2024-03-04\n'
  'findings: [{id: F1, summary: s, category: other, basis: b, evidence: [e]}]\n'
  'response: {required: qcar, within: 10bd}\ncontest: {allowed: true}\n')
# A QCAR of 12,000 actions against a notice of 9,000 findings: each cross-check between the
# two is a lookup, not a scan (at twice the size, the scan took 34 s; now about 1 s).
os.makedirs(os.path.join(d, 'qcar-thousands'))
with open(os.path.join(d, 'qcar-thousands', 'notice.yaml'), 'w') as f:
    f.write('kind: notice\nid: NNC-H-27\nissuer: I\nrecipient: {name: R, type: member}\n'
            'issued: 2024-03-04\nresponse: {required: qcar, within: 30d}\ncontest: {allowed: true}\n'
            'findings:\n')
    for k in range(9000):
        f.write(f'  - {{id: F{k}, summary: s, category: other, basis: b, evidence: [e]}}\n')
with open(os.path.join(d, 'qcar-thousands', 'qcar.yaml'), 'w') as f:
    f.write('kind: qcar\nid: QCAR-H-27\nnotice: NNC-H-27\nsubmitted: 2024-03-10\n'
            'monitor: {area: it, staff: s}\nactions:\n')
    for k in range(12000):
        f.write(f'  - {{finding: F{k}, action: a, measure: m, due: 2024-03-20}}\n')
# 100 MB of valid-looking YAML: a long list of evidence lines.
with open(os.path.join(d, 'huge-100mb.yaml'), 'wb') as f:
    f.write(b'kind: notice\nid: NNC-H-23\nevidence:\n')
    line = b'  - "' + b'x' * 94 + b'"\n'
    for _ in range(1_000_000):
        f.write(line)
PY

# Two audits that name each other as `previous`: a reference cycle.
mkdir -p "$cases/reference-cycle"
for pair in "A B" "B A"; do
  set -- $pair
  cat >"$cases/reference-cycle/audit-$1.yaml" <<YAML
kind: audit
id: AUD-CYCLE-$1
delegate: Cycle Group
type: annual
date: 2024-05-14
delegation: false
previous: AUD-CYCLE-$2
results: {CR1: {A: {met: 12}, B: {met: 3}}}
corrective_actions: [{element: CR1.A, action: x, due: 2024-08-01}]
YAML
done
mkdir -p "$cases/symlink-loop/inner"
cp "$here/files/crlf.yaml" "$cases/symlink-loop/inner/case.yaml"
ln -s .. "$cases/symlink-loop/inner/up"
ln -s loop-b "$cases/symlink-loop/loop-a.yaml"
ln -s loop-a.yaml "$cases/symlink-loop/loop-b"
mkdir -p "$cases/folder-named.yaml"
mkfifo "$cases/pipe.yaml"
ln -s nowhere.yaml "$cases/dangling-link.yaml"
chmod -R a-w "$cases"

cd "$cases" || exit 2
touch "$work/before" # anything under the corpus modified after this was written by qicase
sleep 0.01
failed=0
{
  for name in $(ls -A | grep -v '^\.qicase.yaml$' | LC_ALL=C sort); do
    echo "== $name"
    # (Under ASan or TSan, which reserve terabytes of address space, only the time limit applies.)
    (if [ -z "${QICASE_SANITIZED:-}" ]; then ulimit -v 1048576; fi
     exec timeout 20 "$qicase" --as-of 2024-06-15 check "$name") >"$work/out" 2>"$work/err"
    status=$?
    echo "exit $status"
    cat "$work/err"
    if [ "$status" != 1 ] && [ "$status" != 2 ]; then
      echo "FAIL: $name: exit $status (want 1 or 2)" >&2; failed=1
    fi
    if ! grep -qE '^[^ ]+(:[0-9]+:[0-9]+)?: (error|warning): .*\[[a-z0-9.-]+\]$' "$work/err"; then
      echo "FAIL: $name: no diagnostic with a position and a rule id" >&2; failed=1
    fi
  done
  # One small file beside a hostile one; a calendar with no business day, used and asked.
  for call in "check sibling-stall/small.yaml" \
              "--calendar closed-calendar/closed.yaml check closed-calendar/notice.yaml" \
              "--calendar closed-calendar/closed.yaml calendar add 2024-01-01 1bd" \
              "calendar add 9999-12-31 1d" "calendar add 0001-01-01 -1d" \
              "calendar add 9999-12-01 30bd" "calendar add 0001-01-31 -30bd"; do
    echo "== $call"
    # shellcheck disable=SC2086
    (if [ -z "${QICASE_SANITIZED:-}" ]; then ulimit -v 1048576; fi
     exec timeout 20 "$qicase" --as-of 2024-06-15 $call) >"$work/out" 2>"$work/err"
    status=$?
    echo "exit $status"
    cat "$work/out" "$work/err"
    if [ "$status" != 1 ] && [ "$status" != 2 ]; then
      echo "FAIL: $call: exit $status (want 1 or 2)" >&2; failed=1
    fi
  done
  # Every output format of check, on every file of the corpus, is well formed and safe.
  for name in $(ls -A | grep -v '^\.qicase.yaml$' | LC_ALL=C sort); do
    for fmt in json sarif junit markdown github; do
      (if [ -z "${QICASE_SANITIZED:-}" ]; then ulimit -v 1048576; fi
       exec timeout 20 "$qicase" --as-of 2024-06-15 check "$name" --format "$fmt") >"$work/out" 2>"$work/err"
      status=$?
      if [ "$status" -gt 2 ]; then
        echo "FAIL: $name --format $fmt: exit $status" >&2; failed=1
      fi
      python3 "$here/outputs.py" "$fmt" "$work/out" "$work/err" "$name" >&2 || failed=1
    done
  done
  # qicase writes nothing inside what it reads.
  if [ -n "$(find . -newer "$work/before" -not -path . 2>/dev/null | head -1)" ]; then
    echo "FAIL: files changed under the corpus" >&2; failed=1
  fi
} >"$work/actual"
if [ "${QICASE_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$work/actual" "$here/expected"
  echo "updated $here/expected"
  exit $failed
fi
diff -u --label expected --label actual "$here/expected" "$work/actual" || failed=1
exit $failed

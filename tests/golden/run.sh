#!/usr/bin/env bash
# Runs one golden case: tests/golden/<command>/<case>/ holds `args` (one argument a line), the
# input files, and the expected `stdout`, `stderr` and `status`. qicase runs inside the case
# folder (a `.qicase.yaml` there stops reference lookups from leaving it), with no color and
# the date pinned: QICASE_AS_OF is 2024-07-01 unless the case's `args` (--as-of) or `env` file
# says otherwise, so no golden depends on the day it runs, and git kept from looking above the
# case folder (a report says the commit it was made from: never qicase's own checkout's).
# Differences are shown as a diff.
# A golden whose expected output holds the machine's current date fails: it was written without
# a pinned date and would fail tomorrow.
#
# Regenerate on purpose: QICASE_UPDATE_GOLDEN=1 ctest -R golden  (then review `git diff`).
set -u
qicase=$1
case_dir=$2
cd "$case_dir" || exit 2
mapfile -t args < args
actual=$(mktemp -d)
trap 'rm -rf "$actual"' EXIT
# An optional `env` file: VAR=value lines the run gets (e.g. GITHUB_ACTIONS=true).
vars=()
[ -f env ] && mapfile -t vars < env
# An optional `stdin` file: what the run reads from standard input (for the path `-`).
input=/dev/null
[ -f stdin ] && input=stdin
env -u NO_COLOR -u GITHUB_ACTIONS QICASE_AS_OF=2024-07-01 GIT_CEILING_DIRECTORIES="$(dirname "$PWD")" "${vars[@]}" "$qicase" "${args[@]}" >"$actual/stdout" 2>"$actual/stderr" <"$input"
echo $? >"$actual/status"
if [ "${QICASE_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual/stdout" "$actual/stderr" "$actual/status" .
  echo "updated $case_dir"
  exit 0
fi
failed=0
today=$(date +%Y-%m-%d)
for f in stdout stderr; do
  if grep -q -- "$today" "$f"; then
    echo "expected $f holds today's date ($today): pin the date (--as-of in args, or QICASE_AS_OF in env)" >&2
    failed=1
  fi
done
for f in stdout stderr status; do
  if ! diff -u --label "expected $f" --label "actual $f" "$f" "$actual/$f"; then
    failed=1
  fi
done
exit $failed

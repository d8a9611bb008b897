#!/usr/bin/env bash
# The pre-commit configuration of docs/ci.md, verbatim, run by the real pre-commit (Debian's)
# in a throwaway case repository (and the manifest .pre-commit-hooks.yaml validated): a broken staged case
# file stops the commit with its diagnostic, the fixed one passes, YAML outside `files:` is
# left alone, and the overdue gate fails while something is overdue.
# Usage: check.sh QICASE SOURCE_DIR
set -u
qicase=$1
src=$2
command -v pre-commit >/dev/null || { echo "pre-commit missing: run scripts/setup" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache" PATH="$(dirname "$qicase"):$PATH" QICASE_AS_OF=2024-03-20
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
failed=0
fail() { echo "FAIL $1"; sed 's/^/     /' "$work/out"; failed=1; }

pre-commit validate-manifest "$src/.pre-commit-hooks.yaml" >"$work/out" 2>&1 || fail "the manifest is invalid"
repo=$work/cases
mkdir -p "$repo/cases" "$repo/.github/workflows"
cp -r "$src/examples/notices/2024-003-lakeshore-reporting" "$repo/cases/"
printf 'name: CI\non: push\n' >"$repo/.github/workflows/ci.yml"
cd "$repo" || exit 2
git init -q . && git add -A && git commit -qm cases
# The configuration docs/ci.md gives, as it is there: its first YAML block.
awk '/^```yaml/ && !done {on = 1; next} /^```/ && on {on = 0; done = 1} on' "$src/docs/ci.md" \
  >.pre-commit-config.yaml
grep -q 'repo: local' .pre-commit-config.yaml || fail "docs/ci.md has no pre-commit configuration"
pre-commit validate-config .pre-commit-config.yaml >"$work/out" 2>&1 || fail "the documented config is invalid"
# The published hooks and the documented ones are the same hooks: every setting of each.
python3 - "$src/.pre-commit-hooks.yaml" .pre-commit-config.yaml >"$work/out" 2>&1 <<'PY' || fail "the hooks of docs/ci.md and .pre-commit-hooks.yaml differ"
import sys, yaml
published = {h["id"]: h for h in yaml.safe_load(open(sys.argv[1]))}
documented = {h["id"]: h for h in yaml.safe_load(open(sys.argv[2]))["repos"][0]["hooks"]}
assert published.keys() == documented.keys(), (sorted(published), sorted(documented))
for hook_id, hook in published.items():
    for key in sorted(set(hook) | set(documented[hook_id])):
        if key in ("description",):
            continue
        assert hook.get(key) == documented[hook_id].get(key), (hook_id, key, hook.get(key), documented[hook_id].get(key))
PY
pre-commit install >"$work/out" 2>&1 || fail "pre-commit install"
git add -A && git commit -qm "pre-commit" >"$work/out" 2>&1 || fail "a commit of good cases and other YAML was refused"

notice=cases/2024-003-lakeshore-reporting/notice.yaml
sed -i '/^issuer:/d' "$notice"
git add -A
if git commit -qm broken >"$work/out" 2>&1; then fail "a notice with no issuer was committed"; fi
grep -q "notice.yaml:[0-9]*:1: error: the notice has no \`issuer\`" "$work/out" || fail "the diagnostic is not shown"
git checkout -q HEAD -- "$notice"
echo "# a note" >>"$notice"
git add -A
git commit -qm fixed >"$work/out" 2>&1 || fail "the fixed notice was refused"
printf 'name: CI\non: [push, pull_request]\n' >.github/workflows/ci.yml
git add -A
git commit -qm workflow >"$work/out" 2>&1 || fail "a CI workflow was checked as a case"
# With the baseline committed (docs/ci.md, Known findings): a finding it knows does not stop a
# commit, and .qicase.yaml and the baseline, staged with the rest, are checked as what they are.
sed -i '/^issuer:/d' "$notice"
printf 'baseline: .qicase-baseline.yaml\n' >.qicase.yaml
qicase check --format baseline cases >.qicase-baseline.yaml 2>/dev/null
git add -A
git commit -qm "known finding" >"$work/out" 2>&1 || fail "a commit with the baseline that knows its finding was refused"
printf 'baseline: .qicase-baseline.yaml\nsoon: soon\n' >.qicase.yaml
git add -A
if git commit -qm "bad configuration" >"$work/out" 2>&1; then fail "a broken .qicase.yaml was committed"; fi
grep -q '.qicase.yaml:2:.*soon: soon.*is not a duration' "$work/out" || fail "the broken .qicase.yaml is not named"
printf 'baseline: .qicase-baseline.yaml\nsoon: 5bd\n' >.qicase.yaml
git add -A && git commit -qm "configuration fixed" >"$work/out" 2>&1 || fail "the fixed .qicase.yaml was refused"
# The overdue gate (a manual stage here): the CAP in answer to the notice was due 2024-01-30.
if pre-commit run qicase-overdue --hook-stage manual >"$work/out" 2>&1; then fail "the overdue gate passed with an overdue response"; fi
# (not just "overdue": the hook's own name holds that word)
grep -q "days late *NNC-2024-003" "$work/out" || fail "the overdue gate does not say what is overdue"
QICASE_AS_OF=2024-01-20 pre-commit run qicase-overdue --hook-stage manual >"$work/out" 2>&1 ||
  fail "the overdue gate failed with nothing overdue"
[ $failed = 0 ] && echo "pre-commit: the hooks stop a broken case file and pass good ones"
exit $failed

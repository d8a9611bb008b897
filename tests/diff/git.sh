#!/usr/bin/env bash
# `qicase diff` on git revisions, in a throwaway repository: REV1 REV2 (every case file changed,
# added or removed, other YAML left out), REV:PATH against a file, paths from a subfolder, and
# the errors: not a repository, an unknown revision. Usage: git.sh QICASE SOURCE_DIR
set -u
qicase=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
unset QICASE_AS_OF
failed=0
run() { "$qicase" --as-of 2024-07-30 "$@" >"$work/out" 2>"$work/err"; echo $? >"$work/status"; }
expect() { # description, status, lines that stdout (or stderr) must hold...
  local what=$1 status=$2; shift 2
  if [ "$(cat "$work/status")" != "$status" ]; then
    echo "FAIL $what: exit $(cat "$work/status"), expected $status"; cat "$work/out" "$work/err"; failed=1; return
  fi
  for line in "$@"; do
    if ! grep -qF -- "$line" "$work/out" "$work/err"; then
      echo "FAIL $what: no \`$line\` in:"; cat "$work/out" "$work/err"; failed=1
    fi
  done
}

repo=$work/repo
case=$src/tests/golden/diff/qcar-extension
mkdir -p "$repo/cases/2024-030" "$repo/.github/workflows"
cp "$case/notice.yaml" "$repo/cases/2024-030/notice.yaml"
cp "$case/old/qcar.yaml" "$repo/cases/2024-030/qcar.yaml"
cp -r "$case/new/evidence" "$repo/cases/2024-030/" # the documents the QCAR cites
printf 'name: CI\non: push\n' >"$repo/.github/workflows/ci.yml"
cd "$repo" || exit 2
git init -q . && git add -A && git commit -qm "QCAR as submitted"
cp "$case/new/qcar.yaml" cases/2024-030/qcar.yaml
printf 'name: CI\non: [push, pull_request]\n' >.github/workflows/ci.yml
git add -A && git commit -qm "extension approved; F1 remediated"
git tag extension

# A report says the commit it was made from, and whether the work tree had changes.
commit=$(git rev-parse HEAD)
run report . --format json
expect "report from a clean commit" 0 "\"commit\": \"$commit\"" '"dirty": false'
run report . --format markdown
expect "report made from, markdown" 0 "Made from commit ${commit:0:12}."
echo "# touched" >>cases/2024-030/notice.yaml
run report . --format markdown
expect "report from a changed work tree" 0 "Made from commit ${commit:0:12} and uncommitted changes."
git checkout -q -- cases/2024-030/notice.yaml


run diff HEAD~1 HEAD
expect "two revisions" 0 "QCAR-2024-030 (qcar): HEAD~1:cases/2024-030/qcar.yaml -> HEAD:cases/2024-030/qcar.yaml" \
  "2024-07-03 -> 2024-07-31 (28 days later); backed by the extension approved 2024-06-24 until 2024-07-31 (4.9A D.3)" \
  "status    changed  status: overdue -> remediated" "11 changes in 1 of 1 file"
grep -q "ci.yml" "$work/out" && { echo "FAIL a CI workflow was compared as a case"; failed=1; }

run diff HEAD~1:cases/2024-030/qcar.yaml cases/2024-030/qcar.yaml
expect "REV:PATH against a file" 0 "HEAD~1:cases/2024-030/qcar.yaml -> cases/2024-030/qcar.yaml" "11 changes in 1 of 1 file"

(cd cases/2024-030 && run diff HEAD~1:./qcar.yaml qcar.yaml --format json)
expect "REV:./PATH from a subfolder, json" 0 '"old": "HEAD~1:./qcar.yaml"' '"unbacked": 0'

run diff HEAD~1 HEAD cases/2024-030/notice.yaml
expect "a PATH with no change" 0 "0 changes in 0 of 0 files"

# A new case and a removed one.
cp "$src/examples/notices/2024-012-summit-recurring/notice.yaml" cases/2024-012.yaml
git add -A && git commit -qm "new notice"
git rm -q cases/2024-030/qcar.yaml && git commit -qm "QCAR withdrawn"
run diff extension HEAD
expect "added and removed cases" 0 "NNC-2024-012 (notice): extension:cases/2024-012.yaml -> HEAD:cases/2024-012.yaml" \
  "file      added    case: NNC-2024-012" "file      removed  case: QCAR-2024-030"

# A case removed while it still held open duties: they go with it, unbacked (deleting a file
# closes nothing), and the gate fails.
mkdir -p cases/cap-009
cp "$src/tests/golden/cap/format-csv/notice.yaml" "$src/tests/golden/cap/format-csv/cap.yaml" cases/cap-009/
git add -A && git commit -qm "CAP submitted" && git tag cap
git rm -q cases/cap-009/cap.yaml && git commit -qm "CAP deleted"
run diff cap HEAD --fail-on-unbacked
expect "a removed open case" 1 "file      removed  case: CAP-2024-009" \
  "the case file was removed while this was still open" "dropped without backing" \
  "removed while open: CAP-2024-009"
# The notice the CAP answered did not change, but its reading did: listed, with the file it
# follows from. Each revision is read whole from git: today's files play no part.
expect "a status changed by another file" 1 "NNC-2024-009 (notice): cap:cases/cap-009/notice.yaml -> HEAD:cases/cap-009/notice.yaml" \
  "(its file did not change; this follows from cap:cases/cap-009/cap.yaml)" "status    changed  status: responded -> overdue"
run diff cap HEAD --format json
expect "a status changed by another file, json" 0 '"file_changed": false' '"follows_from": [' '"removed_open": ['
# A new case, summarised: whom it concerns, where it stands, what is due next, its findings.
run diff HEAD cap
expect "a new case summarised" 0 "new case: delegate Northside Behavioral Services; status open; next due 2024-05-31 (D1 A2: Daily huddle reviews every request older than seven days, overdue); 0 findings" \
  "status    changed  status: overdue -> responded"
run diff HEAD cap --format json
expect "a new case summarised, json" 0 '"status": "open"' '"next_due": "2024-05-31"' '"findings": 0'
# The committee's packet says what changed in the record since a revision: the same changes.
run report . --since cap --format markdown
expect "report --since" 0 "### Changed since \`cap\`" "**CAP-2024-009** (cap)" \
  "the case file was removed while this was still open" "its file did not change; this follows from cap:cases/cap-009/cap.yaml"
run report . --since cap --format json
expect "report --since, json" 0 '"since": "cap"' '"unbacked": 7'
run report . --since=--output=written.txt
expect "report --since an option-like revision" 2 "a revision cannot begin with \`-\`"
# A symbolic link in a revision is not a case file of it (its blob is a path), and PATHs are
# read from the current folder.
ln -s cases/cap-009/notice.yaml link.yaml && git add link.yaml && git commit -qm "a link"
(cd cases && run diff cap HEAD cap-009)
expect "a link, PATH from a subfolder" 0 "NNC-2024-009 (notice)" "10 changes in 2 of 2 files"
grep -q "link.yaml" "$work/out" "$work/err" && { echo "FAIL a symbolic link was read as a case"; failed=1; }
git rm -q link.yaml && git commit -qm "no link"
# A folder left out by --exclude (or `exclude:`) is left out of each revision, as a walk leaves
# it out; a PATH outside the repository is a usage error, not an empty comparison.
run diff cap HEAD --exclude cases/cap-009
expect "an excluded folder" 0 "0 changes in 0 of 0 files"
run diff cap HEAD "$work"
expect "a PATH outside the repository" 2 "outside the repository"
# PATHs choose the cases listed; the other files of the revision are still read.
run diff cap HEAD cases/cap-009/notice.yaml
expect "a PATH whose case changed through another file" 0 "NNC-2024-009 (notice)" \
  "this follows from cap:cases/cap-009/cap.yaml" "2 changes in 1 of 1 file"
# A CAP's action moved later: no kind but the QCAR records what backs a later date.
git checkout -q cap -- cases/cap-009/cap.yaml
sed -i 's/due: 2024-05-31/due: 2024-06-28/' cases/cap-009/cap.yaml
run diff cap:cases/cap-009/cap.yaml cases/cap-009/cap.yaml --fail-on-unbacked
expect "an unbacked CAP move" 1 "2024-05-31 -> 2024-06-28 (28 days later); no approval of the move is recorded" \
  "moved later or dropped without backing"
git checkout -q HEAD -- cases/cap-009 2>/dev/null || rm -rf cases/cap-009

# Deadlines moved with no extension: the gate.
git checkout -q extension -- cases/2024-030/qcar.yaml
sed -i 's/due: 2024-07-26/due: 2024-08-09/' cases/2024-030/qcar.yaml
run diff extension:cases/2024-030/qcar.yaml cases/2024-030/qcar.yaml --fail-on-unbacked --format markdown
expect "the unbacked gate" 1 "2024-07-26 | 2024-08-09 (14 days later) | not backed: the extension runs until 2024-07-31 only (4.9A D.3)" \
  "1 deadline moved later or dropped without backing."

run diff nosuchrev HEAD
expect "an unknown revision" 2 "qicase: error: git ls-tree nosuchrev: fatal: Not a valid object name nosuchrev"

# Revisions that git could read as options: refused before git runs, and nothing is written.
for rev in --output=written.txt -p --output=written.txt:cases/2024-030/qcar.yaml; do
  run diff -- "$rev" HEAD
  expect "option-like revision $rev" 2 "a revision cannot begin with \`-\`"
  run diff -- HEAD "$rev"
  expect "option-like revision $rev second" 2 "a revision cannot begin with \`-\`"
done
if [ -e written.txt ] || [ -e ../written.txt ]; then
  echo "FAIL: git wrote a file named by a revision"; failed=1
fi
# Each revision is judged under its own .qicase.yaml and baseline: a finding that the new
# revision's baseline knows does not fail, though the working tree has no baseline at all.
cfg=$work/cfg
mkdir -p "$cfg" && cd "$cfg" || exit 2
git init -q . && touch .qicase.yaml
sed '/filed: 2024-05-20/d' "$src/tests/golden/report/portfolio-json/westlake/notice.yaml" >n.yaml
git add -A && git commit -qm "notice" && git tag plain
cp "$src/tests/golden/report/portfolio-json/westlake/notice.yaml" n.yaml # a late contest: a finding
"$qicase" --as-of 2024-06-01 check n.yaml --format baseline >.qicase-baseline.yaml
printf 'baseline: .qicase-baseline.yaml\n' >.qicase.yaml
git add -A && git commit -qm "late contest, known" && git tag known
git checkout -q plain
run diff plain known
expect "the new revision's baseline" 0 "procedure added    notice.contest-late at contest.filed"
printf 'baseline: missing.yaml\n' >.qicase.yaml && git add -A && git commit -qm "a baseline that is not there" && git tag broken
run diff plain broken
expect "a revision's baseline missing" 2 "broken:missing.yaml: the baseline its .qicase.yaml names is not in the revision"
git checkout -q plain

# A case whose file did not change, that names no changed file and is named by none, can still
# read differently: a new file takes its id. Each run keeps of such a case only a digest of its
# reading; the digests differ, so its old version is read again whole and compared.
dup=$work/dup
mkdir -p "$dup/b" && cd "$dup" || exit 2
git init -q .
cp "$src/examples/notices/2024-012-summit-recurring/notice.yaml" b/notice.yaml
git add -A && git commit -qm "a notice"
cp b/notice.yaml a-copy.yaml # walked first: the id is now b/notice.yaml's duplicate
git add -A && git commit -qm "its copy"
run diff HEAD~1 HEAD
expect "a reading changed by an unrelated file" 1 "NNC-2024-012 (notice): HEAD~1:b/notice.yaml -> HEAD:b/notice.yaml" \
  "(its file did not change; this follows from other files it reads)" "file problems: 0 -> 1" \
  "2 changes in 2 of 2 files"
run diff HEAD~1 HEAD b
expect "a PATH whose reading changed by an unrelated file" 1 "HEAD~1:b/notice.yaml -> HEAD:b/notice.yaml" \
  "1 change in 1 of 1 file"

cd "$work" || exit 2
run diff HEAD~1 HEAD
expect "not a repository" 2 "qicase: error: revisions need a git repository"
[ $failed = 0 ] && echo "diff: git revisions compared"
exit $failed

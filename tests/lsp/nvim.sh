#!/usr/bin/env bash
# qicase lsp under Neovim's built-in client, headless (nvim.lua). Usage: nvim.sh QICASE
set -u
qicase=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v nvim >/dev/null || { echo "nvim.sh: nvim is not installed (Debian: neovim)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/case"
touch "$work/case/.qicase.yaml" # the repository: its references go no further
cat >"$work/case/notice.yaml" <<'YAML'
kind: notice
id: NNC-2024-012
title: Recurring missing crisis plans
issuer: Lakes Regional Entity
recipient: {name: "Summit 😀 ≥ Services", type: provider, contact: quality@summit.example, x: 1}
issued: 2024-13-01
findings:
  - id: F1
    summary: Crisis plans missing from individual plans of service
    category: recurring
    basis: MDHHS contract, person-centered planning
    evidence: [2024 file review]
response: {required: cap, within: 30d}
contest: {allowed: true}
YAML
mkdir -p "$work/case/delegates"
cat >"$work/case/delegates/summit.yaml" <<'YAML'
kind: delegate
id: summit
name: Summit Pointe Services
aliases: ["Summit 😀 ≥ Services"] # the name the notice gives
type: provider
YAML
printf 'kind: audit\nid: AUD-1\ndelegate: \n' >"$work/case/audit.yaml"
cat >"$work/case/qcar.yaml" <<'YAML'
kind: qcar
id: QCAR-2024-012
notice: NNC-2024-012
evidence:
  - finding: F1
    date: 2024-03-01
    description: the crisis plan log
    file: evidence/log.txt
YAML
mkdir -p "$work/case/evidence"
printf 'crisis plans reviewed\n' >"$work/case/evidence/log.txt"
pin=$(sha256sum "$work/case/evidence/log.txt" | cut -c1-64)
# Line 5 (from 0) of the file as nvim.lua expects it: the recipient, then `issued` on line 6.
sed -i '1i # yaml-language-server: $schema=notice.schema.json' "$work/case/notice.yaml"
HOME=$work XDG_CONFIG_HOME=$work XDG_DATA_HOME=$work XDG_STATE_HOME=$work \
  QICASE=$qicase CASE_DIR=$work/case RESULT=$work/result PIN=$pin \
  timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim.lua" >"$work/nvim.log" 2>&1
status=$?
if [ ! -s "$work/result" ]; then
  echo "FAIL nvim ended ($status) without a result:"; cat "$work/nvim.log"; exit 1
fi
cat "$work/result"
! grep -q '^FAIL' "$work/result" && echo "nvim: $(grep -c '^ok' "$work/result") passed, 0 failed"

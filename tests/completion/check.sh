#!/usr/bin/env bash
# The completion scripts of `qicase completion` loaded into real bash, zsh and fish, asked what
# follows a partly typed command line. (tests/unit/cli_test.cpp checks that every command and
# flag of the command table is in each script; this checks that the scripts work.)
set -u
qicase=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
expect() { # what got, wanted words...
  local what=$1 got=$2; shift 2
  for want in "$@"; do
    if ! grep -qxF -- "$want" <<<"$got"; then
      echo "FAIL $what: \`$want\` not offered; got:"; sed 's/^/  /' <<<"$got"; failed=1
    fi
  done
}
refuse() { # what got, words that must not be offered...
  local what=$1 got=$2; shift 2
  for bad in "$@"; do
    if grep -qxF -- "$bad" <<<"$got"; then echo "FAIL $what: \`$bad\` offered"; failed=1; fi
  done
}
cd "$examples" || exit 2

# bash: the line split into COMP_WORDS as readline would, the cursor on the last word.
"$qicase" completion bash >"$work/qicase.bash"
bash_complete() {
  bash -c 'source "$1"; read -ra COMP_WORDS <<<"$2"; [[ "$2" == *" " ]] && COMP_WORDS+=("");
           COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _qicase; printf "%s\n" "${COMPREPLY[@]}"' _ "$work/qicase.bash" "$1"
}
expect "bash: commands" "$(bash_complete 'qicase ')" check notice qcar cap actionplan audit-score workplan due calendar schema new show completion
expect "bash: a prefix" "$(bash_complete 'qicase du')" due
expect "bash: a command's flags" "$(bash_complete 'qicase due --')" --kind --within --fail-on-overdue --format --as-of
refuse "bash: another command's flags" "$(bash_complete 'qicase due --')" --render --rubric
expect "bash: case kinds for due --kind" "$(bash_complete 'qicase due --kind ')" notice qcar cap actionplan audit workplan
refuse "bash: reference kinds for due --kind" "$(bash_complete 'qicase due --kind ')" policy rubric
expect "bash: formats" "$(bash_complete 'qicase check --format j')" json junit
expect "bash: a nested command" "$(bash_complete 'qicase workplan im')" import
expect "bash: a nested command's flags" "$(bash_complete 'qicase calendar between --')" --unit
expect "bash: files" "$(bash_complete 'qicase check notices/2024-003')" notices/2024-003-lakeshore-reporting
expect "bash: built-in ids" "$(bash_complete 'qicase show ')" lre-4.9a us-federal cr-delegation viip-2023 cquic
expect "bash: calendars" "$(bash_complete 'qicase due --calendar us')" us-federal
expect "bash: choices" "$(bash_complete 'qicase --color ')" auto always never
expect "bash: shells" "$(bash_complete 'qicase completion ')" bash zsh fish
expect "bash: kinds" "$(bash_complete 'qicase schema ')" notice rubric

# fish: its own `complete -C`, which prints `word<TAB>description`.
"$qicase" completion fish >"$work/qicase.fish"
fish_complete() { fish --no-config -c "source $work/qicase.fish; complete -C '$1'" | cut -f1; }
expect "fish: commands" "$(fish_complete 'qicase ')" check due audit-score completion
expect "fish: a command's flags" "$(fish_complete 'qicase due --')" --kind --within --fail-on-overdue --format
refuse "fish: another command's flags" "$(fish_complete 'qicase due --')" --render
expect "fish: case kinds for due --kind" "$(fish_complete 'qicase due --kind ')" qcar audit
expect "fish: a nested command" "$(fish_complete 'qicase workplan ')" import
expect "fish: files" "$(fish_complete 'qicase check notices/2024-00')" notices/2024-003-lakeshore-reporting/ notices/2024-009-northside-indicators/
expect "fish: built-in ids" "$(fish_complete 'qicase show ')" lre-4.9a us-federal

# zsh: the function run with zsh's completion builtins replaced by ones that print what they
# are given (a real zsh parses the script; the widgets need a terminal).
"$qicase" completion zsh >"$work/_qicase"
zsh -n "$work/_qicase" || { echo "FAIL zsh: the script does not parse"; failed=1; }
zsh_complete() {
  zsh -f -c 'compdef() { : }
    compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@" }
    _describe() { local item; for item in "${(@P)2}"; do print -r -- "${item%%:*}"; done }
    _files() { print -r -- "<files>" }
    _message() { print -r -- "<$1>" }
    source "$1"
    words=(${=2}); [[ "$2" == *" " ]] && words+=("")
    CURRENT=${#words}
    _qicase' _ "$work/_qicase" "$1"
}
expect "zsh: commands" "$(zsh_complete 'qicase ')" check due audit-score completion
expect "zsh: a command's flags" "$(zsh_complete 'qicase due -')" --kind --within --fail-on-overdue --format
refuse "zsh: another command's flags" "$(zsh_complete 'qicase due -')" --render
expect "zsh: case kinds for due --kind" "$(zsh_complete 'qicase due --kind ')" qcar audit
expect "zsh: files" "$(zsh_complete 'qicase check ')" "<files>"
expect "zsh: a nested command" "$(zsh_complete 'qicase calendar ')" add between holidays

[ $failed = 0 ] && echo "completion: bash, fish and zsh complete commands, flags and values"
exit $failed

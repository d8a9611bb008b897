// Shell completion scripts generated from the command line itself (cli/app.cpp's table and each
// command's setup function): every command, nested command, flag, and what a value is (a
// kind, a format, a built-in id, a file, a folder), so the scripts never fall behind.
#include <cli/completion.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <qicase/due/due.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::cli {

namespace {

// What a value (an option's or a positional's) is completed with.
enum class Values {
  none,  // free text: a date, a duration, a period
  words, // a fixed list
  files,
  dirs,
  words_and_files, // a built-in id or a file
};

struct Completion
{
  Values values = Values::none;
  std::vector<std::string> words;
};

struct Flag
{
  std::vector<std::string> names; // "--format", "-q"
  std::string help;
  bool takes_value = false;
  Completion value;
};

struct Node
{
  std::string name;
  std::string path; // "qicase", "qicase workplan", "qicase workplan import"
  std::string help;
  std::vector<Flag> flags;
  std::vector<Node> children;
  std::optional<Completion> positional; // what bare words are when there is no subcommand
};

// The ids of the built-in reference files of `kind` ("" = every kind).
std::vector<std::string> builtin_ids(std::string_view kind = {})
{
  std::vector<std::string> ids;
  for (const auto& doc : Workspace::builtins()) {
    if (kind.empty() || doc->kind == kind) {
      ids.push_back(doc->id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> split(std::string_view text, char sep)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(sep, start), text.size());
    if (end > start) {
      parts.emplace_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return parts;
}

// From an option's type name: "KIND", "FMT", "ID|FILE", "WHEN:{auto,always,never}" (CLI11
// appends an IsMember check's choices), "DIR", ...
Completion completion_of(const std::string& type_name, std::string_view option)
{
  const auto colon = type_name.find(':');
  const std::string type = type_name.substr(0, colon);
  if (colon != std::string::npos) {
    const auto open = type_name.find('{', colon);
    const auto close = type_name.find('}', colon);
    if (open != std::string::npos && close != std::string::npos && close > open) {
      return {Values::words, split(std::string_view(type_name).substr(open + 1, close - open - 1), ',')};
    }
  }
  if (type == "KIND") {
    std::vector<std::string> kinds;
    for (auto kind : known_kinds()) {
      if (option != "--kind" || is_case_kind(kind)) { // due --kind: only cases have deadlines
        kinds.emplace_back(kind);
      }
    }
    return {Values::words, kinds};
  }
  if (type == "FMT") {
    return {Values::words, {"text", "json", "markdown", "csv", "junit", "sarif", "github", "ical", "xlsx"}};
  }
  if (type == "STATUS") {
    std::vector<std::string> states;
    for (auto state :
         {due::State::overdue, due::State::due_soon, due::State::open, due::State::late, due::State::done}) {
      states.emplace_back(due::to_string(state));
    }
    return {Values::words, states};
  }
  if (type == "SHELL") {
    std::vector<std::string> shells(completion_shells().begin(), completion_shells().end());
    return {Values::words, shells};
  }
  if (type == "ID") {
    return {Values::words, builtin_ids()};
  }
  if (type == "ID|FILE") {
    // --calendar takes a calendar, --rubric a rubric, ...
    const auto kind = option.starts_with("--") ? option.substr(2) : std::string_view();
    auto ids = builtin_ids(kind);
    return {Values::words_and_files, ids.empty() ? builtin_ids() : ids};
  }
  if (type == "DIR") {
    return {Values::dirs, {}};
  }
  if (type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos || type == "OLD NEW") {
    return {Values::files, {}};
  }
  return {};
}

Node build(const CLI::App& app, const std::string& path)
{
  Node node;
  node.name = app.get_name();
  node.path = path;
  node.help = app.get_description();
  for (const auto* opt : app.get_options()) {
    if (opt->get_positional()) {
      if (!node.positional) {
        node.positional = completion_of(opt->get_type_name(), "");
      }
      continue;
    }
    Flag flag;
    for (const auto& l : opt->get_lnames()) {
      flag.names.push_back("--" + l);
    }
    for (const auto& s : opt->get_snames()) {
      flag.names.push_back("-" + s);
    }
    flag.help = opt->get_description();
    flag.takes_value = opt->get_items_expected_max() > 0; // 0 for a flag
    if (flag.takes_value) {
      flag.value = completion_of(opt->get_type_name(), flag.names.front());
    }
    node.flags.push_back(std::move(flag));
  }
  for (const auto* sub : app.get_subcommands({})) {
    node.children.push_back(build(*sub, path + " " + sub->get_name()));
    if (path == "qicase") {
      // After a command, --format offers only what that command prints (the innermost flag of a
      // name wins in flags_in_scope); before it, every format.
      Flag format;
      format.names = {"--format"};
      format.help = "output format";
      format.takes_value = true;
      format.value.values = Values::words;
      for (auto f : formats_of(sub->get_name())) {
        format.value.words.emplace_back(f);
      }
      node.children.back().flags.push_back(std::move(format));
    }
  }
  return node;
}

std::string join(const std::vector<std::string>& words, std::string_view sep = " ")
{
  return fmt::format("{}", fmt::join(words, sep));
}

// Single quotes for a shell word: 'it'\''s'.
std::string quote(std::string_view text)
{
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The options of `node` with its ancestors' (global options work after the command too); the
// innermost wins when names repeat (every command has its own --help).
std::vector<const Flag*> flags_in_scope(const std::vector<const Node*>& chain)
{
  std::vector<const Flag*> flags;
  for (auto n = chain.rbegin(); n != chain.rend(); ++n) {
    for (const auto& f : (*n)->flags) {
      const bool seen = std::any_of(flags.begin(), flags.end(),
                                    [&](const Flag* g) { return g->names.front() == f.names.front(); });
      if (!seen) {
        flags.push_back(&f);
      }
    }
  }
  return flags;
}

// Calls f(node, the flags in its scope) for every node, parents first.
void each_in_scope(const Node& root,
                   const std::function<void(const Node&, const std::vector<const Flag*>&)>& f)
{
  std::vector<const Node*> chain;
  const std::function<void(const Node&)> visit = [&](const Node& n) {
    chain.push_back(&n);
    f(n, flags_in_scope(chain));
    for (const auto& c : n.children) {
      visit(c);
    }
    chain.pop_back();
  };
  visit(root);
}

// Every command path but the root's, quoted: "'qicase check'", "'qicase workplan import'".
std::vector<std::string> command_paths(const Node& root)
{
  std::vector<std::string> paths;
  each_in_scope(root, [&](const Node& n, const auto&) {
    if (&n != &root) {
      paths.push_back(quote(n.path));
    }
  });
  return paths;
}

// ---- bash -------------------------------------------------------------------------------

std::string bash_values(const Completion& c, const std::string& cur = "\"$cur\"")
{
  switch (c.values) {
  case Values::none: return "COMPREPLY=()";
  case Values::words: return fmt::format("COMPREPLY=($(compgen -W {} -- {}))", quote(join(c.words)), cur);
  case Values::files:
    return fmt::format("COMPREPLY=($(compgen -f -- {})); compopt -o filenames 2>/dev/null", cur);
  case Values::dirs:
    return fmt::format("COMPREPLY=($(compgen -d -- {})); compopt -o filenames 2>/dev/null", cur);
  case Values::words_and_files:
    return fmt::format(
      "COMPREPLY=($(compgen -W {} -- {}) $(compgen -f -- {})); compopt -o filenames 2>/dev/null",
      quote(join(c.words)), cur, cur);
  }
  return "COMPREPLY=()";
}

std::string bash(const Node& root)
{
  std::string s = "# bash completion for qicase; generated by `qicase completion bash`.\n"
                  "# Load it with: source <(qicase completion bash)\n"
                  "_qicase()\n{\n"
                  "  local cur prev path i w\n"
                  "  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
                  "  prev=\"\"\n"
                  "  [ \"$COMP_CWORD\" -gt 0 ] && prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                  "  path=qicase\n"
                  "  # The command (and nested command) typed so far.\n"
                  "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
                  "    w=\"${COMP_WORDS[i]}\"\n"
                  "    case \"$path $w\" in\n";
  const auto paths = command_paths(root);
  s += fmt::format("      {}) path=\"$path $w\" ;;\n", join(paths, "|"));
  s += "    esac\n  done\n";
  // Values of options, per command path (a flag's value depends on the command it is in).
  s += "  case \"$path\" in\n";
  each_in_scope(root, [&](const Node& n, const std::vector<const Flag*>& flags) {
    s += fmt::format("  {})\n", quote(n.path));
    s += "    case \"$prev\" in\n";
    for (const auto* f : flags) {
      if (f->takes_value) {
        s += fmt::format("      {}) {}; return ;;\n", join(f->names, "|"), bash_values(f->value));
      }
    }
    s += "    esac\n";
    std::vector<std::string> words;
    for (const auto* f : flags) {
      words.insert(words.end(), f->names.begin(), f->names.end());
    }
    s += fmt::format(
      "    if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W {} -- \"$cur\")); return; fi\n",
      quote(join(words)));
    if (!n.children.empty()) {
      std::vector<std::string> names;
      for (const auto& c : n.children) {
        names.push_back(c.name);
      }
      s += fmt::format("    COMPREPLY=($(compgen -W {} -- \"$cur\"))\n", quote(join(names)));
    } else if (n.positional) {
      s += fmt::format("    {}\n", bash_values(*n.positional));
    } else {
      s += "    COMPREPLY=()\n";
    }
    s += "    ;;\n";
  });
  s += "  esac\n}\ncomplete -F _qicase qicase\n";
  return s;
}

// ---- zsh --------------------------------------------------------------------------------

std::string zsh_values(const Completion& c)
{
  switch (c.values) {
  case Values::none: return "_message value";
  case Values::words:
    return fmt::format("compadd -- {}", join([&] {
                         std::vector<std::string> q;
                         for (const auto& w : c.words) {
                           q.push_back(quote(w));
                         }
                         return q;
                       }()));
  case Values::files: return "_files";
  case Values::dirs: return "_files -/";
  case Values::words_and_files: {
    std::vector<std::string> q;
    for (const auto& w : c.words) {
      q.push_back(quote(w));
    }
    return fmt::format("compadd -- {}; _files", join(q));
  }
  }
  return "_message value";
}

// "name:description" for _describe, with the colon in a description escaped.
std::string zsh_item(const std::string& name, const std::string& help)
{
  std::string escaped;
  for (char c : help) {
    if (c == ':') {
      escaped += '\\';
    }
    escaped += c;
  }
  return quote(name + ":" + escaped);
}

std::string zsh(const Node& root)
{
  std::string s = "#compdef qicase\n"
                  "# zsh completion for qicase; generated by `qicase completion zsh`.\n"
                  "# Install it as _qicase in a folder of $fpath, or: source <(qicase completion zsh)\n"
                  "_qicase()\n{\n"
                  "  local cur=\"${words[CURRENT]}\" prev=\"${words[CURRENT-1]}\" path_=qicase i w\n"
                  "  local -a items\n"
                  "  for ((i = 2; i < CURRENT; i++)); do\n"
                  "    w=\"${words[i]}\"\n"
                  "    case \"$path_ $w\" in\n";
  const auto paths = command_paths(root);
  s += fmt::format("      ({}) path_=\"$path_ $w\" ;;\n", join(paths, "|"));
  s += "    esac\n  done\n  case \"$path_\" in\n";
  each_in_scope(root, [&](const Node& n, const std::vector<const Flag*>& flags) {
    s += fmt::format("  ({})\n", quote(n.path));
    s += "    case \"$prev\" in\n";
    for (const auto* f : flags) {
      if (f->takes_value) {
        s += fmt::format("      ({}) {}; return ;;\n", join(f->names, "|"), zsh_values(f->value));
      }
    }
    s += "    esac\n";
    std::vector<std::string> items;
    for (const auto* f : flags) {
      for (const auto& name : f->names) {
        items.push_back(zsh_item(name, f->help));
      }
    }
    s += fmt::format("    if [[ \"$cur\" == -* ]]; then items=({}); _describe option items; return; fi\n",
                     join(items));
    if (!n.children.empty()) {
      std::vector<std::string> commands;
      for (const auto& c : n.children) {
        commands.push_back(zsh_item(c.name, c.help));
      }
      s += fmt::format("    items=({}); _describe command items\n", join(commands));
    } else if (n.positional) {
      s += fmt::format("    {}\n", zsh_values(*n.positional));
    }
    s += "    ;;\n";
  });
  s += "  esac\n}\n"
       "if [ \"$funcstack[1]\" = _qicase ]; then _qicase \"$@\"; else compdef _qicase qicase; fi\n";
  return s;
}

// ---- fish -------------------------------------------------------------------------------

std::string fish_values(const Completion& c)
{
  switch (c.values) {
  case Values::none: return " -x";
  case Values::words: return fmt::format(" -x -a {}", quote(join(c.words)));
  case Values::files: return " -r -F";
  case Values::dirs: return " -x -a '(__fish_complete_directories)'";
  case Values::words_and_files: return fmt::format(" -r -F -a {}", quote(join(c.words)));
  }
  return " -x";
}

std::string fish(const Node& root)
{
  std::string s =
    "# fish completion for qicase; generated by `qicase completion fish`.\n"
    "# Install it as ~/.config/fish/completions/qicase.fish, or: qicase completion fish | source\n"
    "complete -c qicase -e\n"
    // The command path typed so far, as one string: "qicase workplan import".
    "function __qicase_path\n"
    "  set -l path qicase\n"
    "  for w in (commandline -opc)[2..-1]\n"
    "    switch \"$path $w\"\n";
  const auto paths = command_paths(root);
  s += fmt::format("      case {}\n        set path \"$path $w\"\n", join(paths));
  s += "    end\n  end\n  echo $path\nend\n";
  each_in_scope(root, [&](const Node& n, const std::vector<const Flag*>& flags) {
    const auto condition = fmt::format("-n {}",
                                       quote(fmt::format("test (__qicase_path) = {}", quote(n.path))));
    // Files (or kinds, ids) as bare words where the command takes them; nothing otherwise.
    if (!n.children.empty()) {
      s += fmt::format("complete -c qicase {} -f\n", condition);
      for (const auto& c : n.children) {
        s += fmt::format("complete -c qicase {} -a {} -d {}\n", condition, quote(c.name), quote(c.help));
      }
    } else if (n.positional && n.positional->values != Values::files
               && n.positional->values != Values::words_and_files) {
      s += fmt::format("complete -c qicase {}{}\n", condition,
                       n.positional->values == Values::none ? std::string(" -f")
                                                            : fish_values(*n.positional));
    }
    for (const auto* f : flags) {
      std::string names;
      for (const auto& name : f->names) {
        names += name.starts_with("--") ? fmt::format(" -l {}", name.substr(2))
                                        : fmt::format(" -s {}", name.substr(1));
      }
      s += fmt::format("complete -c qicase {}{} -d {}{}\n", condition, names, quote(f->help),
                       f->takes_value ? fish_values(f->value) : std::string());
    }
  });
  return s;
}

} // namespace

const std::vector<std::string_view>& completion_shells()
{
  static const std::vector<std::string_view> k_shells = {"bash", "zsh", "fish"};
  return k_shells;
}

std::optional<std::string> completion_script(const CLI::App& app, std::string_view shell)
{
  const Node root = build(app, "qicase");
  if (shell == "bash") {
    return bash(root);
  }
  if (shell == "zsh") {
    return zsh(root);
  }
  if (shell == "fish") {
    return fish(root);
  }
  return std::nullopt;
}

} // namespace qicase::cli

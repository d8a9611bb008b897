// qicase schema KIND: print the JSON Schema of a kind; --out DIR writes it (or, with --all,
// every kind's) to DIR for editors and other validators.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/audit/audit.hpp>
#include <qicase/cap/cap.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/qcar/qcar.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/report/render.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::cli {

namespace {

// KIND is one the file format knows; else a usage error naming the kinds.
bool known_kind(Runtime& rt, const std::string& kind)
{
  const auto& kinds = known_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) {
    return true;
  }
  rt.usage_error(fmt::format("unknown kind `{}`{}: the kinds are {}", utf8_prefix(kind, 40),
                             did_you_mean(kind, kinds), kinds_in_words()));
  return false;
}

// Shared by schema and new: checks KIND and prints the embedded file `prefix KIND suffix`.
// `schema_dir`: for a starter file, the folder of the schema its modeline names.
void print_kind_file(Runtime& rt, const std::string& kind, std::string_view prefix, std::string_view suffix,
                     std::string_view what, std::string_view schema_dir = {})
{
  if (!rt.prepare(formats_of("schema")) || !known_kind(rt, kind)) {
    return;
  }
  // Editors (yaml-language-server) validate and complete a starter file against its schema.
  const auto modeline = [&] {
    if (!schema_dir.empty()) {
      rt.out() << "# yaml-language-server: $schema=" << schema_dir << "/" << kind << ".schema.json\n";
    }
  };
  if (kind == "audit" && what == "starter file") {
    modeline();
    // A blank audit lists every standard and element of the built-in rubric.
    Diagnostics diags;
    const auto rubric = reference::read_rubric(*Workspace::builtin("cr-delegation"), diags);
    rt.out() << audit::blank_audit(rubric);
    return;
  }
  auto content = data::embedded(fmt::format("{}{}{}", prefix, kind, suffix));
  if (!content) {
    rt.usage_error(fmt::format("qicase has no {} for kind `{}` yet", what, kind));
    return;
  }
  // The template's own modeline points into the source tree (for editing it there); the
  // starter file names `schema_dir` instead.
  std::string_view body = *content;
  constexpr std::string_view k_modeline = "# yaml-language-server:";
  if (what == "starter file" && body.starts_with(k_modeline)) {
    const auto eol = body.find('\n');
    body = eol == std::string_view::npos ? std::string_view() : body.substr(eol + 1);
  }
  modeline();
  rt.out() << body;
}

struct SchemaOptions
{
  std::string kind;
  bool all = false;
  std::string out;
};

// Writes the schema of each kind in `kinds` to DIR/KIND.schema.json (creating DIR), and names
// each file written on stdout. These are qicase's own outputs, never a case file: an existing
// schema file is replaced.
void write_schemas(Runtime& rt, const std::vector<std::string>& kinds, const std::string& dir)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    rt.usage_error(
      fmt::format("--out {}: cannot create the folder{}", dir, ec ? ": " + ec.message() : std::string()));
    return;
  }
  for (const auto& kind : kinds) {
    const auto content = data::embedded(fmt::format("schemas/{}.schema.json", kind));
    const auto path = (std::filesystem::path(dir) / (kind + ".schema.json")).string();
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << *content;
    file.close();
    if (!file) {
      rt.usage_error(fmt::format("--out {}: cannot write {}", dir, path));
      return;
    }
    rt.out() << path << "\n";
  }
}

} // namespace

void setup_schema(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<SchemaOptions>();
  cmd.add_option("kind", opts->kind, fmt::format("{}", fmt::join(known_kinds(), ", ")))->type_name("KIND");
  cmd.add_flag("--all", opts->all, "every kind's schema and the configuration's (with --out)");
  cmd.add_option("--out", opts->out, "write KIND.schema.json files into DIR (created if missing)")
    ->type_name("DIR");
  cmd.callback([&rt, opts] {
    if (opts->all == !opts->kind.empty()) {
      rt.usage_error("name one KIND, or --all with --out DIR");
      return;
    }
    if (opts->all && opts->out.empty()) {
      rt.usage_error("--all writes one file per kind: add --out DIR");
      return;
    }
    if (opts->out.empty()) {
      print_kind_file(rt, opts->kind, "schemas/", ".schema.json", "JSON Schema");
      return;
    }
    if (!rt.prepare(formats_of("schema")) || (!opts->all && !known_kind(rt, opts->kind))) {
      return;
    }
    std::vector<std::string> kinds;
    for (auto k : known_kinds()) {
      if ((opts->all || k == opts->kind) && data::embedded(fmt::format("schemas/{}.schema.json", k))) {
        kinds.emplace_back(k);
      }
    }
    if (kinds.empty()) {
      rt.usage_error(fmt::format("qicase has no JSON Schema for kind `{}` yet", opts->kind));
      return;
    }
    if (opts->all) {
      kinds.emplace_back("qicase-config"); // .qicase.yaml's, for editors too (qicase-config(5))
    }
    write_schemas(rt, kinds, opts->out);
  });
}

namespace {

// The folder of the schemas a starter's modeline names: --schema-dir as given ("none": no
// modeline); else `schema-dir:` of .qicase.yaml, which is relative to the configuration, so
// written relative to the folder qicase runs in, where the new file is saved
// (`../../schemas` two folders down); else the installed schemas. Never the build tree of the
// binary: "" (no modeline) when none is known.
std::string modeline_dir(Runtime& rt, const std::string& given)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string dir = given;
  if (dir.empty() && rt.config().schema_dir) {
    dir = rt.config().schema_dir->value;
    const bool url = dir.find("://") != std::string::npos;
    if (!url && !fs::path(dir).is_absolute()) {
      const auto target = (fs::path(rt.config().folder) / dir).lexically_normal();
      dir = fs::absolute(target, ec).lexically_relative(fs::current_path(ec)).generic_string();
    }
  }
  if (dir.empty() && fs::is_directory(k_schema_dir, ec)) {
    dir = k_schema_dir;
  }
  if (dir == "none") {
    return {};
  }
  while (dir.size() > 1 && dir.back() == '/') {
    dir.pop_back();
  }
  return dir;
}

// `new qcar|cap --answers NOTICE`: the notice (an id, from the folder qicase runs in and its
// parents, or its file), read and judged as the run would, and the kind's starter from it.
void answer(Runtime& rt, const std::string& kind, const std::string& notice_name, const std::string& dir)
{
  if (kind != "qcar" && kind != "cap") {
    rt.usage_error(fmt::format("--answers writes a starter that answers a notice: give qcar or cap, not {}",
                               escape_line(utf8_prefix(kind, 40))));
    return;
  }
  Workspace ws;
  Diagnostics diags(notice_name);
  const auto named = reference::find_named(ws, "--answers", notice_name, "notice",
                                           "run it in the notice's folder, or name the notice's file", diags);
  for (const auto& d : diags.items()) {
    rt.err() << report::diagnostic_line(d, rt.color());
  }
  if (named.doc == nullptr) {
    rt.raise(2);
    return;
  }
  const auto cal = rt.calendar(ws);
  if (!cal) {
    return;
  }
  Context ctx{ws, rt.as_of(), cal, rt.config().policy ? rt.config().policy->value : "lre-4.9a"};
  const auto read = notice::read_once(*named.doc, ctx);
  for (const auto& d : read->diags.items()) {
    rt.err() << report::diagnostic_line(d, rt.color()); // what the notice itself lacks
  }
  const auto& n = read->notice;
  const std::string delegate = !n.recipient_delegate.empty() ? n.recipient_delegate : std::string();
  if (!dir.empty()) {
    rt.out() << "# yaml-language-server: $schema=" << dir << "/" << kind << ".schema.json\n";
  }
  rt.out() << (kind == "qcar" ? qcar::starter(n, ctx, delegate) : cap::starter(n, ctx, delegate));
}

} // namespace

void setup_new(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<SchemaOptions>();
  auto answers = std::make_shared<std::string>();
  cmd.add_option("kind", opts->kind, fmt::format("{}", fmt::join(known_kinds(), ", ")))
    ->required()
    ->type_name("KIND");
  cmd
    .add_option("--schema-dir", opts->out,
                "the folder or URL of the schemas the editor modeline names (default: schema-dir of "
                ".qicase.yaml, else the installed ones; none: no modeline)")
    ->type_name("DIR");
  cmd
    .add_option("--answers", *answers,
                "qcar or cap: a starter that answers this notice (its id, or its file): one action or "
                "deficiency per finding, its deadlines as comments")
    ->type_name("NOTICE");
  cmd.callback([&rt, opts, answers] {
    if (!rt.prepare(formats_of("new"))) { // reads .qicase.yaml (its schema-dir)
      return;
    }
    const auto dir = modeline_dir(rt, opts->out);
    if (!answers->empty()) {
      if (known_kind(rt, opts->kind)) {
        answer(rt, opts->kind, *answers, dir);
      }
      return;
    }
    print_kind_file(rt, opts->kind, "data/templates/", ".yaml", "starter file", dir);
  });
}

} // namespace qicase::cli

// qicase schema KIND: print the JSON Schema of a kind.
#include <ostream>

#include <fmt/format.h>

#include <cli/commands/commands.hpp>
#include <qicase/audit/audit.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/workspace/workspace.hpp>
#include <qicase/workspace/document.hpp>

namespace qicase::cli {

namespace {

// Shared by schema and new: checks KIND and prints the embedded file `prefix KIND suffix`.
void print_kind_file(Runtime& rt, const std::string& kind, std::string_view prefix,
                     std::string_view suffix, std::string_view what)
{
  if (!rt.prepare({"text"})) {
    return;
  }
  bool known = false;
  for (auto k : known_kinds()) {
    known = known || k == kind;
  }
  if (!known) {
    rt.usage_error(fmt::format("unknown kind `{}`{}: the kinds are notice, qcar, cap, "
                               "actionplan, audit, workplan, policy, program, rubric, calendar",
                               kind.substr(0, 40), did_you_mean(kind, known_kinds())));
    return;
  }
  if (kind == "audit" && what == "starter file") {
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
  rt.out() << *content;
}

struct KindOption
{
  std::string kind;
};

} // namespace

void setup_schema(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<KindOption>();
  cmd.add_option("kind", opts->kind, "notice, policy, calendar, ...")->required()->type_name("KIND");
  cmd.callback([&rt, opts] {
    print_kind_file(rt, opts->kind, "schemas/", ".schema.json", "JSON Schema");
  });
}

void setup_new(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<KindOption>();
  cmd.add_option("kind", opts->kind, "notice, policy, calendar, ...")->required()->type_name("KIND");
  cmd.callback([&rt, opts] {
    print_kind_file(rt, opts->kind, "data/templates/", ".yaml", "starter file");
  });
}

} // namespace qicase::cli

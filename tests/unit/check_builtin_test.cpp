#include <doctest/doctest.h>

#include <qicase/check/kinds.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/workspace/workspace.hpp>

using namespace qicase;

TEST_CASE("each built-in file is named after its id, so built-ins load one at a time")
{
  REQUIRE(Workspace::builtins().size() == 5);
  for (const auto& doc : Workspace::builtins()) {
    CAPTURE(doc->path);
    CHECK(doc->path == "builtin/" + doc->id + ".yaml");
    CHECK(doc->load.items().empty());
    CHECK(Workspace::builtin(doc->id) != nullptr);
  }
  CHECK(Workspace::builtin("no-such-id") == nullptr);
  CHECK(Workspace::builtin("../templates/notice") == nullptr);
}

TEST_CASE("a policy file takes what it leaves out from the built-in policy's data, not from code")
{
  const auto& builtin = reference::default_policy();
  CHECK(builtin.id == "lre-4.9a");
  CHECK(builtin.qcar_max_timeframe.str() == "30d"); // 4.9A D.3, as data/builtin/lre-4.9a.yaml says
  CHECK(builtin.cap_reasonable_time.str() == "90d");
  CHECK(builtin.cap_report_grace.str() == "5bd");
  CHECK(builtin.cap_categories.size() == 5);
  auto doc = parse_document("mine.yaml", "", "kind: policy\nid: mine\nqcar: {max_timeframe: 20d}\n");
  Diagnostics diags;
  const auto mine = reference::read_policy(*doc, diags);
  CHECK(diags.items().empty());
  CHECK(mine.id == "mine");
  CHECK(mine.qcar_max_timeframe.str() == "20d");
  CHECK(mine.cap_reasonable_time.str() == "90d");
  CHECK(mine.cap_categories == builtin.cap_categories);
}

TEST_CASE("the kinds the file format knows are the kind table's names: case kinds first, each once")
{
  const auto& table = check::kind_table();
  const auto& kinds = known_kinds();
  REQUIRE(table.size() == kinds.size());
  bool references = false;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    CAPTURE(kinds[i]);
    CHECK(table[i].name == kinds[i]);
    CHECK(static_cast<bool>(table[i].run));
    CHECK(check::find_kind(kinds[i]) == &table[i]); // no name twice
    const bool case_kind = is_case_kind(kinds[i]);
    CHECK_FALSE((references && case_kind)); // messages list the case kinds first
    references = references || !case_kind;
    // A case kind is evaluated: it gives `diff` its figures and the portfolio its part, and it
    // has a command.
    CHECK(static_cast<bool>(table[i].figures) == case_kind);
    CHECK(static_cast<bool>(table[i].part) == case_kind);
    CHECK(check::command_of(kinds[i]).empty() == !case_kind);
  }
  CHECK(kinds_in_words(" or ")
        == "notice, qcar, cap, actionplan, audit, workplan, policy, program, rubric, calendar or delegate");
  CHECK_FALSE(is_case_kind("Deployment"));
}

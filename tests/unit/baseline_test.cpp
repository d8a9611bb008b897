// Baselines of known findings (check --baseline): keys by item, not line; counts; file
// problems never baselined; what the baseline writes reads back.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include <qicase/check/baseline.hpp>
#include <qicase/yaml/loader.hpp>
#include <qicase/yaml/node.hpp>

using namespace qicase;

namespace {

yaml::Node tree(std::string_view text)
{
  Diagnostics diags;
  auto root = yaml::parse(text, diags);
  REQUIRE(root);
  return *root;
}

Diagnostic finding(std::string rule, std::string item, Severity severity = Severity::error)
{
  Diagnostic d;
  d.path = "cases/q's \"1\".yaml";
  d.mark = {3, 5};
  d.severity = severity;
  d.rule = std::move(rule);
  d.item = std::move(item);
  d.message = "m";
  return d;
}

check::FileResult result(std::vector<Diagnostic> items)
{
  check::FileResult r;
  r.path = "cases/q's \"1\".yaml";
  r.diags = Diagnostics(r.path);
  for (auto& d : items) {
    r.diags.add(std::move(d));
  }
  return r;
}

} // namespace

TEST_CASE("item_path names a place by keys and item ids, not lines")
{
  const auto root = tree(
    "kind: cap\nid: C\ndeficiencies:\n  - id: D1\n    actions:\n      - {id: A1, due: 2024-01-01}\n"
    "      - id: A2\n        due: 2024-02-01\n  - description: no id\n    root_cause: x\n");
  CHECK(yaml::item_path(root, {1, 1}) == ""); // the mapping at the top
  CHECK(yaml::item_path(root, {2, 5}) == "id");
  CHECK(yaml::item_path(root, {6, 22}) == "deficiencies[D1].actions[A1].due");
  CHECK(yaml::item_path(root, {8, 14}) == "deficiencies[D1].actions[A2].due");
  CHECK(yaml::item_path(root, {10, 17}) == "deficiencies[2].root_cause"); // no id: its position
  CHECK(yaml::item_path(root, {99, 1}) == "deficiencies[2].root_cause");  // past the end: the last
}

TEST_CASE("a baseline knows findings by file, case, rule and item, as many times as counted")
{
  std::vector<check::FileResult> results;
  results.push_back(result({finding("qcar.due-late", "actions[F1].due"), finding("cap.progress", "d[D1]"),
                            finding("cap.progress", "d[D1]"), finding("field.unknown", "")}));
  const auto text = check::render_baseline(results);
  CHECK(text.find("field.unknown") == std::string::npos); // a file problem is never baselined
  CHECK(text.find("count: 2") != std::string::npos);

  const std::string path = "baseline-test.yaml";
  {
    std::ofstream out(path);
    out << text;
  }
  Diagnostics diags(path);
  auto baseline = check::read_baseline(path, diags);
  std::remove(path.c_str());
  REQUIRE(baseline);
  CHECK(diags.items().empty());
  REQUIRE(baseline->entries.size() == 2);
  CHECK(baseline->entries[1].file == "cases/q's \"1\".yaml"); // quoted text reads back exactly

  // The same findings again, one more of cap.progress: that one is new; a file problem fails.
  std::vector<check::FileResult> again;
  again.push_back(result({finding("qcar.due-late", "actions[F1].due"), finding("cap.progress", "d[D1]"),
                          finding("cap.progress", "d[D1]"), finding("cap.progress", "d[D1]"),
                          finding("field.unknown", "")}));
  const auto absent = check::apply_baseline(again, *baseline);
  CHECK(absent.empty());
  std::vector<BaselineState> states;
  for (const auto& d : again[0].diags.items()) {
    states.push_back(d.baseline);
  }
  CHECK(states
        == std::vector<BaselineState>{BaselineState::unchanged, BaselineState::unchanged,
                                      BaselineState::unchanged, BaselineState::new_finding,
                                      BaselineState::none});
  CHECK(again[0].diags.status(false) == Status::invalid);

  // Fixed: nothing left but known findings, the run passes; a finding gone is absent.
  std::vector<check::FileResult> fixed;
  fixed.push_back(result({finding("cap.progress", "d[D1]")}));
  const auto gone = check::apply_baseline(fixed, *baseline);
  CHECK(fixed[0].diags.status(true) == Status::ok);
  REQUIRE(gone.size() == 2);
  CHECK(gone[0].rule == "cap.progress");
  CHECK(gone[0].count == 1);
  CHECK(gone[1].rule == "qcar.due-late");
}

TEST_CASE("a baseline that lists a file problem or no version is refused")
{
  const std::string path = "baseline-bad-test.yaml";
  {
    std::ofstream out(path);
    out << "findings:\n  - {file: a.yaml, rule: yaml.syntax}\n";
  }
  Diagnostics diags(path);
  auto baseline = check::read_baseline(path, diags);
  std::remove(path.c_str());
  CHECK_FALSE(baseline);
  CHECK(diags.has_errors());
}

// core/findings: a case's findings and the file problems that left parts unread, split once in
// the order found, as the report lists them and the text and markdown show them.
#include <doctest/doctest.h>

#include <qicase/core/findings.hpp>

using namespace qicase;

namespace {

Diagnostics sample()
{
  Diagnostics diags("q.yaml");
  diags.error({7, 3}, "qcar.due-late", "due after the deadline");
  diags.error({2, 1}, "field.type", "`notice` must be text");
  diags.warning({4, 5}, "yaml.duplicate-key", "a warning about the file's form");
  diags.error({9, 3}, "qcar.due-late", "another action due late");
  diags.error({5, 1}, "qcar.monitor", "no monitor");
  return diags;
}

} // namespace

TEST_CASE("findings: split by the rule's class, in the order found; a warning about the form is neither")
{
  const auto diags = sample();
  const auto found = found_in(diags);
  REQUIRE(found.findings.size() == 3);
  CHECK(found.findings[0].rule == "qcar.due-late");
  CHECK(found.findings[0].mark.line == 7);
  CHECK(found.findings[1].mark.line == 9);
  CHECK(found.findings[2].rule == "qcar.monitor");
  REQUIRE(found.unread.size() == 1);
  CHECK(found.unread[0].rule == "field.type");
}

TEST_CASE("findings: a run's later sort by line does not reorder what was found")
{
  auto diags = sample();
  const auto found = found_in(diags);
  diags.sort();
  CHECK(diags.items().front().rule == "field.type");
  CHECK(found.findings.front().mark.line == 7);
}

TEST_CASE("findings: text lists each rule once with its clause and count, then what was left unread")
{
  const auto found = found_in(sample());
  CHECK(text_findings(found)
        == "  findings     3: qcar.due-late (4.9A D.3) x2, qcar.monitor (4.9A E)\n"
           "  unread       1 part of the file could not be read and is left out (see "
           "the errors above)\n");
  CHECK(text_findings(Found{}).empty());
  CHECK(text_heading("q.yaml", "Q-1", "overdue") == "q.yaml: Q-1  overdue\n");
  CHECK(text_not_reported("q.yaml") == "q.yaml: not reported: fix the errors above\n");
}

TEST_CASE("findings: markdown escapes the message and names where each is")
{
  Diagnostics diags("a|b.yaml");
  diags.error({3, 2}, "qcar.monitor", "no <b>monitor</b> | add one");
  const auto md = markdown_findings("a|b.yaml", "", found_in(diags), 2);
  CHECK(md.starts_with("## Findings: a\\|b.yaml\n\n"));
  CHECK(md.find("`a|b.yaml:3:2` error `qcar.monitor` (4.9A E): ") != std::string::npos);
  CHECK(md.find("<b>") == std::string::npos);
  CHECK(md.find("(4.9A E): no &lt;b>monitor&lt;/b> \\| add one\n") != std::string::npos);
  CHECK(markdown_findings("x", "X", Found{}).empty());
}

TEST_CASE("findings: the report's arrays carry rule, clause, severity, item, line, column, message")
{
  json::Value report = json::Value::object();
  attach_findings(report, found_in(sample()));
  const auto dump = report.dump();
  CHECK(
    dump.find(
      R"("findings":[{"rule":"qcar.due-late","clause":"4.9A D.3","severity":"error","item":"","line":7,"column":3,"message":"due after the deadline"})")
    != std::string::npos);
  CHECK(dump.find(R"("unread":[{"rule":"field.type","line":2,"column":1,"message":"`notice` must be text"}])")
        != std::string::npos);
}

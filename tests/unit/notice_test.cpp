#include <doctest/doctest.h>

#include <memory>

#include <qicase/check/run.hpp>
#include <qicase/notice/notice.hpp>

#include "helpers.hpp"

using namespace qicase;
using qicase::test::d;
using qicase::test::replace;
using qicase::test::where;

namespace {

const char* k_notice = R"(kind: notice
id: NNC-1
issuer: Example Regional Entity
recipient: {name: Harbor, type: member}
issued: 2024-03-04
findings:
  - id: F1
    summary: Late incidents
    category: critical-incident
    basis: Contract 7.3
    evidence: [Q4 log]
response: {required: cap, within: 10bd}
contest: {allowed: true}
)";

struct Run
{
  std::vector<check::FileResult> results;
  const json::Value& report(std::size_t i = 0) const { return results[i].report; }
  std::string field(std::string_view key, std::size_t i = 0) const { return report(i).find(key)->text(); }
};

Run check_docs(std::vector<std::shared_ptr<Document>> docs, std::string_view as_of,
               std::string_view kind = "")
{
  Workspace ws(std::move(docs));
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  const Request request{.kind = std::string(kind)};
  Context ctx{ws, d(as_of), cal, "lre-4.9a", request};
  return Run{check::run(ctx, 2).results};
}

} // namespace

TEST_CASE("notice: response due by business days, status by --as-of")
{
  auto run = check_docs({test::doc(k_notice)}, "2024-03-10");
  CHECK(run.results[0].diags.items().empty());
  CHECK(run.field("response_due") == "2024-03-18");
  CHECK(run.field("contest_by") == "2024-03-18");
  CHECK(run.field("status") == "awaiting-response");
  CHECK(run.field("days_to_due") == "8");
  CHECK(run.report().find("responded")->is_null());

  auto due_day = check_docs({test::doc(k_notice)}, "2024-03-18");
  CHECK(due_day.field("status") == "awaiting-response");
  CHECK(due_day.field("days_to_due") == "0");
  auto late = check_docs({test::doc(k_notice)}, "2024-03-19");
  CHECK(late.field("status") == "overdue");
  CHECK(late.field("days_to_due") == "-1");
}

TEST_CASE("notice: responded from any file naming it with a submitted date")
{
  auto response = test::doc("kind: qcar\nid: Q-1\nnotice: NNC-1\nsubmitted: 2024-03-15\n", "qcar.yaml");
  auto run = check_docs({test::doc(k_notice, "notice.yaml"), response}, "2024-03-20", "notice");
  REQUIRE(run.results.size() == 1);
  CHECK(run.field("status") == "responded");
  CHECK(run.field("responded") == "2024-03-15");
  CHECK(run.field("responded_by") == "Q-1");
  // Judged as of a day before the submission, the response has not happened yet.
  auto before = check_docs({test::doc(k_notice, "notice.yaml"), response}, "2024-03-14", "notice");
  CHECK(before.field("status") == "awaiting-response");
}

TEST_CASE("notice: contested and closed")
{
  auto contested = replace(k_notice, "contest: {allowed: true}",
                           "contest: {allowed: true, filed: 2024-03-08}");
  CHECK(check_docs({test::doc(contested)}, "2024-03-20").field("status") == "contested");
  auto withdrawn = replace(k_notice, "contest: {allowed: true}",
                           "contest: {allowed: true, filed: 2024-03-08, outcome: withdrawn}");
  CHECK(check_docs({test::doc(withdrawn)}, "2024-03-20").field("status") == "closed");
  auto closed = std::string(k_notice) + "closed: 2024-04-01\n";
  CHECK(check_docs({test::doc(closed)}, "2024-03-20").field("status") == "overdue");
  CHECK(check_docs({test::doc(closed)}, "2024-04-01").field("status") == "closed");
}

TEST_CASE("notice: B.1-B.3 and C are errors, L categories a warning")
{
  const char* bad = R"(kind: notice
id: NNC-2
issuer: X
recipient: {name: Y, type: member}
issued: 2024-03-04
findings:
  - id: F1
    summary: s
    category: critical-incident
  - id: F1
    summary: t
    category: safety
    basis: b
    evidence: []
response: {required: qcar, within: 14d, due: 2024-03-20}
contest: {allowed: false}
)";
  auto run = check_docs({test::doc(bad)}, "2024-03-10");
  std::vector<std::string> got;
  for (const auto& x : run.results[0].diags.items()) {
    got.push_back(std::to_string(x.mark.line) + ":" + std::to_string(x.mark.column) + " " + x.rule);
  }
  CHECK(got
        == std::vector<std::string>{
          "7:5 notice.basis",        // B.1
          "7:5 notice.evidence",     // B.1
          "7:5 notice.cap-category", // critical-incident answered by a QCAR (L.4)
          "10:9 notice.finding-id", "12:15 field.choice", "14:15 notice.evidence",
          "15:46 notice.response-date", // B.2: within and due
          "16:20 notice.contest",       // B.3
        });
}

TEST_CASE("notice: missing sections name the clause")
{
  auto run = check_docs({test::doc("kind: notice\nid: NNC-3\n")}, "2024-03-10");
  std::vector<std::string> rules;
  for (const auto& x : run.results[0].diags.items()) {
    rules.push_back(x.rule);
  }
  CHECK(rules
        == std::vector<std::string>{"notice.issuer", "notice.recipient", "notice.issued", "notice.findings",
                                    "notice.response", "notice.contest"});
  CHECK(run.results[0].diags.items()[5].message
        == "the notice has no `contest`: add `contest: {allowed: true}`: the notice must state the "
           "recipient's opportunity to contest the findings (4.9A B.3)");
}

TEST_CASE("notice: a dangling or mistyped policy reference is an error")
{
  auto dangling = replace(k_notice, "issuer:", "policy: nope\nissuer:");
  auto run = check_docs({test::doc(dangling)}, "2024-03-10");
  CHECK(where(run.results[0].diags) == std::vector<std::string>{"3:9 ref.dangling"});
  auto calendar_as_policy = replace(k_notice, "issuer:", "policy: us-federal\nissuer:");
  run = check_docs({test::doc(calendar_as_policy)}, "2024-03-10");
  CHECK(where(run.results[0].diags) == std::vector<std::string>{"3:9 ref.kind"});
}

TEST_CASE("notice: a user's policy overrides the built-in CAP categories")
{
  auto policy = test::doc("kind: policy\nid: mine\nnotice: {cap_categories: [safety-risk]}\n", "p.yaml");
  auto qcar = replace(replace(k_notice, "issuer:", "policy: mine\nissuer:"), "required: cap",
                      "required: qcar");
  auto run = check_docs({test::doc(qcar), policy}, "2024-03-10");
  CHECK(run.results[0].diags.items().empty()); // critical-incident is not a CAP category here
}

TEST_CASE("check: duplicate ids across files")
{
  auto a = test::doc(k_notice, "a.yaml");
  auto b = test::doc(k_notice, "b.yaml");
  auto run = check_docs({a, b}, "2024-03-10");
  CHECK(run.results[0].diags.items().empty());
  REQUIRE(run.results[1].diags.items().size() == 1);
  CHECK(run.results[1].diags.items()[0].message
        == "id `NNC-1` is already used by a.yaml:2: ids are unique in a repository; rename one");
}

TEST_CASE("letters hold basis, evidence, response date and the right to contest")
{
  auto doc = test::doc(k_notice);
  Workspace ws({doc});
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  Context ctx{ws, d("2024-03-10"), cal};
  Diagnostics diags;
  auto n = notice::read_notice(*doc, ctx, diags);
  const auto letter = notice::render_letter(n);
  CHECK(letter.find("**Statutory or regulatory basis:** Contract 7.3") != std::string::npos);
  CHECK(letter.find("  - Q4 log") != std::string::npos);
  CHECK(letter.find("by **March 18, 2024** with a Corrective Action Plan (CAP)") != std::string::npos);
  CHECK(
    letter.find("You may contest these findings by writing to Example Regional Entity by **March 18, 2024**")
    != std::string::npos);
}

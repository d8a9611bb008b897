#include <doctest/doctest.h>

#include <memory>

#include <qicase/check/run.hpp>
#include <qicase/core/findings.hpp>
#include <qicase/qcar/qcar.hpp>

#include "helpers.hpp"

using namespace qicase;
using qicase::test::d;
using qicase::test::replace;

namespace {

const char* const k_notice = test::k_qcar_notice;

std::string qcar_text(std::string extra = "", std::string actions = "", std::string evidence = "")
{
  if (actions.empty()) {
    actions = "  - {finding: F1, action: Retrain, measure: Share on time, due: 2024-03-29}\n"
              "  - {finding: F2, action: Restore logs, measure: Logs complete, due: 2024-03-29}\n";
  }
  return "kind: qcar\nid: Q-1\nnotice: NNC-1\nsubmitted: 2024-03-15\n"
         "monitor: {area: quality, staff: QI Manager}\nactions:\n"
         + actions + evidence + extra;
}

struct Result
{
  Diagnostics diags;
  qcar::Qcar qcar;
  qcar::Result result; // the typed evaluation the report renders
  json::Value report;
  std::string field(std::string_view key) const { return report.find(key)->text(); }
  std::vector<std::string> rules() const { return test::rules(diags); }
};

Result run(const std::string& qcar, std::string_view as_of = "2024-03-20",
           const std::string& notice = k_notice, const std::string& policy = "")
{
  std::vector<std::shared_ptr<Document>> docs{test::doc(notice, "notice.yaml"), test::doc(qcar, "qcar.yaml")};
  if (!policy.empty()) {
    docs.push_back(test::doc(policy, "policy.yaml"));
  }
  Workspace ws(docs);
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  Context ctx{ws, d(as_of), cal};
  Result r;
  r.diags = Diagnostics("qcar.yaml");
  r.qcar = qcar::read_qcar(*docs[1], ctx, r.diags);
  r.result = qcar::evaluate(r.qcar, ctx);
  r.report = qcar::to_json(r.qcar, r.result);
  return r;
}

} // namespace

TEST_CASE("qcar: the deadline is the notice's date plus the policy's 30 days (4.9A D.3)")
{
  auto r = run(qcar_text());
  CHECK(r.diags.items().empty());
  CHECK(r.field("deadline") == "2024-04-03");
  CHECK(r.field("extension_valid") == "false");
  CHECK(r.field("response_on_time") == "true");
  CHECK(r.field("status") == "in-progress");
  CHECK(r.field("findings_without_evidence") == "F1, F2");
}

TEST_CASE("qcar: an extension approved on the deadline day is valid, a day after is not")
{
  auto on_time = run(
    qcar_text("extension: {requested: 2024-03-30, approved: 2024-04-03, until: 2024-04-30}\n"));
  CHECK(on_time.diags.items().empty());
  CHECK(on_time.field("extension_valid") == "true");
  CHECK(on_time.field("deadline") == "2024-04-30");
  auto late = run(qcar_text("extension: {requested: 2024-03-30, approved: 2024-04-04, until: 2024-04-30}\n"));
  CHECK(late.rules() == std::vector<std::string>{"qcar.extension-late"});
  CHECK(late.field("extension_valid") == "false");
  CHECK(late.field("deadline") == "2024-04-03");
}

TEST_CASE("qcar: a weekend deadline under each roll rule")
{
  // Issued Thursday 2024-02-08: + 30d = Saturday 2024-03-09.
  const auto notice = replace(k_notice, "issued: 2024-03-04", "issued: 2024-02-08");
  const auto notice_with_policy = replace(notice, "issuer:", "policy: mine\nissuer:");
  auto policy = [](std::string_view roll) {
    return "kind: policy\nid: mine\nqcar: {max_timeframe: 30d, deadline_roll: " + std::string(roll) + "}\n";
  };
  const auto q = qcar_text("", "  - {finding: F1, action: a, measure: m, due: 2024-03-01}\n"
                               "  - {finding: F2, action: a, measure: m, due: 2024-03-01}\n");
  CHECK(run(q, "2024-03-01", notice).field("deadline") == "2024-03-09");
  CHECK(run(q, "2024-03-01", notice_with_policy, policy("none")).field("deadline") == "2024-03-09");
  CHECK(run(q, "2024-03-01", notice_with_policy, policy("following")).field("deadline") == "2024-03-11");
  CHECK(run(q, "2024-03-01", notice_with_policy, policy("preceding")).field("deadline") == "2024-03-08");
}

TEST_CASE("qcar: every finding needs an action (D.1); an action past the deadline is an error (D.3)")
{
  auto r = run(qcar_text("", "  - {finding: F1, action: Retrain, measure: m, due: 2024-04-04}\n"
                             "  - {finding: F3, action: x, measure: m, due: 2024-03-10}\n"));
  CHECK(r.rules() == std::vector<std::string>{"qcar.due-late", "qcar.finding", "qcar.finding-uncovered"});
  CHECK(r.diags.items()[1].message
        == "notice NNC-1 has no finding `F3` (did you mean `F1`?): its findings are F1, F2");
  CHECK(r.field("findings_without_action") == "F2");
}

TEST_CASE("qcar: evidence before the notice is an error, after the deadline a warning (D.4)")
{
  auto r = run(qcar_text("", "",
                         "evidence:\n"
                         "  - {finding: F1, date: 2024-03-01, description: old}\n"
                         "  - {finding: F2, date: 2024-04-05, description: late}\n"),
               "2024-04-10");
  CHECK(r.rules() == std::vector<std::string>{"qcar.evidence-date", "qcar.evidence-late"});
  CHECK(r.field("evidence_late") == "F2");
  // Evidence older than the notice remediates nothing: F1 has none, and the deadline has passed.
  CHECK(r.field("findings_without_evidence") == "F1");
  CHECK(r.field("status") == "overdue");
}

TEST_CASE("qcar: the typed result is what the report and the text renderer show")
{
  auto r = run(qcar_text("", "",
                         "evidence:\n"
                         "  - {finding: F1, date: 2024-03-01, description: old}\n"
                         "  - {finding: F2, date: 2024-04-05, description: late}\n"),
               "2024-04-10");
  CHECK(r.result.status == qcar::Status::overdue);
  CHECK(r.result.evidence_late == std::vector<std::string>{"F2"});
  CHECK(r.result.findings_without_evidence == std::vector<std::string>{"F1"});
  CHECK(r.result.findings_without_action.empty());
  CHECK(r.result.response_on_time == true);
  CHECK(r.result.days_to_deadline == -7);
  CHECK(r.field("days_to_deadline") == "-7");
  const auto found = found_in(r.diags);
  const std::vector<qcar::Shown> shown{{"qcar.yaml", "Q-1", &r.qcar, &r.result, found},
                                       {"broken.yaml", "", nullptr, nullptr, found}};
  const auto text = qcar::render_text(shown);
  CHECK(text.starts_with("qcar.yaml: Q-1  overdue\n  notice       NNC-1 (respond by "));
  CHECK(text.find("  no evidence  F1\n  late         F2\n") != std::string::npos);
  CHECK(text.find("  findings     2: qcar.evidence-date (4.9A D.4), qcar.evidence-late (4.9A D.4)\n")
        != std::string::npos);
  CHECK(text.ends_with("broken.yaml: not reported: fix the errors above\n"));
  // CSV: one row per action; a file not read as a QCAR gives none.
  CHECK(qcar::render_csv(shown)
        == "qcar,notice,finding,action,measure,due\r\nQ-1,NNC-1,F1,Retrain,Share on time,2024-03-29\r\n"
           "Q-1,NNC-1,F2,Restore logs,Logs complete,2024-03-29\r\n");
}

TEST_CASE("qcar: status follows evidence and --as-of")
{
  const auto evidence = "evidence:\n  - {finding: F1, date: 2024-03-25, description: log}\n"
                        "  - {finding: F2, date: 2024-04-01, description: log}\n";
  CHECK(run(qcar_text("", "", evidence), "2024-03-26").field("status") == "in-progress");
  CHECK(run(qcar_text("", "", evidence), "2024-04-01").field("status") == "remediated");
  CHECK(run(qcar_text(), "2024-04-03").field("status") == "in-progress");
  CHECK(run(qcar_text(), "2024-04-04").field("status") == "overdue");
}

TEST_CASE("qcar: a late response and a notice that requires a CAP are warnings")
{
  auto late = run(replace(qcar_text(), "submitted: 2024-03-15", "submitted: 2024-03-19"));
  CHECK(late.rules() == std::vector<std::string>{"qcar.late-response"});
  CHECK(late.field("response_on_time") == "false");
  auto cap_notice = run(qcar_text(), "2024-03-20", replace(k_notice, "required: qcar", "required: cap"));
  CHECK(cap_notice.rules() == std::vector<std::string>{"qcar.notice-requires"});
}

TEST_CASE("qcar: monitoring area and staff are required (E)")
{
  auto r = run(
    replace(qcar_text(), "monitor: {area: quality, staff: QI Manager}", "monitor: {area: finance}"));
  CHECK(r.rules() == std::vector<std::string>{"field.choice", "qcar.monitor"});
}

TEST_CASE("qcar: a deadline moved later is backed only by a valid extension that covers it (4.9A D.3)")
{
  qcar::Qcar q;
  q.original_deadline = d("2024-04-03");
  CHECK_FALSE(qcar::backing(nullptr, q, d("2024-04-03")).backed.has_value()); // within the timeframe
  CHECK(qcar::backing(nullptr, q, d("2024-04-10")).backed == false);          // no extension
  q.extension_approved = d("2024-04-04");
  q.extension_until = d("2024-04-30");
  q.extension_problem = "approved 2024-04-04, after the deadline it extends (2024-04-03)";
  const auto late = qcar::backing(nullptr, q, d("2024-04-10"));
  CHECK(late.backed == false);
  CHECK(late.note.find("after the deadline it extends") != std::string::npos);
  q.extension_valid = true;
  q.extension_problem.clear();
  CHECK(qcar::backing(nullptr, q, d("2024-04-30")).backed == true);
  CHECK(qcar::backing(nullptr, q, d("2024-05-01")).backed == false); // past `until`
  // The timeframe of the version before counts when this one has none (no notice date read).
  qcar::Qcar before;
  before.original_deadline = d("2024-04-12");
  q.original_deadline.reset();
  CHECK_FALSE(qcar::backing(&before, q, d("2024-04-10")).backed.has_value());
}

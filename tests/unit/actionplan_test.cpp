#include <doctest/doctest.h>

#include <memory>

#include <qicase/actionplan/actionplan.hpp>

#include "helpers.hpp"

using namespace qicase;
using namespace qicase::actionplan;
using qicase::test::d;

namespace {

const reference::Program& viip()
{
  static const reference::Program k_program = [] {
    Diagnostics diags;
    return reference::read_program(*Workspace::builtin("viip-2023"), diags);
  }();
  return k_program;
}

std::vector<std::string> checks(std::string goal, std::optional<Hundredths> baseline = 7143,
                                std::optional<Hundredths> target = 8049, bool higher = true,
                                std::string updates = "monthly",
                                std::string source = "Provider Opportunity Report",
                                std::string measure = "Adult Timely Care and Service")
{
  SmartInput in{std::move(goal), std::move(measure), {"Access team"},    baseline, target,
                higher,          std::move(source),  std::move(updates), &viip()};
  std::vector<std::string> out;
  for (const auto& f : smart_checks(in)) {
    out.push_back(f.check);
  }
  return out;
}

const std::string k_good =
  "Our goal is to improve Acme's Adult Timely Care and Service score from 71.43% to 80.49% by "
  "December 31, 2023. The Access team will accomplish this by offering same-day appointments.";

} // namespace

TEST_CASE("a good goal passes every S.M.A.R.T. check")
{
  CHECK(checks(k_good).empty());
}

TEST_CASE("the webinar's own example goal states rates, team and method but no deadline")
{
  const std::string webinar =
    "Our goal is to improve \xe2\x80\x9cX\xe2\x80\x9d IPAs internal encounter timeliness rate from 71.43% to "
    "80.49% (to meet the timeliness threshold) by reviewing TransUnion reports on a weekly basis "
    "with the IT/IS/Encounter teams and by identifying and correcting any issues related to data "
    "submission.";
  CHECK(checks(webinar, 7143, 8049, true, "weekly", "TransUnion Reports", "Encounter timeliness rate")
        == std::vector<std::string>{"time-bound"});
}

TEST_CASE("each S.M.A.R.T. check, one bad sentence at a time")
{
  // specific: who and how
  CHECK(
    checks("Our goal is to improve Adult Timely Care and Service from 71.43% to 80.49% by December 31, 2023.")
    == std::vector<std::string>{"specific"});
  // measurable: the rates the fields hold
  CHECK(checks("Our goal is to improve Adult Timely Care and Service to about 80% by December 31, 2023. "
               "The Access team will accomplish this by offering same-day appointments.")
        == std::vector<std::string>{"measurable"});
  CHECK(checks(k_good, 7100, 8049) == std::vector<std::string>{"measurable"}); // text says 71.43%
  // achievable: direction and size
  CHECK(checks(k_good, 7143, 8049, false) == std::vector<std::string>{"achievable"});
  CHECK(checks("Our goal is to improve Adult Timely Care and Service from 50% to 95% by December 31, 2023. "
               "The Access team will accomplish this by offering same-day appointments.",
               5000, 9500)
        == std::vector<std::string>{"achievable"});
  // relevant: names the measure
  CHECK(checks("Our goal is to improve our scores from 71.43% to 80.49% by December 31, 2023. "
               "The Access team will accomplish this by offering same-day appointments.")
        == std::vector<std::string>{"relevant"});
  // time-bound: a date or month and year
  CHECK(checks("Our goal is to improve Adult Timely Care and Service from 71.43% to 80.49% by June 2024. "
               "The Access team will accomplish this by offering same-day appointments.")
          .empty());
  CHECK(checks("Our goal is to improve Adult Timely Care and Service from 71.43% to 80.49% by Q4 2023. "
               "The Access team will accomplish this by offering same-day appointments.")
          .empty());
  // don'ts: vague, too many goals, yearly baselines
  CHECK(checks(k_good + " We will try to keep improving as much as possible.")
        == std::vector<std::string>{"vague"});
  CHECK(checks(k_good + " Our goal is to also raise Child Ratings of PCP from 60% to 65%.")
        == std::vector<std::string>{"too-many-goals"});
  CHECK(checks(k_good, 7143, 8049, true, "yearly") == std::vector<std::string>{"baseline-yearly"});
  CHECK(checks(k_good, 7143, 8049, true, "", "L.A. Care MY 2022 CG-CAHPS Summary Reports")
        == std::vector<std::string>{"baseline-yearly"});
}

namespace {

struct PlanRun
{
  Diagnostics diags;
  json::Value report;
  std::vector<std::string> rules() const { return test::rules(diags); }
  const json::Value& measure(std::size_t i) const { return report.find("measures")->as_array().at(i); }
};

PlanRun run(const std::string& text, std::string_view as_of, std::vector<std::shared_ptr<Document>> more = {})
{
  auto doc = test::doc(text, "plan.yaml");
  more.insert(more.begin(), doc);
  Workspace ws(more);
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  Context ctx{ws, d(as_of), cal};
  PlanRun r;
  r.diags = Diagnostics("plan.yaml");
  auto plan = read_actionplan(*doc, ctx, r.diags);
  r.report = report(plan, ctx);
  return r;
}

std::string viip_plan(const std::string& me_stages, const std::string& extra_measure = "")
{
  return "kind: actionplan\nid: AP-T\nprogram: viip-2023\norganization: Acme\nlines_of_business:\n"
         "  - lob: Medi-Cal\n    measures:\n"
         "      - domain: member-experience\n        measure: Adult Timely Care and Service\n"
         "        initial:\n          submitted: 2023-07-18\n          goal: \""
         + k_good
         + "\"\n"
           "          baseline: {rate: 71.43%, source: Internal IPA Patient Survey, updates: monthly}\n"
           "          target: {rate: 80.49%, by: 2023-12-31}\n          owners: [Access team]\n"
           "          activities: [{id: a1, activity: Same-day slots}, {id: a2, activity: Reminders}]\n"
         + me_stages
         + "      - domain: hedis\n        measure: Lead Screening in Children\n"
           "        initial:\n          submitted: 2023-07-18\n"
           "          goal: \"Our goal is to raise Lead Screening in Children from 58.20% to 63% by December "
           "31, 2023. "
           "The Pediatrics team will accomplish this by testing at visits.\"\n"
           "          baseline: {rate: 58.20%, source: Provider Opportunity Report}\n"
           "          target: {rate: 63%}\n          owners: [Pediatrics team]\n"
           "          activities: [{id: b1, activity: Testing at visits}]\n"
         + extra_measure;
}

} // namespace

TEST_CASE("stage content: statuses for every activity, barriers need changes, goal_met agrees")
{
  auto r = run(viip_plan("        update:\n          submitted: 2023-10-12\n"
                         "          activities: [{id: a1, status: on-track}, {id: a9, status: done}]\n"
                         "          barriers: [Vendor late]\n"
                         "        final:\n          submitted: 2024-01-17\n          rate: 79%\n"
                         "          activities: [{id: a1, status: done}, {id: a2, status: done}]\n"
                         "          goal_met: true\n          conclusions: Done.\n"),
               "2024-02-01");
  CHECK(r.rules()
        == std::vector<std::string>{"actionplan.activities", "actionplan.status", "actionplan.barriers",
                                    "actionplan.goal-met", "actionplan.changes"});
}

TEST_CASE("measures on the program's list, one per domain group, no duplicates")
{
  const std::string extra =
    "      - domain: member-experience\n        measure: Adult Timely Care and Servce\n"
    "        initial:\n          goal: x\n          baseline: {rate: 1%, source: s}\n"
    "          target: {rate: 2%}\n          owners: [t]\n          activities: [{id: c1, activity: x}]\n";
  auto r = run(viip_plan("", extra), "2023-08-01");
  const auto rules = r.rules();
  CHECK(std::count(rules.begin(), rules.end(), "actionplan.measure") == 1); // not on the list
  CHECK(std::count(rules.begin(), rules.end(), "actionplan.domains") == 1); // two member-experience
  bool suggested = false;
  for (const auto& x : r.diags.items()) {
    suggested = suggested
                || x.message.find("did you mean `Adult Timely Care and Service`") != std::string::npos;
  }
  CHECK(suggested);
}

TEST_CASE("timeliness: days late, missing past due, escalation with the program's path")
{
  auto r = run(viip_plan("        update:\n          submitted: 2023-10-20\n"
                         "          activities: [{id: a1, status: on-track}, {id: a2, status: on-track}]\n"),
               "2023-11-01");
  const auto& stages = *r.measure(0).find("stages");
  CHECK(stages.find("initial")->find("days_late")->text() == "0");
  CHECK(stages.find("update")->find("days_late")->text() == "7");
  CHECK(stages.find("final")->find("days_late")->text() == "0"); // not due yet
  CHECK(r.measure(0).find("escalate")->text() == "true");
  // The HEDIS measure has no update: 19 days past the October 13 deadline.
  CHECK(r.measure(1).find("stages")->find("update")->find("days_late")->text() == "19");
  CHECK(r.report.find("escalation")->as_array().size() == 5);
  auto early = run(viip_plan(""), "2023-10-13");
  CHECK(early.measure(0).find("escalate")->text() == "false");
}

TEST_CASE("progress and goal attainment, judged on what was submitted by --as-of")
{
  const std::string stages =
    "        update:\n          submitted: 2023-10-12\n          rate: 75.10%\n"
    "          activities: [{id: a1, status: on-track}, {id: a2, status: on-track}]\n"
    "        final:\n          submitted: 2024-01-17\n          rate: 80.49%\n"
    "          activities: [{id: a1, status: done}, {id: a2, status: done}]\n"
    "          goal_met: true\n          conclusions: Met.\n";
  auto mid = run(viip_plan(stages), "2023-11-01");
  CHECK(mid.measure(0).find("latest_rate")->text() == "75.10");
  CHECK(mid.measure(0).find("progress")->text() == "0.40"); // 3.67 of 9.06, truncated
  CHECK(mid.measure(0).find("goal_met")->is_null());
  auto end = run(viip_plan(stages), "2024-02-01");
  CHECK(end.measure(0).find("progress")->text() == "1.00");
  CHECK(end.measure(0).find("goal_met")->text() == "true"); // exactly at the target
}

namespace {

const char* k_cquic_notice = R"(kind: notice
id: N-CQ
issuer: Plan Medical Director
recipient: {name: Northshore IPA, type: provider}
issued: 2024-01-08
findings: [{id: F1, summary: Below threshold, category: performance-indicator, basis: MSA Exhibit 3, evidence: [MY 2022 results]}]
measures:
  - {measure: A, rate: 61%}
  - {measure: B, rate: 52%}
  - {measure: C, rate: 55%}
  - {measure: D, rate: 38%}
response: {required: actionplan, within: 2bw}
contest: {allowed: true}
)";

std::string cquic_plan(std::string agreed, std::vector<std::string> measures, std::string estimates,
                       std::string check_ins)
{
  std::string out = "kind: actionplan\nid: CQ-P\nprogram: cquic\norganization: Northshore IPA\nnotice: N-CQ\n"
                    "agreed: "
                    + agreed + "\nsubmitted: " + agreed
                    + "\nlines_of_business:\n  - lob: HMO\n    measures:\n";
  for (const auto& m : measures) {
    out += "      - measure: " + m
           + "\n        initial:\n          goal: g\n"
             "          baseline: {rate: 40%, source: gap list}\n          target: {rate: 45%}\n"
             "          owners: [nurses]\n          activities: [{id: x1, activity: calls}]\n"
           + estimates;
  }
  return out + check_ins;
}

} // namespace

TEST_CASE("coaching: the response within two business weeks, the three lowest, estimates, check-ins")
{
  auto notice = test::doc(k_cquic_notice, "notice.yaml");
  const std::string est =
    "        estimates: [{quarter: 2024-Q1, rate: 41%}, {quarter: 2024-Q2, rate: 42%}]\n";
  const std::string md =
    "check_ins: [{date: 2024-03-12, attendees: [{name: Dr. O, role: IPA Medical Director}]}]\n";
  // Issued Monday 2024-01-08; two business weeks skip MLK Day (01-15): due 2024-01-23.
  auto ok = run(cquic_plan("2024-01-23", {"D", "B", "C"}, est, md), "2024-06-30", {notice});
  std::vector<std::string> errors;
  for (const auto& x : ok.diags.items()) {
    if (x.severity == Severity::error) {
      errors.push_back(x.rule);
    }
  }
  CHECK(errors.empty());
  CHECK(ok.report.find("response_due")->text() == "2024-01-23");
  CHECK(ok.report.find("complaint_risk")->text() == "false");
  CHECK(ok.measure(0).find("improvement")->text() == "2.00");

  auto late = run(cquic_plan("2024-01-24", {"D", "B", "C"}, est, md), "2024-06-30", {notice});
  CHECK(late.report.find("complaint_risk")->text() == "true"); // 27A.6

  auto wrong = run(cquic_plan("2024-01-19", {"D", "B", "A"}, est, md), "2024-06-30", {notice});
  const auto rules = wrong.rules();
  CHECK(std::count(rules.begin(), rules.end(), "cquic.measures")
        == 1); // A (61%) is not among the lowest three

  auto no_estimates = run(cquic_plan("2024-01-19", {"D", "B", "C"}, "", md), "2024-06-30", {notice});
  const auto r2 = no_estimates.rules();
  CHECK(std::count(r2.begin(), r2.end(), "cquic.estimates") == 3);

  auto no_md = run(cquic_plan("2024-01-19", {"D", "B", "C"}, est,
                              "check_ins: [{date: 2024-03-12, attendees: [{name: S, role: QI Manager}]}]\n"),
                   "2024-06-30", {notice});
  const auto r3 = no_md.rules();
  CHECK(std::count(r3.begin(), r3.end(), "cquic.check-ins") == 1); // 27A.5

  // Twelve months after the agreement with no measure improved: complaint risk (27A.7).
  const std::string flat =
    "        estimates: [{quarter: 2024-Q1, rate: 40%}, {quarter: 2024-Q2, rate: 40%}, "
    "{quarter: 2024-Q3, rate: 39%}, {quarter: 2024-Q4, rate: 40%}]\n";
  auto stalled = run(cquic_plan("2024-01-19", {"D", "B", "C"}, flat, md), "2025-01-20", {notice});
  CHECK(stalled.report.find("complaint_risk")->text() == "true");
  auto before = run(cquic_plan("2024-01-19", {"D", "B", "C"}, flat, md), "2025-01-19", {notice});
  CHECK(before.report.find("complaint_risk")->text() == "false");
}

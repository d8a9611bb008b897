#include <doctest/doctest.h>

#include <memory>

#include <qicase/cap/cap.hpp>

#include "helpers.hpp"

using namespace qicase;
using qicase::test::d;

namespace {

std::string cap_text(std::string_view start, std::string_view due, std::string_view monitoring,
                     std::string progress = "", std::string remedied = "null")
{
  return "kind: cap\nid: CAP-1\nopened: 2024-01-02\nmonitor: PNM with QIC\ndeficiencies:\n"
         "  - id: D1\n    description: Indicator below standard\n    root_cause: Fax referrals\n"
         "    actions:\n      - id: A1\n        action: EHR queue\n        owner: Access Manager\n"
         "        start: "
         + std::string(start) + "\n        due: " + std::string(due)
         + "\n        measure: Share screened in 3 days\n        target: \">= 95%\"\n"
           "        monitoring: "
         + std::string(monitoring)
         + "\n        outcome: At standard\n"
           "    progress:\n"
         + (progress.empty() ? "      []\n" : progress) + "    remedied: " + remedied + "\n";
}

struct Result
{
  Diagnostics diags;
  json::Value report;
  const json::Value& deficiency() const { return report.find("deficiencies")->as_array()[0]; }
  std::string field(std::string_view key) const { return deficiency().find(key)->text(); }
};

Result run(const std::string& text, std::string_view as_of)
{
  auto doc = test::doc(text, "cap.yaml");
  Workspace ws({doc});
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  Context ctx{ws, d(as_of), cal};
  Result r;
  r.diags = Diagnostics("cap.yaml");
  auto c = cap::read_cap(*doc, ctx, r.diags);
  r.report = cap::report(c, ctx);
  return r;
}

} // namespace

TEST_CASE("cap: monthly monitoring from January 31 clamps to each month's end")
{
  const auto& cal = test::us_federal();
  auto dates = cap::report_dates(d("2024-01-31"), {1, calendar::Unit::months}, d("2024-06-30"), cal);
  std::vector<std::string> text;
  for (auto x : dates) {
    text.push_back(x.str());
  }
  CHECK(text
        == std::vector<std::string>{"2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"});
  auto r = run(cap_text("2024-01-31", "2024-06-30", "monthly"), "2024-04-15");
  CHECK(r.diags.items().empty());
  // Feb 29 + 5 business days = Mar 7; Mar 31 + 5bd = Apr 5: both missing by Apr 15.
  CHECK(r.field("overdue_reports") == "2024-02-29, 2024-03-31");
  CHECK(r.field("next_report_due") == "2024-04-30");
}

TEST_CASE("cap: a CAP with no report yet has none overdue")
{
  auto r = run(cap_text("2024-03-01", "2024-06-30", "monthly"), "2024-04-05");
  CHECK(r.field("overdue_reports") == "");
  CHECK(r.field("status") == "on-track");
  CHECK(r.field("next_report_due") == "2024-04-01");
  CHECK(r.deficiency().find("latest_value")->is_null());
  // The first report is due 2024-04-01; the grace of 5 business days runs to 2024-04-08.
  CHECK(run(cap_text("2024-03-01", "2024-06-30", "monthly"), "2024-04-08").field("overdue_reports") == "");
  CHECK(run(cap_text("2024-03-01", "2024-06-30", "monthly"), "2024-04-09").field("overdue_reports")
        == "2024-04-01");
}

TEST_CASE("cap: reports inside the grace count; each answers one due date")
{
  const auto progress = "      - {date: 2024-04-05, value: 90%}\n      - {date: 2024-05-01, value: 96%}\n";
  auto r = run(cap_text("2024-03-01", "2024-06-30", "monthly", progress), "2024-06-15");
  CHECK(r.field("overdue_reports") == "2024-06-01");
  CHECK(r.field("latest_value") == "96%");
  // 96% meets the target, but the 2024-06-01 report is missing past its grace: reporting is
  // part of the plan (4.9A F.4), so not on track.
  CHECK(r.field("status") == "at-risk");
  CHECK(run(cap_text("2024-03-01", "2024-06-30", "monthly", progress), "2024-06-07").field("status")
        == "on-track");
  auto at_risk = run(
    cap_text("2024-03-01", "2024-06-30", "monthly", "      - {date: 2024-04-05, value: 90%}\n"),
    "2024-04-10");
  CHECK(at_risk.field("status") == "at-risk"); // 90% misses >= 95%
}

TEST_CASE("cap: a report after its period's grace is that period's, met late; the next needs its own (F.4)")
{
  // Monthly from 2024-03-01: reports due 04-01 and 05-01. The one of 04-20 came after the grace
  // of 04-01: it answers 04-01 (late), not 05-01 (early).
  const auto late = "      - {date: 2024-04-20, value: 96%}\n";
  auto r = run(cap_text("2024-03-01", "2024-06-30", "monthly", late), "2024-05-20");
  CHECK(r.field("overdue_reports") == "2024-05-01");
  CHECK(r.field("status") == "at-risk");
  // The next period's report comes in: nothing is missing, so not at risk for ever.
  const auto both = "      - {date: 2024-04-20, value: 96%}\n      - {date: 2024-05-15, value: 97%}\n";
  r = run(cap_text("2024-03-01", "2024-06-30", "monthly", both), "2024-05-20");
  CHECK(r.field("overdue_reports").empty());
  CHECK(r.field("status") == "on-track");
  // A second report within a period already answered answers nothing more.
  const auto twice = "      - {date: 2024-03-20, value: 96%}\n      - {date: 2024-03-25, value: 97%}\n";
  r = run(cap_text("2024-03-01", "2024-06-30", "monthly", twice), "2024-05-20");
  CHECK(r.field("overdue_reports") == "2024-05-01");
}

TEST_CASE("cap: overdue past due, escalate past due + the reasonable time (4.9A I), remedied on the due date")
{
  const auto quarterly = "      - {date: 2024-06-03, value: 96%}\n";
  CHECK(run(cap_text("2024-03-01", "2024-06-28", "quarterly", quarterly), "2024-06-28").field("status")
        == "on-track");
  // The same day with the 2024-06-01 report missing past its grace: at risk (F.4).
  CHECK(run(cap_text("2024-03-01", "2024-06-28", "quarterly"), "2024-06-28").field("status") == "at-risk");
  CHECK(run(cap_text("2024-03-01", "2024-06-28", "quarterly"), "2024-06-29").field("status") == "overdue");
  auto r = run(cap_text("2024-03-01", "2024-06-28", "quarterly"), "2024-09-27");
  CHECK(r.field("escalate_after") == "2024-09-26");
  CHECK(r.field("status") == "escalate");
  // H: remedied when the CAP proves it (F.2): the measure meets its target by then, and a
  // report backs it. The 2024-06-12 report came after the grace of the 2024-06-01 one.
  const auto proof = "      - {date: 2024-06-12, value: 96%}\n";
  auto remedied = run(cap_text("2024-03-01", "2024-06-28", "quarterly", proof, "2024-06-28"), "2024-12-31");
  CHECK(remedied.diags.items().empty());
  CHECK(remedied.field("status") == "remedied");
  CHECK(remedied.report.find("status")->text() == "closed"); // H: every deficiency remedied
  CHECK(remedied.deficiency().find("next_report_due")->is_null());
  // Monitoring stops at the remedy: the 2024-06-01 report was due, none after; the report of
  // 2024-06-12 is that one, met late (F.4), so none is missing.
  CHECK(remedied.field("overdue_reports").empty());
}

TEST_CASE("cap: a remedy recorded without proof is a finding, and the deficiency stays open (F.2, H)")
{
  // No report at all.
  auto none = run(cap_text("2024-03-01", "2024-06-28", "quarterly", "", "2024-06-28"), "2024-07-01");
  REQUIRE(none.diags.items().size() == 1);
  CHECK(none.diags.items()[0].rule == "cap.remedied");
  CHECK(none.diags.items()[0].message.find("no measurement of A1's target (>= 95%) by then")
        != std::string::npos);
  CHECK(none.field("status") == "overdue");
  CHECK(none.report.find("status")->text() == "open");
  CHECK(none.field("remedy_proven") == "false");
  // A report that misses the target.
  auto short_of = run(cap_text("2024-03-01", "2024-06-28", "quarterly",
                               "      - {date: 2024-06-03, value: 90%}\n", "2024-06-28"),
                      "2024-06-28");
  REQUIRE(short_of.diags.items().size() == 1);
  CHECK(short_of.diags.items()[0].message.find(
          "A1's latest result, 90% on 2024-06-03, does not meet its target >= 95%")
        != std::string::npos);
  CHECK(short_of.field("status") == "at-risk");
}

TEST_CASE("cap: F.1-F.5 are required, an action due before its start is an error")
{
  auto r = run("kind: cap\nid: CAP-2\nopened: 2024-01-02\nmonitor: PNM\ndeficiencies:\n"
               "  - id: D1\n    description: x\n    actions:\n"
               "      - {id: A1, action: y, start: 2024-03-01, due: 2024-02-01, monitoring: fortnightly}\n",
               "2024-03-10");
  std::vector<std::string> rules;
  for (const auto& x : r.diags.items()) {
    rules.push_back(x.rule);
  }
  CHECK(rules
        == std::vector<std::string>{"cap.root-cause", "cap.owner", "cap.measure", "cap.outcome",
                                    "cap.monitoring", "cap.due"});
}

TEST_CASE("cap: targets and intervals")
{
  CHECK(cap::parse_target(">= 95%")->met_by(9500));
  CHECK_FALSE(cap::parse_target(">= 95%")->met_by(9499));
  CHECK(cap::parse_target("\xe2\x89\xa4 5%")->met_by(500));
  CHECK_FALSE(cap::parse_target("< 5")->met_by(500));
  CHECK(cap::parse_target("95%")->met_by(9600));
  CHECK_FALSE(cap::parse_target("two consecutive quarters"));
  CHECK(cap::parse_interval("biweekly") == calendar::Duration{2, calendar::Unit::weeks});
  CHECK(cap::parse_interval("6w") == calendar::Duration{6, calendar::Unit::weeks});
  CHECK_FALSE(cap::parse_interval("0d"));
  CHECK_FALSE(cap::parse_interval("fortnightly"));
}

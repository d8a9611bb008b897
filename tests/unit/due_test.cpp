#include <doctest/doctest.h>

#include <memory>

#include <qicase/check/run.hpp>
#include <qicase/due/due.hpp>

#include "helpers.hpp"

using namespace qicase;
using qicase::test::d;

namespace {

const char* const k_notice = test::k_qcar_notice;

const char* k_qcar = R"(kind: qcar
id: Q-1
notice: NNC-1
submitted: 2024-03-15
monitor: {area: quality, staff: QI Manager}
actions:
  - {finding: F1, action: Retrain, measure: Share on time, due: 2024-03-29, owner: Intake lead}
  - {finding: F2, action: Restore logs, measure: Logs complete, due: 2024-03-29}
evidence:
  - {finding: F1, date: 2024-03-28, description: March log}
  - {finding: F2, date: 2024-03-28, description: Restored logs}
)";

// Runs every given file through the kind table, collecting obligations, as `qicase due` does.
std::vector<check::FileResult> run(const std::vector<std::pair<std::string, std::string>>& files,
                                   std::string_view as_of,
                                   std::optional<calendar::Date> horizon = std::nullopt)
{
  std::vector<std::shared_ptr<Document>> docs;
  for (const auto& [path, text] : files) {
    docs.push_back(test::doc(text, path));
  }
  Workspace ws(docs); // results hold their documents and plain obligations: it may go
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  const Request request{.obligations = true, .horizon = horizon};
  Context ctx{ws, d(as_of), cal, "lre-4.9a", request};
  return check::run(ctx, 1).results;
}

const Obligation* find(const std::vector<check::FileResult>& results, std::string_view key)
{
  for (const auto& r : results) {
    for (const auto& o : r.obligations) {
      if (o.key == key) {
        return &o;
      }
    }
  }
  return nullptr;
}

due::Query query(std::string_view as_of)
{
  due::Query q;
  q.as_of = d(as_of);
  q.to = q.as_of.plus_days(30);
  return q;
}

} // namespace

TEST_CASE("due: a state follows the due date, the grace and --soon")
{
  Obligation o;
  o.due = d("2024-03-18");
  CHECK(due::state_of(o, d("2024-03-01"), 7) == due::State::open);
  CHECK(due::state_of(o, d("2024-03-11"), 7) == due::State::due_soon);
  CHECK(due::state_of(o, d("2024-03-18"), 7) == due::State::due_soon); // due today
  CHECK(due::state_of(o, d("2024-03-19"), 7) == due::State::overdue);
  o.late_after = d("2024-03-25"); // a grace: past due, not yet late
  CHECK(due::state_of(o, d("2024-03-25"), 7) == due::State::due_soon);
  CHECK(due::state_of(o, d("2024-03-26"), 7) == due::State::overdue);
  o.done = true;
  CHECK(due::state_of(o, d("2024-12-31"), 7) == due::State::done);
  CHECK(due::parse_state("due-soon") == due::State::due_soon);
  CHECK(due::parse_state("late") == due::State::late);
  CHECK_FALSE(due::parse_state("later"));
  // Met on a date: done by the due date or within the grace, late after it.
  o.done_on = d("2024-03-25");
  CHECK(due::state_of(o, d("2024-12-31"), 7) == due::State::done);
  o.done_on = d("2024-03-26");
  CHECK(due::state_of(o, d("2024-12-31"), 7) == due::State::late);
  o.late_after.reset();
  o.done_on = d("2024-03-18");
  CHECK(due::state_of(o, d("2024-12-31"), 7) == due::State::done);
  o.done_on = d("2024-03-19");
  CHECK(due::state_of(o, d("2024-12-31"), 7) == due::State::late);
}

TEST_CASE("due: notice and QCAR obligations come from the kinds' own rules, with positions")
{
  auto results = run({{"notice.yaml", k_notice}, {"qcar.yaml", k_qcar}}, "2024-03-30");
  for (const auto& r : results) {
    CAPTURE(r.path);
    CHECK_FALSE(r.diags.has_errors()); // obligations of valid files, not of partial reads
  }
  const Obligation* response = find(results, "response");
  REQUIRE(response != nullptr);
  CHECK(response->case_id() == "NNC-1");
  CHECK(response->kind == "notice");
  CHECK(response->due == d("2024-03-18")); // B.2: issued + 14d
  CHECK(response->done);
  CHECK(response->done_on == d("2024-03-15")); // the QCAR's `submitted`
  CHECK(response->clause == "4.9A B.2");
  CHECK(response->path() == "notice.yaml");
  CHECK(response->mark.line == 9);

  const Obligation* evidence = find(results, "evidence.F1");
  REQUIRE(evidence != nullptr);
  CHECK(evidence->due == d("2024-04-03")); // D.3: 30 days
  CHECK(evidence->done);
  CHECK(evidence->done_on == d("2024-03-28"));

  // Keyed by the finding and a hash of the action's text, not its place in the list.
  const Obligation* action = nullptr;
  for (const auto& r : results) {
    for (const auto& o : r.obligations) {
      if (o.key.str().starts_with("action.F1.") && o.key.size() == std::string("action.F1.").size() + 8) {
        action = &o;
      }
    }
  }
  REQUIRE(action != nullptr);
  CHECK(action->owner == "Intake lead");
  CHECK(action->mark.line == 7);

  // Before the evidence exists, the remediation is still owed.
  auto before = run({{"notice.yaml", k_notice}, {"qcar.yaml", k_qcar}}, "2024-03-27");
  CHECK_FALSE(find(before, "evidence.F1")->done);
}

TEST_CASE("due: the contest date is an opportunity: lapsed is done, never overdue (4.9A B.3)")
{
  auto results = run({{"notice.yaml", k_notice}}, "2024-04-01");
  const Obligation* contest = find(results, "contest");
  REQUIRE(contest != nullptr);
  CHECK(contest->done);
  CHECK(contest->note == "window closed without a contest");
  const Obligation* response = find(results, "response");
  CHECK_FALSE(response->done);
  CHECK(due::state_of(*response, d("2024-04-01"), 7) == due::State::overdue);
}

TEST_CASE("due: CAP monitoring reports run to the horizon and are late only after the grace")
{
  const char* cap = R"(kind: cap
id: CAP-1
opened: 2024-04-01
monitor: QI Council
deficiencies:
  - id: D1
    description: Indicator below standard
    root_cause: Referrals lost between sites
    actions:
      - id: A1
        action: Move scheduling to the EHR queue
        owner: Access Manager
        start: 2024-04-01
        due: 2024-06-30
        measure: Share screened within 3 days
        target: ">= 95%"
        monitoring: monthly
        outcome: Indicator at 95%
    progress:
      - {date: 2024-05-03, value: 88%}
)";
  auto results = run({{"cap.yaml", cap}}, "2024-06-10", d("2024-09-30"));
  const Obligation* may = find(results, "D1.A1.report.2024-05-01");
  REQUIRE(may != nullptr);
  CHECK(may->done);
  const Obligation* june = find(results, "D1.A1.report.2024-06-01");
  REQUIRE(june != nullptr);
  CHECK_FALSE(june->done);
  REQUIRE(june->late_after);
  CHECK(*june->late_after == d("2024-06-07")); // 5 business days of grace (lre-4.9a)
  CHECK(due::state_of(*june, d("2024-06-07"), 7) == due::State::due_soon);
  CHECK(due::state_of(*june, d("2024-06-10"), 7) == due::State::overdue);
  CHECK(find(results, "D1.A1.report.2024-09-01") != nullptr); // up to the horizon
  CHECK(find(results, "D1.A1.report.2024-10-01") == nullptr);
  const Obligation* remedy = find(results, "D1.remedy");
  REQUIRE(remedy != nullptr);
  CHECK(remedy->due == d("2024-09-28")); // last due + 90d (H, I)
  CHECK(remedy->owner == "QI Council");
}

TEST_CASE("due: the agenda puts overdue first, then by date, and filters by kind, owner, status")
{
  auto results = run({{"notice.yaml", k_notice}, {"qcar.yaml", k_qcar}}, "2024-03-30");
  auto q = query("2024-03-30");
  auto items = due::agenda(results, q);
  CHECK(items.empty()); // everything is met; done items need --all

  q.all = true;
  q.from = d("2024-01-01");
  items = due::agenda(results, q);
  REQUIRE(items.size() == 6);
  CHECK(items[0].obligation->key == "contest"); // same day as the response: by key
  CHECK(items[1].obligation->key == "response");
  CHECK(items[1].days == -12);
  CHECK(items[2].obligation->key.str().starts_with("action.F1."));
  CHECK(items[3].obligation->key.str().starts_with("action.F2."));
  CHECK(items[4].obligation->key == "evidence.F1");
  CHECK(items[5].obligation->key == "evidence.F2");

  q.kinds = {"qcar"};
  CHECK(due::agenda(results, q).size() == 4);
  q.kinds.clear();
  q.owner = "INTAKE";
  items = due::agenda(results, q);
  REQUIRE(items.size() == 1);
  CHECK(items[0].obligation->key.str().starts_with("action.F1."));

  auto late = run({{"notice.yaml", k_notice}}, "2024-03-20");
  auto q2 = query("2024-03-20");
  q2.states = {due::State::overdue};
  items = due::agenda(late, q2);
  REQUIRE(items.size() == 1);
  CHECK(due::summarize(items).overdue == 1);
  CHECK(collect([&](Sink& out) { due::render_csv(items, out); })
        == "due,status,days,case,kind,what,delegate,owner,clause,done_on,note,path,line,column\r\n"
           "2024-03-18,overdue,-2,NNC-1,notice,a Quality Corrective Action Response (QCAR) in "
           "answer to the notice,Harbor,Harbor,4.9A B.2,,,notice.yaml,9,36\r\n");
  // --delegate: whom the case concerns, apart from who must act (the owner).
  auto q3 = query("2024-03-20");
  q3.delegates = {"HARBOR"};
  CHECK(due::agenda(late, q3).size() == 1); // the overdue response (the closed contest window is done)
  q3.delegates = {"Northside"};
  CHECK(due::agenda(late, q3).empty());
}

TEST_CASE("due: iCalendar text is escaped and folded at 75 octets without splitting UTF-8")
{
  CHECK(due::ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  CHECK(due::ical_escape("x\r\ny\x01") == "x\\ny\\\\x01"); // a control shown, its backslash escaped
  CHECK(due::ical_fold("SHORT") == "SHORT\r\n");
  const std::string long_line = "SUMMARY:" + std::string(100, 'x');
  const auto folded = due::ical_fold(long_line);
  CHECK(folded == "SUMMARY:" + std::string(67, 'x') + "\r\n " + std::string(33, 'x') + "\r\n");
  // "≥" is three octets; a fold never falls inside it.
  std::string text = "S:" + std::string(72, 'a') + "≥≥";
  const auto out = due::ical_fold(text);
  const auto first_break = out.find("\r\n");
  CHECK(first_break == 74);
  CHECK(out.substr(first_break, 3) == "\r\n ");
  CHECK(out.substr(first_break + 3) == "≥≥\r\n");
}

TEST_CASE("due: the iCalendar feed has stable UIDs and no clock in it")
{
  auto results = run({{"notice.yaml", k_notice}}, "2024-03-10");
  auto q = query("2024-03-10");
  const auto items = due::agenda(results, q);
  const auto a = collect([&](Sink& out) { due::render_ical(items, q, out); });
  const auto again = run({{"notice.yaml", k_notice}}, "2024-03-10"); // items point into a run's results
  const auto b = collect([&](Sink& out) { due::render_ical(due::agenda(again, q), q, out); });
  CHECK(a == b);
  CHECK(a.find("UID:NNC-1/response@qicase\r\n") != std::string::npos);
  CHECK(a.find("DTSTAMP:20240310T000000Z\r\n") != std::string::npos);
  CHECK(a.find("DTSTART;VALUE=DATE:20240318\r\n") != std::string::npos);
  CHECK(a.rfind("END:VCALENDAR\r\n") == a.size() - 15);
}

TEST_CASE("due: a case id given twice still gives each event a UID of its own")
{
  // Duplicate ids are a file problem, but the feed a calendar imports must not merge the two.
  const auto results = run({{"a.yaml", k_notice}, {"b.yaml", k_notice}}, "2024-03-10");
  auto q = query("2024-03-10");
  const auto feed = collect([&](Sink& out) { due::render_ical(due::agenda(results, q), q, out); });
  CHECK(feed.find("UID:NNC-1/response@qicase\r\n") != std::string::npos);
  CHECK(feed.find("UID:NNC-1/response-2@qicase\r\n") != std::string::npos);
}

#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/named.hpp>
#include <qicase/core/number.hpp>
#include <qicase/core/sink.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/part.hpp>

namespace qicase::portfolio {

// `qicase report`: the oversight portfolio as of --as-of, one section per delegate, for the
// committee that reviews delegates (4.9A K). Built from the results of one check::run (each
// case read once); rendered as JSON, markdown or one self-contained HTML page.

struct Finding
{
  std::string rule;
  std::string clause;
  std::string severity;
  std::string message;
  int line = 0;
  std::string item = {}; // its place in the case by keys and item ids (as a baseline keys it)
};

// A case's row and its duties read the run's results: their texts are views into the case's
// document, its result and its part (and an obligation's interned texts), not copies of them,
// so a portfolio is valid while the results it was built from are (10,000 rows of copies were a
// fifth of `report`'s memory).
struct Case
{
  std::string_view kind;
  std::string_view id;
  std::string_view path;                  // as shown (relative to the folder qicase ran in)
  std::string_view status;                // the report's status; for kinds without one, see status_of()
  bool overdue = false;                   // that status is past a deadline
  std::optional<calendar::Date> next_due; // the earliest obligation not met
  std::string_view next_what;
  std::vector<Finding> findings;
  std::size_t file_problems = 0; // errors that left part of the case unread
};

// One obligation on a list (overdue, due soon, met late).
struct Duty
{
  std::string_view case_id;
  std::string_view kind;
  std::string_view what;
  std::string_view path;
  calendar::Date due;
  long days = 0;          // due - as_of (negative: past)
  long days_late = 0;     // met late: how many days after its due date (or grace)
  std::string state = {}; // fell due in a period: where it stands at its end (met, late, overdue, ...)
};

// `report --from --to`: the period a packet covers (a quarter, for the committee); the report is
// judged as of its last day.
struct Period
{
  calendar::Date from, to;
};

// A finding raised or resolved within the period, with its case.
struct PeriodFinding
{
  std::string case_id;
  std::string kind;
  Finding finding;
};

// What happened to a delegate within the period.
struct InPeriod
{
  std::vector<std::string> opened, closed; // "ID (kind)"
  std::vector<Duty> fell_due;              // due within it, each with its state at its end
  std::size_t met = 0;                     // met on time within it
  std::size_t met_late = 0;                // met within it, after the date
  std::vector<PeriodFinding> raised, resolved;
};

// A case changed in the record since a revision (`report --since REV`: the changes `diff REV`
// lists against the working tree), in words.
struct RecordChange
{
  std::shared_ptr<const delegate::Link> delegate; // whom the case concerns
  std::string case_id;
  std::string kind;
  std::string note;               // "new case: ...", "its file did not change; ...", or ""
  std::vector<std::string> lines; // one a change: "deadline moved D1 A1: ... [4.9A F.4]"
  std::size_t unbacked = 0;       // moves and removals with nothing behind them
};

// Each case's findings by its path, from a run as of the day before a period began: what the
// findings at its end are compared with.
using FindingsByCase = std::map<std::string, std::vector<Finding>>;

// A duty due soon, its days left: "3", "0"; past its date but within a grace (a CAP's monitoring
// report, 4.9A F.4) "in grace, due 2 days ago", never a negative count of days left.
std::string days_left(long days);

using qicase::AuditScore;
using qicase::Measure;
using qicase::StandardScore;
using qicase::WorkplanTally;

// A delegate's rating, said in words (never by colour alone): red, something serious; amber,
// something needs attention (an obligation overdue or met late, a finding, a measure below its
// goal); green, nothing.
enum class Rating { red, amber, green };
inline constexpr std::string_view k_rating_names[] = {"red", "amber", "green"};
constexpr std::string_view to_string(Rating r)
{
  return name_of(r, k_rating_names);
}

struct Delegate
{
  std::string key;  // the registry id, else "name:" and the normalised name, else "" (none)
  std::string id;   // the registry id, "" when unregistered
  std::string name; // "" for the cases tied to no delegate
  std::string type;
  std::vector<std::string> functions;
  std::vector<Case> cases;
  std::vector<Duty> overdue, due_soon, met_late;
  std::vector<AuditScore> audits; // oldest first
  // Every standard scored in one of them, id and title, in the order first met: the rows of
  // the per-standard chart and tables.
  std::vector<std::pair<std::string, std::string>> standards;
  std::vector<Measure> measures;
  std::vector<WorkplanTally> workplans;
  std::size_t findings = 0;
  std::vector<std::string> attention; // why the committee should look first; empty: nothing
  // What weighs most (qicase-report(1), RATING): an overdue notice response, a QCAR past its
  // deadline, a CAP deficiency overdue or escalated, the latest audit under its passing line.
  std::vector<std::string> serious;
  Rating rating = Rating::green;
  // Per area of Portfolio::areas: its cases, their obligations overdue and met late, their
  // findings, and the rating of those alone.
  struct Area
  {
    std::size_t cases = 0, overdue = 0, met_late = 0, findings = 0, serious = 0;
    Rating rating() const
    {
      return serious > 0                                   ? Rating::red
             : overdue > 0 || met_late > 0 || findings > 0 ? Rating::amber
                                                           : Rating::green;
    }
  };
  std::vector<Area> areas;
  // Per quarter of Portfolio::quarters: the obligations overdue at its end, and those met late
  // within it, from the dates the files record.
  std::vector<std::size_t> trend_overdue, trend_met_late;
  InPeriod in_period;              // with Portfolio::period
  std::vector<RecordChange> since; // with Portfolio::since
};

struct Summary
{
  std::map<std::string, std::map<std::string, std::size_t>> cases; // kind -> status -> count
  std::size_t case_count = 0;
  std::size_t overdue = 0, due_soon = 0, met_late = 0, findings = 0, file_problems = 0;
  std::map<std::string, std::size_t> findings_by_rule;
};

struct Portfolio
{
  // `report --delegate`: the delegate this packet is for (its name, else its id); "" for the
  // whole portfolio.
  std::string packet;
  // The commit of the case repository the report was made from (the command asked git), and
  // whether its working tree had changes; "" when not a git repository.
  std::string commit;
  bool dirty = false;
  calendar::Date as_of;
  std::optional<Period> period; // `--from --to`; as_of is its last day
  std::string since;            // `--since REV`: the revision the record is compared with
  long soon_days = 7;
  // The last eight quarters ended by --as-of, oldest first: each its label ("2024-Q3") and its
  // first and last day. Each delegate's trend counts them.
  struct Quarter
  {
    std::string label;
    calendar::Date first, last;
  };
  std::vector<Quarter> quarters;
  // The columns of the matrix of delegates by area: notices and QCARs, CAPs, action plans,
  // audits, work plans (each kind's row names its area).
  std::vector<std::string> areas;
  Summary summary;
  std::vector<Delegate> delegates; // those needing attention first, then by name; the cases
                                   // tied to no delegate last
  // What the page's links to case files start with instead of "./": "../" for a page written
  // one folder down, or a repository's web view ("https://git.example/r/blob/main/").
  std::string link_base;
};

// Whether `base` may start the page's links: a relative path ending in '/', or an http(s) URL
// ending in '/'.
bool valid_link_base(std::string_view base);

// The portfolio of `results`: a check::run with obligations, Request::keep_typed and
// keep_part_only (each case's part, made in the run, and each delegate entry are what it reads;
// it needs no report; a case with no part is "unreadable").
// `only` (`report --delegate`): the packet of those delegates, built of their cases alone, its
// summary theirs; nothing of any other delegate, nor the files that are not cases at all.
// `period` (`--from --to`, judged as of its last day): only the cases active in it (opened by its
// end, not finished before it began); each delegate's `in_period`; met late only within it.
// `start`: findings_by_case() of a run as of the day before it began (raised and resolved).
// `since` (`--since REV`): each change under its case's delegate (those of `only`, in a packet).
// The portfolio's rows view `results` (Case, Duty): keep them while it is rendered.
Portfolio build(const std::vector<check::FileResult>& results, Context& ctx, long soon_days,
                const check::DelegatesNamed* only = nullptr, const Period* period = nullptr,
                const FindingsByCase* start = nullptr, const std::vector<RecordChange>* since = nullptr);
FindingsByCase findings_by_case(const std::vector<check::FileResult>& results);

void render_json(const Portfolio& p, Sink& out);
// A cell of the matrix of delegates by area: "-" with no case there, else its rating and
// figures, "red: 2 cases, 1 overdue, 1 finding".
std::string area_cell(const Delegate::Area& a);
// A delegate's name as the report heads its section ("Cases tied to no delegate" for those).
std::string heading_of(const Delegate& d);

// "Oversight portfolio", or "Oversight packet: NAME" for one delegate's packet; with a period,
// ", FROM to TO" after it.
std::string title(const Portfolio& p);
// What the report was made from, for its pages: "commit 1a2b3c4d5e6f", with " and uncommitted
// changes" when the working tree had any; "" when not from a git repository.
std::string made_from(const Portfolio& p);
void render_markdown(const Portfolio& p, Sink& out);
// One self-contained page: inline CSS and SVG, no script, nothing fetched; print CSS with a
// page break per delegate.
void render_html(const Portfolio& p, Sink& out);
// A workbook (workbook.cpp): a sheet per section: delegates (rating, counts, what weighs most),
// obligations (overdue, due soon, met late), cases, and audits (each total and standard).
void render_xlsx(const Portfolio& p, Sink& out);

} // namespace qicase::portfolio

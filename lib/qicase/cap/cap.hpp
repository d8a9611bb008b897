#pragma once

#include <span>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/named.hpp>
#include <qicase/core/number.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/reference/evidence.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::cap {

// An action's target, e.g. ">= 95%": a comparison with a rate.
struct Target
{
  enum class Op { ge, gt, le, lt, eq };
  Op op = Op::ge;
  Hundredths rate = 0;

  bool met_by(Hundredths value) const;
};

// ">= 95%", "≥ 95%", "<= 5", "95%" (meaning at least); nullopt when not a comparison.
std::optional<Target> parse_target(std::string_view text);

// F.4 monitoring interval: weekly, biweekly, monthly, quarterly, or a duration such as 6w.
std::optional<calendar::Duration> parse_interval(std::string_view text);

struct Action
{
  std::string id;
  std::string action;
  std::string owner;                   // F.3
  std::optional<calendar::Date> start; // default: the CAP's `opened`
  std::optional<calendar::Date> due;   // F.4
  std::string measure;                 // F.2
  std::string target_text;
  std::optional<Target> target;
  std::string monitoring; // F.4
  std::optional<calendar::Duration> interval;
  std::string outcome;   // F.5
  bool imposed = false;  // I
  std::size_t index = 0; // position in the file's `actions` list
};

struct Progress
{
  calendar::Date date;
  std::string value;
  std::optional<Hundredths> rate;
  std::string note;
  std::string action;                         // the action it reports on; "" = every action of the deficiency
  std::optional<evidence::Citation> citation; // the report's document, if it cites one
};

// Evidence that a deficiency is remedied (4.9A F.2, H): a document, dated.
struct Proof
{
  std::optional<calendar::Date> date;
  std::string description;
  std::optional<evidence::Citation> citation;
  Mark mark;
};

struct Deficiency
{
  std::string id;
  std::string finding;
  std::string description;
  std::string root_cause; // F.1
  std::vector<Action> actions;
  std::vector<Progress> progress; // sorted by date
  std::vector<Proof> evidence;
  std::optional<calendar::Date> remedied; // H, as recorded
  // Whether what the CAP records proves the remedy (4.9A F.2, H): the measure's latest result
  // by then meets its target, and an evidence item or a monitoring report backs it. A remedy
  // recorded without proof is a finding (cap.remedied) and the deficiency stays open.
  bool remedy_proven = true;
  Mark mark;
  std::size_t index = 0; // position in the file's `deficiencies` list
};

// A Corrective Action Plan (procedure 4.9A F to K).
struct Cap
{
  std::string id;
  std::string notice_id;
  std::string audit_id;
  std::optional<calendar::Date> opened;
  std::optional<calendar::Date> submitted;
  std::string monitor; // K
  std::vector<Deficiency> deficiencies;
  std::shared_ptr<const notice::Notice> notice;
  std::shared_ptr<const reference::Policy> rules;
};

Cap read_cap(const Document& doc, Context& ctx, Diagnostics& diags);

// Report dates of an action: start + k * interval (k = 1, 2, ...; months clamp to the
// month's end, computed from the start each time so that Jan 31 gives Feb 29, Mar 31, Apr 30)
// up to and including `until`.
std::vector<calendar::Date> report_dates(calendar::Date start, const calendar::Duration& interval,
                                         calendar::Date until, const calendar::Calendar& cal);

// One monitoring report an action owes (F.4): its date, the last day it may come (the policy's
// grace after it), and the report that answered it, if any.
struct ReportSlot
{
  std::size_t action = 0; // index in the deficiency's actions
  calendar::Date date;
  calendar::Date last_day;
  std::optional<calendar::Date> received;
};

// A deficiency's status (F.4, H, I) and a CAP's (H), one name each as the reports write it.
enum class DeficiencyStatus { on_track, at_risk, overdue, escalate, remedied };
inline constexpr std::string_view k_deficiency_status_names[] = {"on-track", "at-risk", "overdue", "escalate",
                                                                 "remedied"};
constexpr std::string_view to_string(DeficiencyStatus s)
{
  return name_of(s, k_deficiency_status_names);
}
enum class Status { open, closed };
inline constexpr std::string_view k_status_names[] = {"open", "closed"};
constexpr std::string_view to_string(Status s)
{
  return name_of(s, k_status_names);
}

// A deficiency evaluated as of --as-of (F.4, H, I).
struct Standing
{
  DeficiencyStatus status = DeficiencyStatus::on_track;
  std::vector<ReportSlot> slots;          // report dates up to the remedy or --as-of, then the next ones
  std::optional<calendar::Date> last_due; // the last action's due date
  std::optional<calendar::Date> escalate_after;
  // A report due and not yet received while still within the grace, else the first report date
  // after --as-of.
  std::optional<calendar::Date> next_report_due;
  std::vector<calendar::Date> overdue_reports; // report dates past the grace with no report
  const Progress* latest = nullptr;            // the latest measurement by --as-of, in the CAP
};

// The CAP evaluated as of --as-of: each deficiency's standing, in the file's order, and the
// CAP's status (open until every deficiency is remedied, H). `latest` points into the CAP.
struct Result
{
  Status status = Status::open;
  std::vector<Standing> deficiencies;
};
Result evaluate(const Cap& cap, const Context& ctx);

// The report of `cap.yaml` (the JSON renderer): status, and per deficiency its standing.
json::Value to_json(const Cap& cap, const Result& result);
// Its status, and each deficiency's status and latest value, as `diff` compares them.
Figures figures(const Cap& cap, const Result& result);
// Whom the case concerns, its registry entry or name (the notice's recipient, or the group the audit it answers audited), checked: `qicase due`'s
// delegate column, `report`'s sections.
delegate::Link link(const Cap& cap, const Document& doc, Context& ctx, Diagnostics& diags);
// What the case gives the committee's portfolio (`qicase report`): its status.
PortfolioPart part(const Cap& cap, const Result& result, const Document& doc, std::string_view path,
                   Context& ctx);
inline json::Value report(const Cap& cap, const Context& ctx)
{
  return to_json(cap, evaluate(cap, ctx));
}

// What the CAP holds due (for `qicase due`): each action's date (F.4), each monitoring report
// (F.4, late after the policy's grace; future ones up to the request's `horizon`, else the next), and
// each deficiency's remedy before the issuer may impose actions (H, I).
// The documents the CAP cites (evidence of remedies, monitoring reports), for `qicase
// evidence` (delegate: the notice's recipient).
void citations(const Cap& cap, const Document& doc, evidence::Entries& out);

void obligations(const Cap& cap, const Document& doc, Context& ctx, Obligations& out);

using Shown = qicase::Shown<Cap, Result>;
std::string render_text(const std::vector<Shown>& caps);
// `qicase new cap --answers NOTICE`: a starter CAP answering `notice`, one deficiency per finding
// with one action each (F.1-F.5), the response date as a comment; blanks left empty for `check`
// to name. `delegate` as for qcar::starter().
std::string starter(const notice::Notice& notice, const Context& ctx, std::string_view delegate);
// A committee packet: per deficiency root cause, actions, owners, due, latest measurement, status.
std::string render_markdown(const std::vector<Shown>& caps);
// One row per action.
std::string render_csv(const std::vector<Shown>& caps);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

} // namespace qicase::cap

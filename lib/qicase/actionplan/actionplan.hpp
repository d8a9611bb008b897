#pragma once

#include <span>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/number.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/reference/program.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::actionplan {

// The S.M.A.R.T. checks of the webinar's "Writing Out Your S.M.A.R.T Goal", on the goal text.
struct SmartInput
{
  std::string goal;
  std::string measure;
  std::vector<std::string> owners;
  std::optional<Hundredths> baseline;
  std::optional<Hundredths> target;
  bool higher = true;
  std::string baseline_source;
  std::string baseline_updates;
  const reference::Program* program = nullptr;
};

struct SmartFinding
{
  std::string check; // specific | measurable | achievable | relevant | time-bound | vague |
                     // too-many-goals | baseline-yearly
  std::string message;
};

std::vector<SmartFinding> smart_checks(const SmartInput& in);

struct Status
{
  std::string id;
  std::string status;
  std::string note;
};

struct Stage
{
  bool present = false;
  std::optional<calendar::Date> submitted;
};

struct Measure
{
  std::string lob;
  std::string domain;
  std::string measure;
  bool higher = true;
  Stage initial;
  std::string goal;
  std::optional<Hundredths> baseline;
  std::string baseline_source;
  std::string baseline_updates;
  std::optional<Hundredths> target;
  std::optional<calendar::Date> target_by;
  std::vector<std::string> owners;
  std::vector<std::pair<std::string, std::string>> activities; // id, activity
  Stage update;
  std::optional<Hundredths> update_rate;
  std::vector<Status> update_statuses;
  std::vector<std::string> barriers, changes, accomplishments;
  Stage final_stage;
  std::optional<Hundredths> final_rate;
  std::vector<Status> final_statuses;
  std::optional<bool> goal_met;
  std::vector<std::string> changes_if_not_met;
  std::string conclusions;
  std::vector<std::pair<std::string, Hundredths>> estimates; // quarter label, rate
  std::vector<SmartFinding> smart;
  std::string node_path; // "lines_of_business.0.measures.1": where it is in the file
};

struct CheckIn
{
  calendar::Date date;
  bool role_present = false;
};

// A pay-for-performance or coaching action plan (kind: actionplan).
struct Plan
{
  std::string id;
  std::string program_id;
  std::string organization;
  std::string notice_id;
  std::optional<calendar::Date> agreed;
  std::optional<calendar::Date> submitted;
  std::vector<Measure> measures;
  std::vector<CheckIn> check_ins;
  std::shared_ptr<const reference::Program> program;
  std::shared_ptr<const notice::Notice> notice;
};

Plan read_actionplan(const Document& doc, Context& ctx, Diagnostics& diags);

// The program `id` as seen from `from`, read once per run.
std::shared_ptr<const reference::Program> program_for(Context& ctx, const Document& from, std::string_view id,
                                                      Mark mark, Diagnostics& diags);

// A measure's stage evaluated as of --as-of against the program's cycle: when it was due and how
// many days late it came (or, missing, is), both null when the program sets no date for it.
struct StageStanding
{
  std::optional<calendar::Date> due;
  std::optional<long> days_late;
};

// A measure evaluated as of --as-of.
struct MeasureStanding
{
  StageStanding initial;
  StageStanding update;
  StageStanding final_stage;
  std::optional<Hundredths> latest_rate;
  std::optional<Hundredths> progress;    // share of the gap from baseline to target closed, percent
  std::optional<bool> goal_met;          // once the final stage is in with a rate and a target
  bool escalate = false;                 // a stage late or missing past its date
  std::optional<Hundredths> improvement; // coaching (27A.7): change from the baseline so far
};

// The plan evaluated as of --as-of: each measure's standing (in the file's order), the
// program's escalation path when a stage is late, and for coaching (QI 27A) the response and
// improvement dates and whether the complaint process is at risk (27A.6, 27A.7).
struct Result
{
  std::vector<MeasureStanding> measures;
  std::vector<std::string> escalation;
  bool coaching = false;
  std::optional<calendar::Date> response_due;
  std::optional<calendar::Date> improve_by;
  bool complaint_risk = false;
};
Result evaluate(const Plan& plan, const Context& ctx);

// The report of `actionplan.yaml` (the JSON renderer).
json::Value to_json(const Plan& plan, const Result& result);
// Per measure its rates, progress, goal met, S.M.A.R.T. checks and escalation (and for coaching
// its improvement and the complaint risk), as `diff` compares them.
Figures figures(const Plan& plan, const Result& result);
// Whom the case concerns, its registry entry or name (`delegate:` beside its organisation), checked: `qicase due`'s
// delegate column, `report`'s sections.
delegate::Link link(const Plan& plan, const Document& doc, Context& ctx, Diagnostics& diags);
// What the case gives the committee's portfolio (`qicase report`): each measure's baseline, goal, latest rate and whether the goal is met.
PortfolioPart part(const Plan& plan, const Result& result, const Document& doc, std::string_view path,
                   Context& ctx);
inline json::Value report(const Plan& plan, const Context& ctx)
{
  return to_json(plan, evaluate(plan, ctx));
}

// Coaching (QI 27A): the day the organisation must agree to take part (the notice's issue date +
// the program's response window, 27A.2, 27A.6) and the day by which a measure must improve
// (agreed + the program's improvement window, 27A.7). Null when the plan or program lacks them.
std::optional<calendar::Date> response_due(const Plan& plan, const Context& ctx);
std::optional<calendar::Date> improve_by(const Plan& plan, const Context& ctx);

// What the plan holds due (for `qicase due`): each measure's initial, update and final stage
// (the program's cycle), and for coaching the response window, the quarterly estimates (27A.3)
// and the improvement date (27A.7).
void obligations(const Plan& plan, const Document& doc, Context& ctx, Obligations& out);

using Shown = qicase::Shown<Plan, Result>;
std::string render_text(const std::vector<Shown>& plans);
// The program's Action Plan template, filled in: per line of business, Initial, Update and
// Final sections per measure.
std::string render_markdown(const std::vector<Shown>& plans);
std::string render_csv(const std::vector<Shown>& plans);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

} // namespace qicase::actionplan

#pragma once

#include <span>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/named.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/workplan/goal.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::workplan {

// A measure's result for one period, as the plan records it.
struct PeriodResult
{
  Period period;
  std::optional<Hundredths> value;                        // `value:`
  std::vector<std::pair<std::string, Hundredths>> values; // `values:` by target metric
  std::string status;                                     // `status:` for qualitative goals
  std::string note;
};

struct Measure
{
  std::string id;
  std::string measure;
  std::string goal_text;
  Goal goal;
  std::string source;
  std::string owner;
  std::string timeframe_text;
  Timeframe timeframe;
  std::string reporting_text;
  Reporting reporting;
  std::optional<Hundredths> baseline;
  std::vector<PeriodResult> results;
  std::string node_path; // "sections.0.measures.2": where it is in the file
};

struct Section
{
  std::string title;
  std::vector<Measure> measures;
};

// An annual work plan (kind: workplan).
struct Workplan
{
  std::string id;
  std::string title;
  int year = 0;
  calendar::Duration report_within{30, calendar::Unit::days};
  std::vector<Section> sections;
};

Workplan read_workplan(const Document& doc, Context& ctx, Diagnostics& diags);

// The statuses a measure can have, one name each as the reports write it, in the order the
// summary counts them.
enum class Status { met, not_met, partial, baseline_set, in_progress, no_data, overdue };
inline constexpr std::string_view k_statuses[] = {"met",         "not-met", "partial", "baseline-set",
                                                  "in-progress", "no-data", "overdue"};
constexpr std::string_view to_string(Status s)
{
  return name_of(s, k_statuses);
}

// A measure evaluated as of --as-of.
struct Standing
{
  std::vector<Status> period_statuses; // one per result the measure records, in order
  Status status = Status::no_data;
  std::optional<calendar::Date> next_report_due;
  std::vector<calendar::Date> overdue_reports;
};

// One committee report of the reporting calendar: after each period of a committee's fixed
// frequency, `report_within` after the period ends, listing the measures it covers.
struct CommitteeReport
{
  calendar::Date due;
  std::string committee;
  std::string period;
  std::vector<std::string> measures; // ids
};

// The plan evaluated as of --as-of, or on one period: each measure's standing (every section's
// measures, in order), how many measures have each status (k_statuses' order), and the
// committees' reporting calendar.
struct Result
{
  std::optional<Period> period;
  std::vector<Standing> measures;
  std::array<std::size_t, std::size(k_statuses)> summary{};
  std::vector<CommitteeReport> reporting_calendar;
};
// `workplan --period` (Request::period, checked by the command: "2024-Q2") judges every measure
// on that period alone.
Result evaluate(const Workplan& plan, const Context& ctx);

// The report of `workplan.yaml` (the JSON renderer): per measure id, targets, periods
// [{period, status}], status, next_report_due; summary; and the committee reporting calendar.
json::Value to_json(const Workplan& plan, const Result& result);
// Each measure's status and each period's, as `diff` compares them.
Figures figures(const Workplan& plan, const Result& result);
// Whom the case concerns, its registry entry or name (`delegate:`), checked: `qicase due`'s
// delegate column, `report`'s sections.
delegate::Link link(const Workplan& plan, const Document& doc, Context& ctx, Diagnostics& diags);
// What the case gives the committee's portfolio (`qicase report`): how many measures are met, partly met, not met or other.
PortfolioPart part(const Workplan& plan, const Result& result, const Document& doc, std::string_view path,
                   Context& ctx);
inline json::Value report(const Workplan& plan, const Context& ctx)
{
  return to_json(plan, evaluate(plan, ctx));
}

// What the plan holds due (for `qicase due`): each measure's result per period (its timeframe
// or committee frequency, due `report_within` after the period ends) and each committee report
// of the reporting calendar (done when every measure it covers has a result for the period).
void obligations(const Workplan& plan, const Document& doc, Context& ctx, Obligations& out);

using Shown = qicase::Shown<Workplan, Result>;
std::string render_text(const std::vector<Shown>& plans);
// The year-end program evaluation, in markdown, with the plan's findings.
std::string render_evaluation(const Shown& plan, calendar::Date as_of);
// The plan as the table layout of the source document (title row, header rows, section rows,
// one row per measure), CSV; `workplan import` reads it back into the same plan.
std::string render_table_csv(const Workplan& plan);

// `workplan import`: a work plan table (TSV or CSV, as exported from a document) to a workplan
// YAML file. Problems (an unreadable row, a goal that looks numeric but does not parse) go to
// `diags` with the table's line numbers.
std::string import_table(std::string_view text, std::string_view id, Diagnostics& diags);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

} // namespace qicase::workplan

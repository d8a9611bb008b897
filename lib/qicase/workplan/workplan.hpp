#pragma once

#include <span>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/workplan/goal.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::workplan {

struct Result
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
  std::vector<Result> results;
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

Workplan read_workplan(const Document& doc, Diagnostics& diags);

// The report of `workplan.yaml`: per measure id, targets, periods [{period, status}], status,
// next_report_due; summary; and the committee reporting calendar. `period`, when given
// ("2024-Q2"), judges every measure on that period alone.
json::Value report(const Workplan& plan, Context& ctx, const std::optional<Period>& period = {});

// What the plan holds due (for `qicase due`): each measure's result per period (its timeframe
// or committee frequency, due `report_within` after the period ends) and each committee report
// of the reporting calendar (done when every measure it covers has a result for the period).
void obligations(const Workplan& plan, const Document& doc, Context& ctx, Obligations& out);

std::string render_text(const std::vector<json::Entry>& entries);
// The year-end program evaluation, in markdown.
std::string render_evaluation(const Workplan& plan, const json::Value& report, calendar::Date as_of);
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

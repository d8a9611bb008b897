// Rendering a work plan (workplan::Workplan) for people: text, markdown and CSV (and, for a notice,
// its letter).
#include <qicase/workplan/workplan.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::workplan {

namespace {

std::string result_text(const Measure& m, const Result& r)
{
  std::string s;
  if (r.value) {
    s = format_percent(*r.value);
  }
  for (const auto& [key, v] : r.values) {
    s += (s.empty() ? "" : ", ") + key + " " + format_percent(v);
  }
  if (!r.status.empty() && m.goal.kind == Goal::Class::qualitative) {
    s += (s.empty() ? "" : ", ") + r.status;
  }
  return s.empty() ? "-" : s;
}

const char* const k_header[] = {"Performance Measures",         "Goal",
                                "Supporting Document / Report", "Responsible Staff",
                                "Timeframe for completion",     "Committee & Reporting Frequency"};

} // namespace

std::string render_text(const std::vector<json::Entry>& entries)
{
  std::string out;
  for (const auto& e : entries) {
    if (e.report.is_null()) {
      out += json::text_heading(e);
      continue;
    }
    out += fmt::format("{}: {}  {}\n", e.path, e.id, json::field(e.report, "title"));
    std::size_t width = 8;
    for (const auto& m : e.report.find("measures")->as_array()) {
      width = std::max(width, json::field(m, "id").size());
    }
    for (const auto& m : e.report.find("measures")->as_array()) {
      const auto next = json::field(m, "next_report_due");
      out += fmt::format("  {:<{}}  {:<12} {}\n", json::field(m, "id"), width, json::field(m, "status"),
                         next.empty() ? "" : "next report " + next);
    }
    const auto* s = e.report.find("summary");
    out += fmt::format("  summary: {} met, {} not met, {} partial, {} baseline set, {} in "
                       "progress, {} no data, {} overdue\n",
                       json::field(*s, "met"), json::field(*s, "not_met"), json::field(*s, "partial"),
                       json::field(*s, "baseline_set"), json::field(*s, "in_progress"),
                       json::field(*s, "no_data"), json::field(*s, "overdue"));
    out += json::text_findings(e.report);
  }
  return out;
}

std::string render_evaluation(const Workplan& plan, const json::Value& report, calendar::Date as_of)
{
  std::string out = fmt::format("# {}: program evaluation\n\n",
                                markdown_text(plan.title.empty() ? plan.id : plan.title));
  const auto* s = report.find("summary");
  std::size_t total = 0;
  for (const auto& sec : plan.sections) {
    total += sec.measures.size();
  }
  out += fmt::format("As of {}. {} measures: {} met, {} not met, {} partially met, {} baselines "
                     "set, {} in progress, {} without data, {} with a report overdue.\n",
                     as_of.str(), total, json::field(*s, "met"), json::field(*s, "not_met"),
                     json::field(*s, "partial"), json::field(*s, "baseline_set"),
                     json::field(*s, "in_progress"), json::field(*s, "no_data"), json::field(*s, "overdue"));
  const auto& figures = report.find("measures")->as_array();
  std::size_t index = 0;
  for (const auto& section : plan.sections) {
    out += fmt::format("\n## {}\n\n", markdown_text(section.title));
    if (section.measures.empty()) {
      out += "No measures.\n";
      continue;
    }
    out += "| Measure | Goal | Results | Met | Status |\n|---|---|---|---|---|\n";
    for (const auto& m : section.measures) {
      const auto& f = figures[index++];
      std::string results;
      for (const auto& r : m.results) {
        results += (results.empty() ? "" : "; ") + r.period.label + ": " + result_text(m, r);
      }
      const auto status = json::field(f, "status");
      const std::string met = status == "met"       ? "yes"
                              : status == "not-met" ? "no"
                              : status == "partial" ? "partly"
                                                    : "-";
      out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(m.measure), markdown_cell(m.goal_text),
                         markdown_cell(results), met, status);
    }
  }
  return out;
}

std::string render_table_csv(const Workplan& plan)
{
  std::string out = csv_field(plan.title.empty() ? plan.id : plan.title) + "\r\n\r\n";
  std::string header;
  for (std::size_t i = 0; i < 6; ++i) {
    std::string cell = k_header[i];
    if (i == 1) {
      cell = fmt::format("{} Goal", plan.year);
    }
    header += (i == 0 ? "" : ",") + csv_field(cell);
  }
  out += header + "\r\n";
  for (const auto& section : plan.sections) {
    out += csv_field(section.title) + ",,,,,\r\n";
    for (const auto& m : section.measures) {
      out += fmt::format("{},{},{},{},{},{}\r\n", csv_field(m.measure), csv_field(m.goal_text),
                         csv_field(m.source), csv_field(m.owner), csv_field(m.timeframe_text),
                         csv_field(m.reporting_text));
    }
  }
  return out;
}

} // namespace qicase::workplan

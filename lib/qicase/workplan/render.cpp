// Rendering a work plan (workplan::Workplan) and its result for people: text, the program
// evaluation in markdown, and the table CSV.
#include <qicase/workplan/workplan.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase::workplan {

namespace {

std::string result_text(const Measure& m, const PeriodResult& r)
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
  return or_dash(std::move(s));
}

// "N met, N not met, ...": the summary's counts in k_statuses' order, each with its words.
std::string summary_text(const Result& r, std::array<std::string_view, std::size(k_statuses)> words)
{
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    out += fmt::format("{}{} {}", i == 0 ? "" : ", ", r.summary[i], words[i]);
  }
  return out;
}

const char* const k_header[] = {"Performance Measures",         "Goal",
                                "Supporting Document / Report", "Responsible Staff",
                                "Timeframe for completion",     "Committee & Reporting Frequency"};

} // namespace

std::string render_text(const std::vector<Shown>& plans)
{
  return text_report(plans, [](const Shown& s) {
    std::string out;
    const auto& plan = *s.read;
    const auto& r = *s.result;
    out += fmt::format("{}: {}  {}\n", s.path, s.id, plan.title);
    std::vector<const Measure*> measures;
    std::size_t width = 8;
    for (const auto& section : plan.sections) {
      for (const auto& m : section.measures) {
        measures.push_back(&m);
        width = std::max(width, m.id.size());
      }
    }
    for (std::size_t i = 0; i < measures.size() && i < r.measures.size(); ++i) {
      const auto& st = r.measures[i];
      out += fmt::format("  {:<{}}  {:<12} {}\n", measures[i]->id, width, to_string(st.status),
                         st.next_report_due ? "next report " + st.next_report_due->str() : "");
    }
    out += fmt::format("  summary: {}\n", summary_text(r, {"met", "not met", "partial", "baseline set",
                                                           "in progress", "no data", "overdue"}));
    out += text_findings(s.found);
    return out;
  });
}

std::string render_evaluation(const Shown& shown, calendar::Date as_of)
{
  const auto& plan = *shown.read;
  const auto& res = *shown.result;
  std::string out = fmt::format("# {}: program evaluation\n\n",
                                markdown_text(plan.title.empty() ? plan.id : plan.title));
  out += fmt::format("As of {}. {} measures: {}.\n", as_of.str(), res.measures.size(),
                     summary_text(res, {"met", "not met", "partially met", "baselines set", "in progress",
                                        "without data", "with a report overdue"}));
  std::size_t index = 0;
  for (const auto& section : plan.sections) {
    out += fmt::format("\n## {}\n\n", markdown_text(section.title));
    if (section.measures.empty()) {
      out += "No measures.\n";
      continue;
    }
    out += "| Measure | Goal | Results | Met | Status |\n|---|---|---|---|---|\n";
    for (const auto& m : section.measures) {
      const auto& status = res.measures[index++].status;
      std::string results;
      for (const auto& r : m.results) {
        results += (results.empty() ? "" : "; ") + r.period.label + ": " + result_text(m, r);
      }
      const std::string met = status == Status::met       ? "yes"
                              : status == Status::not_met ? "no"
                              : status == Status::partial ? "partly"
                                                          : "-";
      out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(m.measure), markdown_cell(m.goal_text),
                         markdown_cell(results), met, to_string(status));
    }
  }
  const auto findings = markdown_findings(shown.path, shown.id, shown.found, 2);
  return findings.empty() ? out : out + "\n" + findings.substr(0, findings.size() - 1);
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

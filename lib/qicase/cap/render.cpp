// Rendering a CAP (cap::Cap) for people: text, markdown and CSV (and, for a notice, its letter).
#include <qicase/cap/cap.hpp>

#include <algorithm>
#include <set>

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::cap {

namespace {

std::string or_dash(std::string s)
{
  return s.empty() ? std::string("-") : s;
}

} // namespace

std::string render_text(const std::vector<Entry>& entries)
{
  std::string out;
  for (const auto& e : entries) {
    const auto& r = e.report;
    out += json::text_heading(e);
    if (r.is_null()) {
      continue;
    }
    const auto source = json::field(r, "notice").empty() ? json::field(r, "audit") : json::field(r, "notice");
    out += fmt::format("  answers      {}\n", or_dash(source));
    out += fmt::format("  opened       {}\n", or_dash(json::field(r, "opened")));
    for (const auto& d : r.find("deficiencies")->as_array()) {
      out += fmt::format("  {:<12} {:<9} latest {} ({}), next report {}, due {}\n", json::field(d, "id"),
                         json::field(d, "status"), or_dash(json::field(d, "latest_value")),
                         or_dash(json::field(d, "latest_date")), or_dash(json::field(d, "next_report_due")),
                         or_dash(json::field(d, "due")));
      const auto overdue = json::field(d, "overdue_reports");
      if (!overdue.empty()) {
        out += fmt::format("  {:<12} missing reports due {}\n", "", overdue);
      }
    }
    out += json::text_findings(r);
  }
  return out;
}

std::string render_markdown(const std::vector<std::pair<Entry, Cap>>& caps)
{
  std::string out;
  for (const auto& [e, c] : caps) {
    const auto& r = e.report;
    out += fmt::format("## {}\n\n", markdown_cell(e.id));
    if (r.is_null()) {
      out += "Not reported: the file has errors.\n\n";
      continue;
    }
    out += fmt::format("- **Status:** {}\n", json::field(r, "status"));
    if (!c.notice_id.empty()) {
      out += fmt::format("- **Notice:** {}\n", markdown_text(c.notice_id));
    }
    if (!c.audit_id.empty()) {
      out += fmt::format("- **Audit:** {}\n", markdown_text(c.audit_id));
    }
    out += fmt::format("- **Opened:** {}\n", or_dash(json::field(r, "opened")));
    out += fmt::format("- **Monitored by:** {}\n\n", markdown_cell(c.monitor));
    const auto& figures_list = r.find("deficiencies")->as_array();
    for (std::size_t i = 0; i < c.deficiencies.size() && i < figures_list.size(); ++i) {
      const auto& d = c.deficiencies[i];
      const auto& f = figures_list[i];
      out += fmt::format("### {}{}: {}\n\n", markdown_text(d.id),
                         d.finding.empty() ? "" : " (finding " + markdown_text(d.finding) + ")",
                         markdown_text(d.description));
      out += fmt::format("- **Root cause:** {}\n", markdown_text(d.root_cause));
      out += fmt::format("- **Status:** {}\n", json::field(f, "status"));
      out += fmt::format(
        "- **Latest measurement:** {}{}\n", or_dash(markdown_text(json::field(f, "latest_value"))),
        json::field(f, "latest_date").empty() ? "" : " (" + json::field(f, "latest_date") + ")");
      out += fmt::format("- **Next report due:** {}\n", or_dash(json::field(f, "next_report_due")));
      const auto overdue = json::field(f, "overdue_reports");
      if (!overdue.empty()) {
        out += fmt::format("- **Missing reports:** {}\n", overdue);
      }
      out += "\n| Action | Owner | Due | Measure | Target | Monitoring | Outcome |\n"
             "|---|---|---|---|---|---|---|\n";
      for (const auto& a : d.actions) {
        out += fmt::format("| {}{}: {} | {} | {} | {} | {} | {} | {} |\n", markdown_text(a.id),
                           a.imposed ? " (imposed)" : "", markdown_cell(a.action), markdown_cell(a.owner),
                           a.due ? a.due->str() : "-", markdown_cell(a.measure), markdown_cell(a.target_text),
                           markdown_cell(a.monitoring), markdown_cell(a.outcome));
      }
      out += "\n";
    }
    out += json::markdown_findings(e, 3);
  }
  return out;
}

std::string render_csv(const std::vector<std::pair<Entry, Cap>>& caps)
{
  std::string out = "cap,deficiency,deficiency_status,action_id,action,owner,start,due,measure,"
                    "target,monitoring,outcome,imposed\r\n";
  for (const auto& [e, c] : caps) {
    const json::Value* list = e.report.is_null() ? nullptr : e.report.find("deficiencies");
    for (std::size_t i = 0; i < c.deficiencies.size(); ++i) {
      const auto& d = c.deficiencies[i];
      const std::string status = list != nullptr && i < list->as_array().size()
                                   ? json::field(list->as_array()[i], "status")
                                   : "";
      for (const auto& a : d.actions) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(c.id), csv_field(d.id),
                           status, csv_field(a.id), csv_field(a.action), csv_field(a.owner),
                           a.start ? a.start->str() : "", a.due ? a.due->str() : "", csv_field(a.measure),
                           csv_field(a.target_text), csv_field(a.monitoring), csv_field(a.outcome),
                           a.imposed ? "true" : "false");
      }
    }
  }
  return out;
}

} // namespace qicase::cap

// Rendering a CAP (cap::Cap) and its result for people: text, markdown and CSV.
#include <qicase/cap/cap.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase::cap {

namespace {

std::string latest_value(const Standing& f)
{
  return f.latest != nullptr ? f.latest->value : std::string();
}

std::string latest_date(const Standing& f)
{
  return f.latest != nullptr ? f.latest->date.str() : std::string();
}

std::string dates_text(const std::vector<calendar::Date>& dates)
{
  std::string out;
  for (const auto& d : dates) {
    out += (out.empty() ? "" : ", ") + d.str();
  }
  return out;
}

// A deficiency in the committee packet: root cause, standing, and its actions as a table.
std::string markdown_deficiency(const Deficiency& d, const Standing& f)
{
  std::string out = fmt::format("### {}{}: {}\n\n", markdown_text(d.id),
                                d.finding.empty() ? "" : " (finding " + markdown_text(d.finding) + ")",
                                markdown_text(d.description));
  out += fmt::format("- **Root cause:** {}\n", markdown_text(d.root_cause));
  out += fmt::format("- **Status:** {}\n", to_string(f.status));
  out += fmt::format("- **Latest measurement:** {}{}\n", or_dash(markdown_text(latest_value(f))),
                     f.latest == nullptr ? "" : " (" + latest_date(f) + ")");
  out += fmt::format("- **Next report due:** {}\n", or_dash(calendar::text(f.next_report_due)));
  if (!f.overdue_reports.empty()) {
    out += fmt::format("- **Missing reports:** {}\n", dates_text(f.overdue_reports));
  }
  out += "\n| Action | Owner | Due | Measure | Target | Monitoring | Outcome |\n"
         "|---|---|---|---|---|---|---|\n";
  for (const auto& a : d.actions) {
    out += fmt::format("| {}{}: {} | {} | {} | {} | {} | {} | {} |\n", markdown_text(a.id),
                       a.imposed ? " (imposed)" : "", markdown_cell(a.action), markdown_cell(a.owner),
                       a.due ? a.due->str() : "-", markdown_cell(a.measure), markdown_cell(a.target_text),
                       markdown_cell(a.monitoring), markdown_cell(a.outcome));
  }
  return out + "\n";
}

} // namespace

std::string render_text(const std::vector<Shown>& caps)
{
  return text_report(caps, [](const Shown& s) {
    std::string out;
    const auto& c = *s.read;
    const auto& r = *s.result;
    out += text_heading(s.path, s.id, to_string(r.status));
    out += fmt::format("  answers      {}\n", or_dash(c.notice_id.empty() ? c.audit_id : c.notice_id));
    out += fmt::format("  opened       {}\n", or_dash(calendar::text(c.opened)));
    for (std::size_t i = 0; i < c.deficiencies.size() && i < r.deficiencies.size(); ++i) {
      const auto& f = r.deficiencies[i];
      out += fmt::format("  {:<12} {:<9} latest {} ({}), next report {}, due {}\n", c.deficiencies[i].id,
                         to_string(f.status), or_dash(latest_value(f)), or_dash(latest_date(f)),
                         or_dash(calendar::text(f.next_report_due)), or_dash(calendar::text(f.last_due)));
      if (!f.overdue_reports.empty()) {
        out += fmt::format("  {:<12} missing reports due {}\n", "", dates_text(f.overdue_reports));
      }
    }
    out += text_findings(s.found);
    return out;
  });
}

std::string render_markdown(const std::vector<Shown>& caps)
{
  std::string out;
  for (const auto& s : caps) {
    out += fmt::format("## {}\n\n", markdown_cell(s.id));
    if (!s.reported()) {
      out += "Not reported: the file has errors.\n\n";
      continue;
    }
    const auto& c = *s.read;
    const auto& r = *s.result;
    out += fmt::format("- **Status:** {}\n", to_string(r.status));
    if (!c.notice_id.empty()) {
      out += fmt::format("- **Notice:** {}\n", markdown_text(c.notice_id));
    }
    if (!c.audit_id.empty()) {
      out += fmt::format("- **Audit:** {}\n", markdown_text(c.audit_id));
    }
    out += fmt::format("- **Opened:** {}\n", or_dash(calendar::text(c.opened)));
    out += fmt::format("- **Monitored by:** {}\n\n", markdown_cell(c.monitor));
    for (std::size_t i = 0; i < c.deficiencies.size() && i < r.deficiencies.size(); ++i) {
      out += markdown_deficiency(c.deficiencies[i], r.deficiencies[i]);
    }
    out += markdown_findings(s.path, s.id, s.found, 3);
  }
  return out;
}

std::string render_csv(const std::vector<Shown>& caps)
{
  std::string out = "cap,deficiency,deficiency_status,action_id,action,owner,start,due,measure,"
                    "target,monitoring,outcome,imposed\r\n";
  for (const auto& s : caps) {
    if (!s.reported()) {
      continue;
    }
    const auto& c = *s.read;
    for (std::size_t i = 0; i < c.deficiencies.size(); ++i) {
      const auto& d = c.deficiencies[i];
      const std::string_view status = i < s.result->deficiencies.size()
                                        ? to_string(s.result->deficiencies[i].status)
                                        : "";
      for (const auto& a : d.actions) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(c.id), csv_field(d.id),
                           status, csv_field(a.id), csv_field(a.action), csv_field(a.owner),
                           calendar::text(a.start), calendar::text(a.due), csv_field(a.measure),
                           csv_field(a.target_text), csv_field(a.monitoring), csv_field(a.outcome),
                           a.imposed ? "true" : "false");
      }
    }
  }
  return out;
}

} // namespace qicase::cap

// Rendering an audit (audit::Audit) for people: text, markdown and CSV (and, for a notice, its
// letter).
#include <qicase/audit/audit.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include <qicase/core/rules.hpp>
#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::audit {

namespace {

std::string standard_label(const StandardScore& s)
{
  std::string id = s.id;
  if (id.size() > 2 && id.substr(0, 2) == "CR") {
    id = "CR " + id.substr(2); // the tool's own spelling: "CR 1 Credentialing Policies"
  }
  return id + " " + s.title;
}

std::string state_note(const StandardScore& s)
{
  if (s.state == "na")
    return "NA";
  if (s.state == "not-scored")
    return "not scored";
  if (s.state == "not-applicable")
    return "not applicable";
  return "";
}

const Audit k_unread; // a file that could not be read as an audit

} // namespace

std::string render_text(const std::vector<Scored>& audits)
{
  std::string out;
  for (const auto& [e, held] : audits) {
    const Audit& a = held ? *held : k_unread;
    if (e.report.is_null()) {
      out += json::text_heading(e);
      continue;
    }
    out += fmt::format("{}: {}  {} ({}, {}, {})\n", e.path, e.id, a.delegate, a.type,
                       a.date ? a.date->str() : "-", a.column);
    out += fmt::format("  {:<64} {:>8} {:>8}\n", "Standard", "Possible", "Received");
    for (const auto& s : a.standards) {
      const auto note = state_note(s);
      if (!note.empty()) {
        out += fmt::format("  {:<64} {:>17}\n", standard_label(s).substr(0, 64), note);
      } else {
        out += fmt::format("  {:<64} {:>8} {:>8}\n", standard_label(s).substr(0, 64),
                           format_hundredths(s.possible), format_hundredths(s.received));
      }
    }
    out += fmt::format("  {:<64} {:>8} {:>8}\n", "Total", format_hundredths(a.possible),
                       format_hundredths(a.received));
    out += fmt::format("  {}%  {}\n", percent_text(percent(a.received, a.possible)),
                       a.rating.empty() ? "not rated: parts of the audit could not be read" : a.rating);
    for (const auto& c : a.actions) {
      out += fmt::format("  corrective action {}: {} (due {})\n", c.element, c.action,
                         c.due ? c.due->str() : "-");
    }
    for (const auto& c : a.carried_over) {
      out += fmt::format("  carried over {}: {} (due {})\n", c.element, c.action, c.due ? c.due->str() : "-");
    }
    if (!a.missing_actions.empty()) {
      std::string list;
      for (const auto& m : a.missing_actions) {
        list += (list.empty() ? "" : ", ") + m;
      }
      out += fmt::format("  missing corrective actions: {}\n", list);
    }
    out += json::text_findings(e.report);
  }
  return out;
}

std::string render_markdown(const std::vector<Scored>& audits)
{
  std::string out;
  for (const auto& [e, held] : audits) {
    const Audit& a = held ? *held : k_unread;
    out += fmt::format("## {}: {}\n\n", markdown_cell(e.id), markdown_cell(a.delegate));
    if (e.report.is_null()) {
      out += "Not reported: the file has errors.\n\n";
      continue;
    }
    out += fmt::format("Type of assessment: {}. Date: {}. Points column: {}.\n\n", markdown_text(a.type),
                       a.date ? a.date->str() : "-", markdown_text(a.column));
    out += "### Overall scores per standard\n\n| Standard | Points possible | Points received "
           "|\n|---|---:|---:|\n";
    for (const auto& s : a.standards) {
      const auto note = state_note(s);
      if (!note.empty()) {
        out += fmt::format("| {} | {} | {} |\n", markdown_cell(standard_label(s)), note, note);
      } else {
        out += fmt::format("| {} | {} | {} |\n", markdown_cell(standard_label(s)),
                           format_hundredths(s.possible), format_hundredths(s.received));
      }
    }
    out += fmt::format("| **Total score** ({}%) | **{}** | **{}** |\n\n",
                       percent_text(percent(a.received, a.possible)), format_hundredths(a.possible),
                       format_hundredths(a.received));
    out += a.rating.empty() ? "**Not rated:** parts of the audit could not be read.\n\n"
                            : fmt::format("**Compliance rating: {}**\n\n", markdown_text(a.rating));
    out += "### Corrective action summary\n\n";
    if (!a.carried_over.empty()) {
      out += fmt::format("Open corrective action items from previous audit {}:\n\n| Standard | Item | Due "
                         "date |\n|---|---|---|\n",
                         markdown_text(a.previous));
      for (const auto& c : a.carried_over) {
        out += fmt::format("| {} | {} | {} |\n", markdown_cell(c.element), markdown_cell(c.action),
                           c.due ? c.due->str() : "-");
      }
      out += "\n";
    }
    out += "| Standard | Corrective action item | Due date |\n|---|---|---|\n";
    for (const auto& c : a.actions) {
      out += fmt::format("| {} | {} | {} |\n", markdown_cell(c.element), markdown_cell(c.action),
                         c.due ? c.due->str() : "-");
    }
    for (const auto& m : a.missing_actions) {
      out += fmt::format("| {} | (missing: the element scored below 100%) | - |\n", markdown_cell(m));
    }
    out += "\n" + json::markdown_findings(e, 3);
  }
  return out;
}

std::string render_csv(const std::vector<Scored>& audits)
{
  std::string out = "audit,standard,element,score,tier,possible,received\r\n";
  for (const auto& [e, held] : audits) {
    const Audit& a = held ? *held : k_unread;
    for (const auto& s : a.standards) {
      for (const auto& el : s.elements) {
        out += fmt::format("{},{},{},{},{},{},{}\r\n", csv_field(a.id), csv_field(s.id), csv_field(el.id),
                           el.na ? "na" : format_percent(el.score), csv_field(el.na ? "" : el.tier),
                           el.na ? "" : format_hundredths(el.possible),
                           el.na ? "" : format_hundredths(el.received));
      }
    }
  }
  return out;
}

} // namespace qicase::audit

// Rendering a QCAR (qcar::Qcar) for people: text, markdown and CSV (and, for a notice, its letter).
#include <qicase/qcar/qcar.hpp>
#include <qicase/reference/calendar_file.hpp>

#include <algorithm>
#include <set>

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::qcar {

namespace {

std::string date_text(const std::optional<calendar::Date>& d)
{
  return d ? d->str() : std::string();
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
    out += fmt::format("  notice       {} (respond by {})\n", json::field(r, "notice"),
                       json::field(r, "response_due"));
    out += fmt::format("  submitted    {}{}\n", json::field(r, "submitted"),
                       json::field(r, "response_on_time") == "false" ? " (late)" : " (on time)");
    out += fmt::format("  deadline     {}{}\n", json::field(r, "deadline"),
                       json::field(r, "extension_valid") == "true"
                         ? fmt::format(" (extended from {})", json::field(r, "original_deadline"))
                         : std::string());
    auto list = [&](std::string_view key) {
      const auto text = json::field(r, key);
      return text.empty() ? std::string("-") : text;
    };
    out += fmt::format("  no action    {}\n", list("findings_without_action"));
    out += fmt::format("  no evidence  {}\n", list("findings_without_evidence"));
    out += fmt::format("  late         {}\n", list("evidence_late"));
    const auto monitor = json::field(r, "monitor");
    out += fmt::format("  monitor      {}\n", monitor == ": " ? "-" : monitor);
    out += json::text_findings(r);
  }
  return out;
}

std::string render_markdown(const std::vector<Entry>& entries)
{
  std::string out = "| QCAR | Notice | Submitted | On time | Deadline | Extended | Without "
                    "evidence | Status |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& e : entries) {
    const auto& r = e.report;
    if (r.is_null()) {
      out += fmt::format("| {} | (not reported: the file has errors) | | | | | | |\n",
                         markdown_cell(e.id.empty() ? e.path : e.id));
      continue;
    }
    out += fmt::format(
      "| {} | {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(e.id),
      markdown_cell(json::field(r, "notice")), markdown_cell(json::field(r, "submitted")),
      json::field(r, "response_on_time") == "true" ? "yes" : "no", markdown_cell(json::field(r, "deadline")),
      json::field(r, "extension_valid") == "true" ? "yes" : "no",
      markdown_cell(json::field(r, "findings_without_evidence")), markdown_cell(json::field(r, "status")));
  }
  std::string findings;
  for (const auto& e : entries) {
    findings += json::markdown_findings(e, 2);
  }
  return findings.empty() ? out : out + "\n" + findings;
}

std::string render_csv(const std::vector<std::pair<std::string, Qcar>>& qcars)
{
  std::string out = "qcar,notice,finding,action,measure,due\r\n";
  for (const auto& [path, q] : qcars) {
    for (const auto& a : q.actions) {
      out += fmt::format("{},{},{},{},{},{}\r\n", csv_field(q.id), csv_field(q.notice_id),
                         csv_field(a.finding), csv_field(a.action), csv_field(a.measure), date_text(a.due));
    }
  }
  return out;
}

} // namespace qicase::qcar

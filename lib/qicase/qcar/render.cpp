// Rendering a QCAR (qcar::Qcar) and its result for people: text, markdown and CSV.
#include <qicase/qcar/qcar.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <qicase/core/text.hpp>

namespace qicase::qcar {

namespace {

// A list of finding ids, "-" when none.
std::string list_text(const std::vector<std::string>& ids)
{
  return ids.empty() ? std::string("-") : fmt::format("{}", fmt::join(ids, ", "));
}

} // namespace

std::string render_text(const std::vector<Shown>& qcars)
{
  return text_report(qcars, [](const Shown& s) {
    std::string out;
    const auto& q = *s.read;
    const auto& r = *s.result;
    out += text_heading(s.path, s.id, to_string(r.status));
    // What rests on the notice (its response date, the deadline) is unknown while it is unread.
    out += fmt::format("  notice       {} (respond by {})\n", q.notice_id,
                       or_unknown(calendar::text(r.response_due)));
    out += fmt::format("  submitted    {}{}\n", or_dash(calendar::text(q.submitted)),
                       !r.response_on_time   ? fmt::format(" (on time: {})", k_unknown)
                       : *r.response_on_time ? " (on time)"
                                             : " (late)");
    out += fmt::format("  deadline     {}{}\n", or_unknown(calendar::text(q.deadline)),
                       q.extension_valid
                         ? fmt::format(" (extended from {})", calendar::text(q.original_deadline))
                         : std::string());
    out += fmt::format("  no action    {}\n", list_text(r.findings_without_action));
    out += fmt::format("  no evidence  {}\n", list_text(r.findings_without_evidence));
    out += fmt::format("  late         {}\n", list_text(r.evidence_late));
    const auto monitor = monitor_text(q);
    out += fmt::format("  monitor      {}\n", monitor == ": " ? "-" : monitor);
    out += text_findings(s.found);
    return out;
  });
}

std::string render_markdown(const std::vector<Shown>& qcars)
{
  std::string out = "| QCAR | Notice | Submitted | On time | Deadline | Extended | Without "
                    "evidence | Status |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : qcars) {
    if (!s.reported()) {
      out += fmt::format("| {} | (not reported: the file has errors) | | | | | | |\n",
                         markdown_cell(s.id.empty() ? s.path : s.id));
      continue;
    }
    const auto& q = *s.read;
    const auto& r = *s.result;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(s.id),
                       markdown_cell(q.notice_id), markdown_cell(calendar::text(q.submitted)),
                       yes_no(r.response_on_time), markdown_cell(or_unknown(calendar::text(q.deadline))),
                       yes_no(q.extension_valid),
                       markdown_cell(fmt::format("{}", fmt::join(r.findings_without_evidence, ", "))),
                       markdown_cell(to_string(r.status)));
  }
  std::string findings;
  for (const auto& s : qcars) {
    findings += markdown_findings(s.path, s.id, s.found, 2);
  }
  return findings.empty() ? out : out + "\n" + findings;
}

std::string render_csv(const std::vector<Shown>& qcars)
{
  std::string out = "qcar,notice,finding,action,measure,due\r\n";
  for (const auto& s : qcars) {
    if (s.read == nullptr) {
      continue;
    }
    const auto& q = *s.read;
    for (const auto& a : q.actions) {
      out += fmt::format("{},{},{},{},{},{}\r\n", csv_field(q.id), csv_field(q.notice_id),
                         csv_field(a.finding), csv_field(a.action), csv_field(a.measure),
                         calendar::text(a.due));
    }
  }
  return out;
}

} // namespace qicase::qcar

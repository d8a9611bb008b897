// Rendering a notice (notice::Notice) for people: text, markdown and CSV (and, for a notice, its
// letter).
#include <qicase/notice/notice.hpp>
#include <qicase/reference/calendar_file.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::notice {

namespace {

std::string_view category_words(std::string_view category)
{
  if (category == "reporting-timeliness")
    return "reporting timeliness and data quality";
  if (category == "performance-indicator")
    return "performance indicator standards";
  if (category == "recurring")
    return "repeated or recurring deficiency";
  if (category == "critical-incident")
    return "critical incident reporting timeliness";
  if (category == "safety-risk")
    return "risk to recipient safety, health or welfare";
  return "other";
}

std::string days_phrase(const json::Value& report)
{
  const json::Value* v = report.find("days_to_due");
  if (v == nullptr || v->is_null()) {
    return "";
  }
  const long days = std::stol(v->text());
  if (days == 0) {
    return "due today";
  }
  if (days > 0) {
    return fmt::format("{} day{} left", days, days == 1 ? "" : "s");
  }
  return fmt::format("{} day{} past due", -days, days == -1 ? "" : "s");
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
    // A part a file problem left unread shows as "-".
    auto shown = [&](std::string_view key) {
      auto text = json::field(r, key);
      return text.empty() ? std::string("-") : text;
    };
    const auto type = json::field(r, "recipient_type");
    out += fmt::format("  recipient    {}{}\n", shown("recipient"), type.empty() ? "" : " (" + type + ")");
    out += fmt::format("  issued       {} by {}\n", shown("issued"), shown("issuer"));
    out += fmt::format("  lists        {} finding{} of non-compliance\n", shown("finding_count"),
                       json::field(r, "finding_count") == "1" ? "" : "s");
    const auto status = field(r, "status");
    const auto phrase = status == "awaiting-response" || status == "overdue" ? days_phrase(r) : "";
    out += fmt::format("  response     {} due {}{}\n", shown("response_required"), shown("response_due"),
                       phrase.empty() ? "" : " (" + phrase + ")");
    out += fmt::format("  contest by   {}\n", shown("contest_by"));
    const auto responded = json::field(r, "responded");
    out += fmt::format("  responded    {}\n",
                       responded.empty() ? "-" : responded + " (" + json::field(r, "responded_by") + ")");
    out += json::text_findings(r);
  }
  return out;
}

std::string render_markdown(const std::vector<Entry>& entries)
{
  std::string out = "| Notice | Recipient | Issued | Response | Due | Contest by | Responded | "
                    "Status | Days to due |\n|---|---|---|---|---|---|---|---|---:|\n";
  auto cell = [](const std::string& s) { return markdown_cell(s); };
  for (const auto& e : entries) {
    const auto& r = e.report;
    if (r.is_null()) {
      out += fmt::format("| {} | (not reported: the file has errors) | | | | | | | |\n", cell(e.path));
      continue;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", cell(e.path),
                       cell(json::field(r, "recipient")), cell(json::field(r, "issued")),
                       cell(json::field(r, "response_required")), cell(json::field(r, "response_due")),
                       cell(json::field(r, "contest_by")), cell(json::field(r, "responded")),
                       cell(json::field(r, "status")), cell(json::field(r, "days_to_due")));
  }
  std::string findings;
  for (const auto& e : entries) {
    findings += json::markdown_findings(e, 2);
  }
  return findings.empty() ? out : out + "\n" + findings;
}

std::string render_csv(const std::vector<Entry>& entries)
{
  auto csv = [](const std::string& s) { return csv_field(s); };
  std::string out = "path,id,recipient,issued,response_required,response_due,contest_by,"
                    "responded,status,days_to_due\r\n";
  for (const auto& e : entries) {
    const auto& r = e.report;
    if (r.is_null()) {
      out += fmt::format("{},{},,,,,,,invalid,\r\n", csv(e.path), csv(e.id));
      continue;
    }
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", csv(e.path), csv(e.id),
                       csv(json::field(r, "recipient")), json::field(r, "issued"),
                       json::field(r, "response_required"), json::field(r, "response_due"),
                       json::field(r, "contest_by"), json::field(r, "responded"), json::field(r, "status"),
                       json::field(r, "days_to_due"));
  }
  return out;
}

std::string render_letter(const Notice& n)
{
  // Every piece of case text is escaped for markdown: the letter is rendered to HTML by whoever
  // reads it, and a notice's text must never run there.
  const auto md = [](const std::string& s) { return markdown_text(s); };
  std::string out;
  auto when = [](const std::optional<calendar::Date>& d) {
    return d ? calendar::long_date(*d) : std::string("(date not set)");
  };
  out += "# Notice of Non-Compliance\n\n";
  out += fmt::format("**{}**{}  \n", md(n.id), n.title.empty() ? "" : ": " + md(n.title));
  out += fmt::format("{}\n\n", when(n.issued));
  out += fmt::format("**To:** {}{}  \n", md(n.recipient),
                     n.recipient_type.empty() ? "" : fmt::format(" ({})", md(n.recipient_type)));
  if (!n.contact.empty()) {
    out += fmt::format("**Contact:** {}  \n", md(n.contact));
  }
  out += fmt::format("**From:** {}\n\n", md(n.issuer));
  out += fmt::format(
    "{} has found that {} has not met one or more established standards of performance. This "
    "notice states the basis and the objective evidence of each finding, the date by which you "
    "must respond in writing, and your opportunity to contest the findings.\n\n",
    md(n.issuer), md(n.recipient));
  out += "## Findings\n\n";
  for (const auto& f : n.findings) {
    out += fmt::format("### {}. {}\n\n", md(f.id), md(f.summary));
    const auto clause = reference::category_clause(f.category);
    out += fmt::format("- **Category:** {}{}\n", category_words(f.category),
                       clause.empty() ? "" : fmt::format(" ({})", clause));
    out += fmt::format("- **Statutory or regulatory basis:** {}\n", md(f.basis));
    out += "- **Objective evidence:**\n";
    for (const auto& e : f.evidence) {
      out += fmt::format("  - {}\n", md(e));
    }
    out += "\n";
  }
  out += "## Your written response\n\n";
  out += fmt::format("Respond in writing to {} by **{}** with {}.", md(n.issuer), when(n.response_due),
                     response_name(n.response_required));
  if (n.response_required == "qcar") {
    out += " The QCAR must identify the specific actions to remediate each deficiency, state "
           "how successful remediation will be measured, set a timeframe for remediation of no "
           "more than thirty (30) days from the date of this notice unless an extension is "
           "approved in advance, and provide evidence of remediation within that timeframe.";
  } else if (n.response_required == "cap") {
    out += " For each deficiency the CAP must state the actions based on an analysis of its "
           "causes, how each action is measured and monitored, the staff responsible, the "
           "anticipated timeframe with regular intervals to report progress, and the "
           "anticipated outcome of each action.";
  }
  out += "\n\n## Your opportunity to contest\n\n";
  if (n.contest_allowed) {
    out += fmt::format("You may contest these findings by writing to {} by **{}**, stating "
                       "which findings you contest and why.\n",
                       md(n.issuer), when(n.contest_by));
  } else {
    out += "(The opportunity to contest is not stated: procedure 4.9A B.3 requires it.)\n";
  }
  return out;
}

} // namespace qicase::notice

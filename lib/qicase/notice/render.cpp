// Rendering a notice (notice::Notice) and its result for people: text, markdown, CSV and its
// letter.
#include <qicase/notice/notice.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

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

std::string days_phrase(const std::optional<long>& days)
{
  if (!days) {
    return "";
  }
  if (*days == 0) {
    return "due today";
  }
  if (*days > 0) {
    return fmt::format("{} day{} left", *days, *days == 1 ? "" : "s");
  }
  return fmt::format("{} day{} past due", -*days, *days == -1 ? "" : "s");
}

std::string days_text(const std::optional<long>& days)
{
  return days ? std::to_string(*days) : std::string();
}

} // namespace

std::string render_text(const std::vector<Shown>& notices)
{
  return text_report(notices, [](const Shown& s) {
    std::string out;
    const auto& n = *s.read;
    const auto& r = *s.result;
    out += text_heading(s.path, s.id, to_string(r.status));
    // A part a file problem left unread shows as "-".
    const auto& type = n.recipient_type;
    out += fmt::format("  recipient    {}{}\n", or_dash(n.recipient), type.empty() ? "" : " (" + type + ")");
    out += fmt::format("  issued       {} by {}\n", or_dash(calendar::text(n.issued)), or_dash(n.issuer));
    out += fmt::format("  lists        {} finding{} of non-compliance\n", n.findings.size(),
                       n.findings.size() == 1 ? "" : "s");
    const auto phrase = r.status == Status::awaiting_response || r.status == Status::overdue
                          ? days_phrase(r.days_to_due)
                          : "";
    out += fmt::format("  response     {} due {}{}\n", or_dash(n.response_required),
                       or_dash(calendar::text(n.response_due)), phrase.empty() ? "" : " (" + phrase + ")");
    out += fmt::format("  contest by   {}\n", or_dash(calendar::text(n.contest_by)));
    out += fmt::format("  responded    {}\n",
                       r.responded ? r.responded->str() + " (" + r.responded_by + ")" : std::string("-"));
    out += text_findings(s.found);
    return out;
  });
}

std::string render_markdown(const std::vector<Shown>& notices)
{
  std::string out = "| Notice | Recipient | Issued | Response | Due | Contest by | Responded | "
                    "Status | Days to due |\n|---|---|---|---|---|---|---|---|---:|\n";
  for (const auto& s : notices) {
    if (!s.reported()) {
      out += fmt::format("| {} | (not reported: the file has errors) | | | | | | | |\n",
                         markdown_cell(s.path));
      continue;
    }
    const auto& n = *s.read;
    const auto& r = *s.result;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(s.path),
                       markdown_cell(n.recipient), markdown_cell(calendar::text(n.issued)),
                       markdown_cell(n.response_required), markdown_cell(calendar::text(n.response_due)),
                       markdown_cell(calendar::text(n.contest_by)),
                       markdown_cell(calendar::text(r.responded)), markdown_cell(to_string(r.status)),
                       markdown_cell(days_text(r.days_to_due)));
  }
  std::string findings;
  for (const auto& s : notices) {
    findings += markdown_findings(s.path, s.id, s.found, 2);
  }
  return findings.empty() ? out : out + "\n" + findings;
}

std::string render_csv(const std::vector<Shown>& notices)
{
  std::string out = "path,id,recipient,issued,response_required,response_due,contest_by,"
                    "responded,status,days_to_due\r\n";
  for (const auto& s : notices) {
    if (!s.reported()) {
      out += fmt::format("{},{},,,,,,,invalid,\r\n", csv_field(s.path), csv_field(s.id));
      continue;
    }
    const auto& n = *s.read;
    const auto& r = *s.result;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(s.path), csv_field(s.id),
                       csv_field(n.recipient), calendar::text(n.issued), n.response_required,
                       calendar::text(n.response_due), calendar::text(n.contest_by),
                       calendar::text(r.responded), to_string(r.status), days_text(r.days_to_due));
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

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

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_notice_fields[] = {
  {"kind",      As::text, Req::yes},
  {"id",        As::text, Req::yes},
  {"title",     As::text, Req::no},
  {"policy",    As::text, Req::no},
  {"issuer",    As::text, Req::yes,      {"notice.issuer",    "the organisation that issues the notice (4.9A B)"}},
  {"recipient", As::map,  Req::yes,      {"notice.recipient", "the member or provider the notice is issued to (4.9A B)"}},
  {"issued",    As::date, Req::yes,      {"notice.issued",    "the date the notice was issued, e.g. 2024-03-04"}},
  {"findings",  As::list, Req::nonempty, {"notice.findings",  "at least one finding (4.9A B.1)"}},
  {"response",  As::map,  Req::yes,      {"notice.response",  "`response:` with `required: qcar|cap|actionplan` and `within: 14d` or `due: DATE` (4.9A B.2, C)"}},
  {"contest",   As::map,  Req::yes,      {"notice.contest",   "`contest: {allowed: true}`: the notice must state the recipient's opportunity to contest the findings (4.9A B.3)"}},
  {"closed",    As::date, Req::no},
  {"measures",  As::list, Req::no},
  {"notes",     As::text, Req::no},
};
const yaml::Field k_recipient_fields[] = {
  {"name",     As::text,   Req::yes, {"notice.recipient", "the recipient's name"}},
  {"type",     As::choice, Req::yes, {"notice.recipient", "`type: member` or `type: provider`"}},
  {"contact",  As::text,   Req::no},
  {"delegate", As::text,   Req::no},
};
const yaml::Field k_finding_fields[] = {
  {"id",       As::text,   Req::yes,      {"notice.finding-id", "an id such as F1, so responses can name it"}},
  {"summary",  As::text,   Req::yes,      {"notice.summary",    "a one-line summary of the finding"}},
  {"category", As::choice, Req::yes,      {"notice.category",   "the kind of problem: reporting-timeliness, performance-indicator, recurring, critical-incident, safety-risk or other (4.9A L)"}},
  {"basis",    As::text,   Req::yes,      {"notice.basis",      "the statutory or regulatory basis of the finding (4.9A B.1)"}},
  {"evidence", As::texts,  Req::nonempty, {"notice.evidence",   "the objective evidence the finding rests on, one item a line (4.9A B.1)"}},
  {"notes",    As::text,   Req::no},
};
const yaml::Field k_response_fields[] = {
  {"required", As::choice,   Req::yes, {"notice.response-kind", "`required: qcar`, `cap` or `actionplan`: the response the notice requires (4.9A C)"}},
  {"within",   As::duration, Req::no},
  {"due",      As::date,     Req::no},
};
const yaml::Field k_contest_fields[] = {
  {"allowed", As::boolean, Req::yes, {"notice.contest", "`allowed: true` (4.9A B.3)"}},
  {"by",      As::date,    Req::no},
  {"filed",   As::date,    Req::no},
  {"outcome", As::choice,  Req::no},
};
const yaml::Field k_measure_fields[] = {
  {"measure", As::text, Req::yes, {"notice.measures", "the measure's name"}},
  {"rate",    As::rate, Req::yes, {"notice.measures", "the measure's rate"}},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_notice_fields},
  {"/properties/recipient", k_recipient_fields},
  {"/properties/findings/items", k_finding_fields},
  {"/properties/response", k_response_fields},
  {"/properties/contest", k_contest_fields},
  {"/properties/measures/items", k_measure_fields},
};

std::string_view response_name(std::string_view kind)
{
  if (kind == "qcar") {
    return "a Quality Corrective Action Response (QCAR)";
  }
  if (kind == "cap") {
    return "a Corrective Action Plan (CAP)";
  }
  if (kind == "actionplan") {
    return "an action plan";
  }
  return "a written response";
}

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

} // namespace

Notice read_notice(const Document& doc, Context& ctx, Diagnostics& diags)
{
  Notice n;
  n.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_notice_fields, "the notice");
  n.title = top.text("title").value_or("");
  top.text("notes");
  if (auto policy = top.text("policy")) {
    n.policy = *policy;
  } else {
    n.policy = ctx.policy;
  }
  auto policy = reference::policy_for(ctx, doc, n.policy, top.mark_of("policy"), diags);
  n.rules = policy;
  n.path = doc.path;

  n.issuer = top.text("issuer").value_or("");
  yaml::Fields recipient(top.map("recipient"), diags, k_recipient_fields, "`recipient`", top.mark());
  if (recipient.ok()) {
    n.recipient = recipient.text("name").value_or("");
    n.recipient_type = recipient.choice("type", {"member", "provider"}).value_or("");
    n.contact = recipient.text("contact").value_or("");
    n.recipient_delegate = recipient.text("delegate").value_or(""); // its registry id
    n.recipient_delegate_mark = recipient.mark_of("delegate");
    n.recipient_mark = recipient.mark_of("name");
  }
  n.issued = top.date("issued");

  // Findings: B.1 basis and objective evidence for each.
  if (const auto* list = top.list("findings")) {
    for (std::size_t i = 0; i < list->children.size(); ++i) {
      const auto& item = list->children[i];
      yaml::Fields f(&item, diags, k_finding_fields, fmt::format("finding {}", i + 1), item.mark);
      if (!f.ok()) {
        if (item.is_null()) {
          diags.error(item.mark, "notice.findings",
                      "empty finding: give id, summary, category, "
                      "basis and evidence (4.9A B.1)");
        }
        continue;
      }
      Finding finding;
      finding.mark = item.mark;
      finding.id = f.text("id").value_or("");
      f.text("notes");
      if (!finding.id.empty()) {
        for (const auto& other : n.findings) {
          if (other.id == finding.id) {
            diags.error(f.mark_of("id"), "notice.finding-id",
                        fmt::format("finding id `{}` is used twice (first at line {}): give each "
                                    "finding its own id",
                                    finding.id, other.mark.line));
          }
        }
      }
      finding.summary = f.text("summary").value_or("");
      finding.category = f.choice("category", reference::finding_categories()).value_or("");
      finding.basis = f.text("basis").value_or("");
      finding.evidence = f.texts("evidence");
      // L: a finding of a CAP-typical category answered by a QCAR draws a warning (below).
      finding.cap_category = !finding.category.empty()
                             && std::find(policy->cap_categories.begin(), policy->cap_categories.end(),
                                          finding.category)
                                  != policy->cap_categories.end();
      if (finding.cap_category) {
        n.cap_may_be_required.push_back(finding.id);
      }
      n.findings.push_back(std::move(finding));
    }
  }

  // Response: C (what is required) and B.2 (by when).
  yaml::Fields response(top.map("response"), diags, k_response_fields, "`response`", top.mark());
  if (response.ok()) {
    n.response_required = response.choice("required", {"qcar", "cap", "actionplan"}).value_or("");
    n.response_within = response.duration("within");
    auto due = response.date("due");
    reference::warn_day_off(*ctx.calendar, due, response.mark_of("due"), "due", diags);
    const bool has_within = response.has("within");
    const bool has_due = response.has("due");
    if (has_within && has_due) {
      diags.error(response.mark_of("due"), "notice.response-date",
                  "give `within` or `due`, not both: the notice states one response date "
                  "(4.9A B.2)");
    } else if (!has_within && !has_due) {
      diags.error(response.mark(), "notice.response-date",
                  "`response` has no date: add `within: 14d` or `due: DATE`, the date by which "
                  "the recipient must respond in writing (4.9A B.2)");
    }
    if (n.response_within && n.response_within->count <= 0) {
      diags.error(response.mark_of("within"), "notice.response-date",
                  "`within` must be at least one day, e.g. 14d (4.9A B.2)");
      n.response_within.reset();
    }
    if (due) {
      n.response_due = due;
    } else if (n.response_within && n.issued && !has_due) {
      n.response_due = ctx.calendar->add(*n.issued, *n.response_within);
      if (!n.response_due->in_range()) {
        diags.error(response.mark_of("within"), "notice.response-date",
                    fmt::format("{} + {} falls after 9999-12-31 (or no business day comes): check "
                                "the issue date and the calendar",
                                n.issued->str(), n.response_within->str()));
        n.response_due.reset();
      }
    }
    if (due && n.issued && *due <= *n.issued) {
      diags.error(response.mark_of("due"), "notice.response-date",
                  fmt::format("the response is due {}, not after the notice was issued ({}): "
                              "give the recipient time to respond (4.9A B.2)",
                              due->str(), n.issued->str()));
    }
    if (n.response_required == "qcar") {
      for (const auto& finding : n.findings) {
        if (!finding.cap_category) {
          continue;
        }
        const auto clause = reference::category_clause(finding.category);
        diags.warning(finding.mark, "notice.cap-category",
                      fmt::format("finding {} is a {} finding ({}): a CAP may be required "
                                  "rather than a QCAR; set `required: cap` if so",
                                  finding.id.empty() ? "?" : finding.id, finding.category,
                                  clause.empty() ? "4.9A L" : clause));
      }
    }
  }

  // Contest: B.3.
  yaml::Fields contest(top.map("contest"), diags, k_contest_fields, "`contest`", top.mark());
  if (contest.ok()) {
    auto allowed = contest.boolean("allowed");
    n.contest_allowed = allowed.value_or(false);
    if (allowed && !*allowed) {
      diags.error(contest.mark_of("allowed"), "notice.contest",
                  "`allowed: false`: procedure 4.9A B.3 requires the notice to explain the "
                  "recipient's opportunity to contest the findings; write `allowed: true`");
    }
    n.contest_by = contest.date("by");
    reference::warn_day_off(*ctx.calendar, n.contest_by, contest.mark_of("by"), "by", diags);
    n.contest_filed = contest.date("filed");
    n.contest_outcome = contest.choice("outcome", {"upheld", "withdrawn", "modified"}).value_or("");
    if (n.contest_by && n.issued && *n.contest_by < *n.issued) {
      diags.error(contest.mark_of("by"), "notice.contest",
                  fmt::format("contest deadline {} is before the notice was issued ({})", n.contest_by->str(),
                              n.issued->str()));
    }
    if (!n.contest_by) {
      n.contest_by = n.response_due;
    }
    if (n.contest_filed && n.issued && *n.contest_filed < *n.issued) {
      diags.error(contest.mark_of("filed"), "notice.contest",
                  fmt::format("contest filed {}, before the notice was issued ({})", n.contest_filed->str(),
                              n.issued->str()));
    }
    if (n.contest_filed && n.contest_by && *n.contest_filed > *n.contest_by) {
      diags.warning(contest.mark_of("filed"), "notice.contest-late",
                    fmt::format("contest filed {}, after the contest deadline {}", n.contest_filed->str(),
                                n.contest_by->str()));
    }
    if (!n.contest_outcome.empty() && !n.contest_filed) {
      diags.error(contest.mark_of("outcome"), "notice.contest",
                  "a contest `outcome` needs the date the contest was `filed`");
    }
  }

  // The measures and rates a coaching notification lists (QI 27A.2: the lowest three are
  // worked on).
  if (const auto* measures = top.list("measures")) {
    for (const auto& item : measures->children) {
      yaml::Fields mf(&item, diags, k_measure_fields, "a measure", item.mark);
      auto name = mf.text("measure");
      auto rate = mf.rate("rate");
      if (name && rate) {
        n.measure_rates.emplace_back(*name, *rate);
      }
    }
  }

  n.closed = top.date("closed");
  if (n.closed && n.issued && *n.closed < *n.issued) {
    diags.error(
      top.mark_of("closed"), "notice.closed",
      fmt::format("closed {}, before the notice was issued ({})", n.closed->str(), n.issued->str()));
  }
  for (std::size_t i = 0; i < n.findings.size(); ++i) {
    n.finding_index.emplace(n.findings[i].id, i);
  }
  return n;
}

const Finding* Notice::finding(std::string_view finding_id) const
{
  const auto it = finding_index.find(std::string(finding_id));
  return it == finding_index.end() ? nullptr : &findings[it->second];
}

std::shared_ptr<const Notice> notice_for(Context& ctx, const Document& from, std::string_view id, Mark mark,
                                         Diagnostics& diags)
{
  const Document* doc = ctx.workspace.resolve(id, from);
  if (doc == nullptr) {
    diags.error(mark, "ref.dangling",
                fmt::format("no notice with id `{}`: none among the files given, nor in this "
                            "folder or its parents up to the repository root{}",
                            id.substr(0, 60), ctx.workspace.skipped_note(from)));
    return nullptr;
  }
  if (!doc->usable() || doc->kind != "notice") {
    diags.error(
      mark, "ref.kind",
      fmt::format("`{}` is a {} ({}), not a notice", id, doc->kind.empty() ? "file" : doc->kind, doc->path));
    return nullptr;
  }
  auto read = read_once(*doc, ctx);
  if (read->errors) {
    diags.error(mark, "ref.invalid",
                fmt::format("notice `{}` ({}) has errors: run `qicase check {}`", id, doc->path, doc->path));
    return nullptr;
  }
  return std::shared_ptr<const Notice>(read, &read->notice);
}

std::shared_ptr<const NoticeRead> read_once(const Document& doc, Context& ctx)
{
  return ctx.workspace.cached<NoticeRead>(&doc, "notice", [&] {
    const auto tree = doc.hold(); // another file's notice may be packed (check::load_all)
    auto r = std::make_shared<NoticeRead>();
    r->diags = Diagnostics(doc.path);
    r->notice = read_notice(doc, ctx, r->diags);
    r->errors = doc.load.has_errors() || r->diags.has_errors();
    return std::shared_ptr<const NoticeRead>(r);
  });
}

Responses responses_to(const Notice& n, const Document& doc, Context& ctx)
{
  // Responses: any file that names this notice and has a `submitted` date by --as-of.
  Responses out;
  for (const Document* other : ctx.workspace.referring("notice", n.id, doc)) {
    auto parsed = calendar::parse_date(other->field("submitted"));
    out.all.push_back({other, parsed.date});
    if (parsed.date && *parsed.date <= ctx.as_of && (!out.first || *parsed.date < *out.first)) {
      out.first = parsed.date;
      out.first_by = other->id;
    }
  }
  return out;
}

json::Value report(const Notice& n, const Responses& answers, Context& ctx)
{
  const auto& responded = answers.first;
  const auto& responded_by = answers.first_by;
  json::Value responses = json::Value::array();
  for (const auto& [other, submitted] : answers.all) {
    json::Value entry = json::Value::object();
    entry.set("id", other->id);
    entry.set("kind", other->kind);
    entry.set("path", other->path);
    entry.set("submitted", calendar::to_json(submitted));
    responses.push(std::move(entry));
  }

  std::string status;
  const bool withdrawn = n.contest_outcome == "withdrawn";
  if ((n.closed && *n.closed <= ctx.as_of) || withdrawn) {
    status = "closed";
  } else if (n.contest_filed && *n.contest_filed <= ctx.as_of && n.contest_outcome.empty()
             && (!n.contest_by || *n.contest_filed <= *n.contest_by)) {
    // B.3: a contest filed in time holds the notice until it is decided. One filed after the
    // contest date does not stop the response clock (B.2): the notice stays awaiting or overdue,
    // and the late contest is a finding (notice.contest-late).
    status = "contested";
  } else if (responded) {
    status = "responded";
  } else if (n.response_due && ctx.as_of > *n.response_due) {
    status = "overdue";
  } else {
    status = "awaiting-response";
  }

  json::Value r = json::Value::object();
  r.set("issued", calendar::to_json(n.issued));
  r.set("issuer", n.issuer);
  r.set("recipient", n.recipient);
  r.set("recipient_type", n.recipient_type);
  r.set("policy", n.policy);
  r.set("finding_count", static_cast<int>(n.findings.size()));
  r.set("response_required", n.response_required);
  r.set("response_due", calendar::to_json(n.response_due));
  r.set("contest_by", calendar::to_json(n.contest_by));
  r.set("contest_filed", calendar::to_json(n.contest_filed));
  r.set("responded", calendar::to_json(responded));
  r.set("responded_by", responded ? json::Value(responded_by) : json::Value());
  r.set("responses", std::move(responses));
  r.set("status", status);
  r.set("days_to_due", n.response_due ? json::Value(*n.response_due - ctx.as_of) : json::Value());
  json::Value cap = json::Value::array();
  for (const auto& id : n.cap_may_be_required) {
    cap.push(id);
  }
  r.set("cap_may_be_required", std::move(cap));
  return r;
}

void obligations(const Notice& n, const Responses& answers, const Document& doc, Context& ctx,
                 Obligations& out)
{
  if (!doc.root) {
    return;
  }
  const auto& root = *doc.root;
  const bool closed = (n.closed && *n.closed <= ctx.as_of) || n.contest_outcome == "withdrawn";
  if (n.response_due) {
    // B.2: the written response the notice requires (C), met by the first file answering it.
    Obligation o;
    o.key = "response";
    o.what = fmt::format("{} in answer to the notice", response_name(n.response_required));
    o.due = *n.response_due;
    o.done = answers.first.has_value() || closed;
    o.done_on = answers.first ? answers.first : closed ? n.closed : std::nullopt;
    if (answers.first) {
      o.note = fmt::format("answered by {}", answers.first_by);
    } else if (closed) {
      o.note = "notice closed";
    }
    o.owner = n.recipient;
    o.clause = "4.9A B.2";
    o.mark = yaml::mark_at(root, {"response.due", "response.within"});
    out.push_back(std::move(o));
  }
  if (n.contest_allowed && n.contest_by) {
    // B.3: the opportunity to contest. Not a duty: once the date passes with no contest the
    // window is closed, which is "done" with a note, never "overdue".
    Obligation o;
    o.key = "contest";
    o.what = "last day to contest the findings";
    o.due = *n.contest_by;
    const bool filed = n.contest_filed && *n.contest_filed <= ctx.as_of;
    o.done = filed || closed || ctx.as_of > *n.contest_by;
    o.done_on = filed ? n.contest_filed : std::nullopt;
    o.note = filed               ? fmt::format("contest filed {}", n.contest_filed->str())
             : o.done && !closed ? "window closed without a contest"
                                 : std::string();
    o.owner = n.recipient;
    o.clause = "4.9A B.3";
    o.mark = yaml::mark_at(root, {"contest.by", "contest.allowed"});
    out.push_back(std::move(o));
  }
}

namespace {

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

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::notice

// Reading a notice (notice::Notice): its field tables, the file read into the typed case, and the
// rules checked while reading (file problems and findings, each citing its clause).
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

} // namespace

namespace {

// Findings (4.9A B.1): each with its basis and objective evidence, ids unique; a finding of a
// category the policy says may need a CAP is marked (4.9A L).
void read_findings(Notice& n, yaml::Fields& top, const reference::Policy& policy, Diagnostics& diags)
{
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
                             && std::find(policy.cap_categories.begin(), policy.cap_categories.end(),
                                          finding.category)
                                  != policy.cap_categories.end();
      if (finding.cap_category) {
        n.cap_may_be_required.push_back(finding.id);
      }
      n.findings.push_back(std::move(finding));
    }
  }
}

// The response (4.9A C: what is required; B.2: by when): `within` or `due`, not both, after the
// notice's date; a QCAR asked for a finding that may need a CAP draws a warning (4.9A L).
void read_response(Notice& n, yaml::Fields& top, Context& ctx, Diagnostics& diags)
{
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
}

// The opportunity to contest the findings (4.9A B.3), its deadline (else the response date),
// and a contest filed and decided.
void read_contest(Notice& n, yaml::Fields& top, Context& ctx, Diagnostics& diags)
{
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
}

// The measures and rates a coaching notification lists (QI 27A.2: the lowest three are worked
// on).
void read_measures(Notice& n, yaml::Fields& top, Diagnostics& diags)
{
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
  n.issued_mark = top.mark_of("issued");

  read_findings(n, top, *policy, diags);
  read_response(n, top, ctx, diags);
  read_contest(n, top, ctx, diags);
  read_measures(n, top, diags);
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

namespace {
// What read_once() caches a notice's reading under.
constexpr std::string_view k_reading = "notice";
} // namespace

void forget_readings(Context& ctx)
{
  ctx.workspace.forget(k_reading);
}

std::shared_ptr<const NoticeRead> read_once(const Document& doc, Context& ctx)
{
  return ctx.workspace.cached<NoticeRead>(&doc, k_reading, [&] {
    const auto tree = doc.hold(); // another file's notice may be packed (check::load_all)
    auto r = std::make_shared<NoticeRead>();
    r->diags = Diagnostics(doc.path);
    r->notice = read_notice(doc, ctx, r->diags);
    r->errors = doc.load.has_errors() || r->diags.has_errors();
    return std::shared_ptr<const NoticeRead>(r);
  });
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

std::string answer_id(std::string_view notice_id, std::string_view prefix)
{
  const auto dash = notice_id.find('-');
  return std::string(prefix) + "-"
         + std::string(dash == std::string_view::npos ? notice_id : notice_id.substr(dash + 1));
}

std::string comment_text(std::string_view text)
{
  std::string out;
  for (char c : text) {
    out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return out;
}

std::string comment_date(const std::optional<calendar::Date>& date)
{
  return date ? date->str() : std::string("(unknown)");
}

std::string answer_heading(const Notice& n, std::string_view kind, std::string_view delegate)
{
  return fmt::format("# A {} answering {} ({}), issued {} by {} to {}{}.\n", kind, n.id,
                     comment_text(n.title), comment_date(n.issued), comment_text(n.issuer),
                     comment_text(n.recipient),
                     delegate.empty() ? "" : fmt::format(" (delegate {})", comment_text(delegate)));
}

} // namespace qicase::notice

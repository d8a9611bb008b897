// Reading a QCAR (qcar::Qcar): its field tables, the file read into the typed case, and the rules
// checked while reading (file problems and findings, each citing its clause).
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

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_qcar_fields[] = {
  {"kind",      As::text, Req::yes},
  {"id",        As::text, Req::yes},
  {"title",     As::text, Req::no},
  {"notice",    As::text, Req::yes,      {"qcar.notice",    "the id of the notice this QCAR answers, e.g. `notice: NNC-2024-017`"}},
  {"submitted", As::date, Req::yes,      {"qcar.submitted", "the date the written response was submitted (4.9A B.2)"}},
  {"monitor",   As::map,  Req::yes,      {"qcar.monitor",   "`monitor: {area: quality|it|operations|other, staff: ...}`: who at the issuer follows it up (4.9A E)"}},
  {"actions",   As::list, Req::nonempty, {"qcar.actions",   "the actions that remediate each finding (4.9A D.1)"}},
  {"extension", As::map,  Req::no},
  {"evidence",  As::list, Req::no},
  {"notes",     As::text, Req::no},
};

const yaml::Field k_monitor_fields[] = {
  {"area",  As::choice, Req::yes, {"qcar.monitor", "`area`: quality, it, operations or other (4.9A E)"}},
  {"staff", As::text,   Req::yes, {"qcar.monitor", "`staff`: the staff responsible for that area (4.9A E)"}},
};

const yaml::Field k_extension_fields[] = {
  {"requested", As::date, Req::yes, {"qcar.extension", "the date the extension was requested"}},
  {"approved",  As::date, Req::yes, {"qcar.extension", "the date the issuer approved it; it must be on or before the deadline it extends (4.9A D.3)"}},
  {"until",     As::date, Req::yes, {"qcar.extension", "the new deadline"}},
  {"notes",     As::text, Req::no},
};

const yaml::Field k_action_fields[] = {
  {"finding", As::text, Req::yes, {"qcar.finding", "the id of the notice's finding it answers, e.g. F1"}},
  {"action",  As::text, Req::yes, {"qcar.action",  "the specific action to be taken (4.9A D.1)"}},
  {"measure", As::text, Req::yes, {"qcar.measure", "how successful remediation will be determined or measured (4.9A D.2)"}},
  {"due",     As::date, Req::yes, {"qcar.due",     "the date the action is done, within the remediation timeframe (4.9A D.3)"}},
  {"owner",   As::text, Req::no},
  {"notes",   As::text, Req::no},
};

const yaml::Field k_evidence_fields[] = {
  {"finding",     As::text, Req::yes, {"qcar.finding",  "the id of the notice's finding it answers, e.g. F1"}},
  {"date",        As::date, Req::yes, {"qcar.evidence", "the date the evidence was provided (4.9A D.4)"}},
  {"description", As::text, Req::yes, {"qcar.evidence", "what the evidence shows (4.9A D.4)"}},
  {"file",        As::text, Req::no},
  {"sha256",      As::text, Req::no},
  {"size",        As::integer, Req::no},
};

// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_qcar_fields},
  {"/properties/monitor", k_monitor_fields},
  {"/properties/extension", k_extension_fields},
  {"/properties/actions/items", k_action_fields},
  {"/properties/evidence/items", k_evidence_fields},
};

std::vector<std::string_view> finding_ids(const notice::Notice& n)
{
  std::vector<std::string_view> ids;
  for (const auto& f : n.findings) {
    ids.push_back(f.id);
  }
  return ids;
}

// The finding a QCAR item names must be one of the notice's.
void check_finding(const Qcar& q, const std::string& finding, Mark mark, Diagnostics& diags)
{
  if (!q.notice || finding.empty() || q.notice->finding(finding) != nullptr) {
    return;
  }
  if (diags.full("qcar.finding")) {
    diags.error(mark, "qcar.finding", {}); // counted only: no message to build
    return;
  }
  const auto ids = finding_ids(*q.notice);
  std::string list;
  for (std::size_t i = 0; i < ids.size() && i < 20; ++i) {
    list += (list.empty() ? "" : ", ") + std::string(ids[i]);
  }
  if (ids.size() > 20) {
    list += fmt::format(" and {} more", ids.size() - 20);
  }
  auto hint = suggest(finding, ids);
  hint.aside.related = q.notice->path;
  hint.aside.related_mark = q.notice->findings.empty() ? Mark{} : q.notice->findings.front().mark;
  hint.aside.relation = fmt::format("the findings of notice {}", q.notice_id);
  diags.error(mark, "qcar.finding",
              fmt::format("notice {} has no finding `{}`{}: its findings are {}", q.notice_id,
                          clip(finding, 40), hint.text, list),
              std::move(hint.aside));
}

} // namespace

std::optional<calendar::Date> remediation_deadline(const notice::Notice& n, const calendar::Calendar& cal)
{
  if (!n.issued || !n.rules) {
    return std::nullopt;
  }
  return reference::roll(n.rules->deadline_roll, cal.add(*n.issued, n.rules->qcar_max_timeframe), cal);
}

namespace {

// D.3: the remediation timeframe: the notice's date plus the policy's window (30 days in
// 4.9A), moved off a non-business day as the policy says; a response before the notice, and one
// to a notice that asks for something else, are reported.
void read_timeframe(Qcar& q, const notice::Notice* n, yaml::Fields& top, Context& ctx, Diagnostics& diags)
{
  if (n != nullptr && n->issued) {
    const auto& rules = *n->rules;
    q.original_deadline = remediation_deadline(*n, *ctx.calendar);
    if (!q.original_deadline->in_range()) {
      diags.error(top.mark_of("notice"), "qcar.deadline",
                  fmt::format("the remediation deadline, {} + {}, falls outside 0001-01-01 to "
                              "9999-12-31 (or no business day comes): check the notice's date "
                              "and the calendar (4.9A D.3)",
                              n->issued->str(), rules.qcar_max_timeframe.str()));
      q.original_deadline.reset();
    }
    q.deadline = q.original_deadline;
    if (n->response_required != "qcar") {
      diags.warning(top.mark_of("notice"), "qcar.notice-requires",
                    fmt::format("notice {} requires {}, not a QCAR (4.9A C): answer it with "
                                "`kind: {}`",
                                q.notice_id, n->response_required == "cap" ? "a CAP" : "an action plan",
                                n->response_required));
    }
  }
  if (q.submitted && n != nullptr && n->issued && *q.submitted < *n->issued) {
    diags.error(top.mark_of("submitted"), "qcar.submitted",
                fmt::format("submitted {}, before notice {} was issued ({})", q.submitted->str(), q.notice_id,
                            n->issued->str()),
                n->there(n->issued_mark, "the issue date"));
  }
}

// Extension: moves the deadline only when approved on or before the deadline it extends
// ("unless LRE approves, in advance, an extension", 4.9A D.3); why it does not, when it does not,
// is kept for `diff` (qcar::backing).
void read_extension(Qcar& q, yaml::Fields& top, Context& ctx, Diagnostics& diags)
{
  yaml::Fields ext(top.map("extension"), diags, k_extension_fields, "`extension`", top.mark());
  if (ext.ok()) {
    ext.text("notes");
    q.extension_requested = ext.date("requested");
    q.extension_approved = ext.date("approved");
    q.extension_until = ext.date("until");
    reference::warn_day_off(*ctx.calendar, q.extension_until, ext.mark_of("until"), "until", diags);
    bool valid = q.extension_approved && q.extension_until.has_value();
    // 4.9A D.3 asks only that the approval come before the deadline it extends. One dated before
    // the request is odd (a typo, or a request written down after a call) but not by that alone
    // invalid: a warning, and the extension still counts.
    if (q.extension_requested && q.extension_approved && *q.extension_approved < *q.extension_requested) {
      diags.warning(ext.mark_of("approved"), "qcar.extension",
                    fmt::format("approved {}, before it was requested ({}): check both dates; the "
                                "extension counts, as 4.9A D.3 asks only for approval before the "
                                "deadline it extends",
                                q.extension_approved->str(), q.extension_requested->str()));
    }
    if (q.extension_approved && q.original_deadline && *q.extension_approved > *q.original_deadline) {
      diags.error(ext.mark_of("approved"), "qcar.extension-late",
                  fmt::format("the extension was approved {}, after the deadline it extends "
                              "({}): 4.9A D.3 requires approval in advance, so the deadline "
                              "stays {}",
                              q.extension_approved->str(), q.original_deadline->str(),
                              q.original_deadline->str()));
      valid = false;
      q.extension_problem = fmt::format("approved {}, after the deadline it extends ({}): approval "
                                        "comes in advance",
                                        q.extension_approved->str(), q.original_deadline->str());
    }
    if (q.extension_until && q.original_deadline && *q.extension_until <= *q.original_deadline) {
      diags.warning(ext.mark_of("until"), "qcar.extension",
                    fmt::format("the extension ends {}, not after the deadline it extends ({})",
                                q.extension_until->str(), q.original_deadline->str()));
      valid = false;
      if (q.extension_problem.empty()) {
        q.extension_problem = fmt::format("it ends {}, not after the deadline it extends ({})",
                                          q.extension_until->str(), q.original_deadline->str());
      }
    }
    if (!valid && q.extension_problem.empty()) {
      q.extension_problem = !q.extension_approved ? "not approved" : "no `until` date";
    }
    q.extension_valid = valid && q.original_deadline.has_value();
    if (q.extension_valid) {
      q.deadline = q.extension_until;
    }
  }
}

// D.1-D.3: actions.
void read_action(Qcar& q, yaml::Fields& a, std::size_t i, const notice::Notice* n, Diagnostics& diags)
{
  Action action;
  action.mark = a.mark();
  action.index = i;
  action.finding = a.text("finding").value_or("");
  action.action = a.text("action").value_or("");
  action.measure = a.text("measure").value_or("");
  action.due = a.date("due");
  action.owner = a.text("owner").value_or("");
  a.text("notes");
  check_finding(q, action.finding, a.mark_of("finding"), diags);
  if (action.due && q.deadline && *action.due > *q.deadline) {
    diags.error(
      a.mark_of("due"), "qcar.due-late",
      fmt::format("action due {}, after the remediation deadline {} ({}): 4.9A "
                  "D.3 allows no more than {} from the notice unless an extension "
                  "is approved in advance",
                  action.due->str(), q.deadline->str(),
                  q.extension_valid ? "as extended" : "notice date + policy window",
                  n != nullptr ? n->rules->qcar_max_timeframe.str() : std::string("the policy's window")));
  }
  if (action.due && n != nullptr && n->issued && *action.due < *n->issued) {
    diags.error(a.mark_of("due"), "qcar.due",
                fmt::format("action due {}, before notice {} was issued ({})", action.due->str(), q.notice_id,
                            n->issued->str()),
                n->there(n->issued_mark, "the issue date"));
  }
  q.actions.push_back(std::move(action));
}

// D.4: evidence of remediation, within the timeframe.
void read_evidence(Qcar& q, yaml::Fields& e, const notice::Notice* n, const Document& doc, Context& ctx,
                   Diagnostics& diags)
{
  Evidence ev;
  ev.mark = e.mark();
  ev.finding = e.text("finding").value_or("");
  ev.date = e.date("date");
  ev.description = e.text("description").value_or("");
  // D.4: the document that proves the remediation: it closes a finding, so it must exist.
  ev.citation = evidence::read(e, diags);
  if (ev.citation) {
    ev.file = ev.citation->file;
    ev.citation->date = ev.date;
    ev.citation->item = ev.finding;
    evidence::verify(*ev.citation, doc, ctx, diags, true);
  }
  check_finding(q, ev.finding, e.mark_of("finding"), diags);
  if (ev.date && n != nullptr && n->issued && *ev.date < *n->issued) {
    diags.error(e.mark_of("date"), "qcar.evidence-date",
                fmt::format("evidence dated {}, before notice {} was issued ({}): evidence "
                            "of remediation comes after the finding",
                            ev.date->str(), q.notice_id, n->issued->str()),
                n->there(n->issued_mark, "the issue date"));
  } else if (ev.date && q.deadline && *ev.date > *q.deadline) {
    diags.warning(e.mark_of("date"), "qcar.evidence-late",
                  fmt::format("evidence for {} dated {}, after the remediation deadline {} "
                              "(4.9A D.4)",
                              ev.finding, ev.date->str(), q.deadline->str()));
  }
  q.evidence.push_back(std::move(ev));
}

// D.1: every finding of the notice needs at least one action; B.2: a response after its date is
// late.
void check_coverage(const Qcar& q, const notice::Notice* n, yaml::Fields& top, Diagnostics& diags)
{
  if (n != nullptr) {
    std::unordered_set<std::string_view> answered;
    for (const auto& a : q.actions) {
      answered.insert(a.finding);
    }
    for (const auto& f : n->findings) {
      const bool covered = answered.count(f.id) != 0;
      if (!covered && top.has("actions")) {
        diags.error(top.mark_of("actions"), "qcar.finding-uncovered",
                    fmt::format("finding {} of notice {} ({}) has no action: add one with "
                                "`finding: {}` (4.9A D.1)",
                                f.id, q.notice_id, f.summary, f.id),
                    n->there(f.mark, fmt::format("finding {}", f.id)));
      }
    }
  }
  if (q.submitted && n != nullptr && n->response_due && *q.submitted > *n->response_due) {
    diags.warning(top.mark_of("submitted"), "qcar.late-response",
                  fmt::format("submitted {}, after the response date {} of notice {} (4.9A B.2)",
                              q.submitted->str(), n->response_due->str(), q.notice_id),
                  n->there(n->issued_mark, "the response date"));
  }
}

} // namespace

Qcar read_qcar(const Document& doc, Context& ctx, Diagnostics& diags)
{
  Qcar q;
  q.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_qcar_fields, "the QCAR");
  top.text("title");
  top.text("notes");
  if (auto id = top.text("notice")) {
    q.notice_id = *id;
    q.notice = notice::notice_for(ctx, doc, *id, top.mark_of("notice"), diags);
  }
  const notice::Notice* n = q.notice.get();
  q.submitted = top.date("submitted");

  // E: the issuer's staff for the area monitor the response.
  yaml::Fields monitor(top.map("monitor"), diags, k_monitor_fields, "`monitor`", top.mark());
  if (monitor.ok()) {
    q.monitor_area = monitor.choice("area", {"quality", "it", "operations", "other"}).value_or("");
    q.monitor_staff = monitor.text("staff").value_or("");
  }
  read_timeframe(q, n, top, ctx, diags);
  read_extension(q, top, ctx, diags);
  top.each("actions", k_action_fields, "action",
           [&](yaml::Fields& a, std::size_t i) { read_action(q, a, i, n, diags); });
  top.each("evidence", k_evidence_fields, "evidence",
           [&](yaml::Fields& e, std::size_t) { read_evidence(q, e, n, doc, ctx, diags); });
  check_coverage(q, n, top, diags);
  return q;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::qcar

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
  {"file",        As::any,  Req::no},
  {"sha256",      As::any,  Req::no},
  {"size",        As::any,  Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_qcar_fields},
  {"/properties/monitor", k_monitor_fields},
  {"/properties/extension", k_extension_fields},
  {"/properties/actions/items", k_action_fields},
  {"/properties/evidence/items", k_evidence_fields},
};

std::string date_text(const std::optional<calendar::Date>& d)
{
  return d ? d->str() : std::string();
}

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
  diags.error(mark, "qcar.finding",
              fmt::format("notice {} has no finding `{}`{}: its findings are {}", q.notice_id,
                          clip(finding, 40), did_you_mean(finding, ids), list));
}

} // namespace

bool counts(const Qcar& q, const Evidence& e, calendar::Date as_of)
{
  if (!e.date || *e.date > as_of) {
    return false;
  }
  const notice::Notice* n = q.notice.get();
  return (n == nullptr || !n->issued || *e.date >= *n->issued) && evidence::sound(e.citation);
}

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

  // D.3: the remediation timeframe: the notice's date plus the policy's window (30 days in
  // 4.9A), moved off a non-business day as the policy says.
  if (n != nullptr && n->issued) {
    const auto& rules = *n->rules;
    q.original_deadline = reference::roll(
      rules.deadline_roll, ctx.calendar->add(*n->issued, rules.qcar_max_timeframe), *ctx.calendar);
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
                            n->issued->str()));
  }

  // Extension: moves the deadline only when approved on or before the deadline it extends
  // ("unless LRE approves, in advance, an extension", 4.9A D.3).
  yaml::Fields ext(top.map("extension"), diags, k_extension_fields, "`extension`", top.mark());
  if (ext.ok()) {
    ext.text("notes");
    q.extension_requested = ext.date("requested");
    q.extension_approved = ext.date("approved");
    q.extension_until = ext.date("until");
    reference::warn_day_off(*ctx.calendar, q.extension_until, ext.mark_of("until"), "until", diags);
    bool valid = q.extension_approved && q.extension_until.has_value();
    if (q.extension_requested && q.extension_approved && *q.extension_approved < *q.extension_requested) {
      diags.error(ext.mark_of("approved"), "qcar.extension",
                  fmt::format("approved {}, before it was requested ({})", q.extension_approved->str(),
                              q.extension_requested->str()));
      valid = false;
      q.extension_problem = fmt::format("approved {}, before it was requested ({})",
                                        q.extension_approved->str(), q.extension_requested->str());
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

  // D.1-D.3: actions.
  top.each("actions", k_action_fields, "action", [&](yaml::Fields& a, std::size_t i) {
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
                  fmt::format("action due {}, before notice {} was issued ({})", action.due->str(),
                              q.notice_id, n->issued->str()));
    }
    q.actions.push_back(std::move(action));
  });

  // D.4: evidence of remediation, within the timeframe.
  top.each("evidence", k_evidence_fields, "evidence", [&](yaml::Fields& e, std::size_t) {
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
                              ev.date->str(), q.notice_id, n->issued->str()));
    } else if (ev.date && q.deadline && *ev.date > *q.deadline) {
      diags.warning(e.mark_of("date"), "qcar.evidence-late",
                    fmt::format("evidence for {} dated {}, after the remediation deadline {} "
                                "(4.9A D.4)",
                                ev.finding, ev.date->str(), q.deadline->str()));
    }
    q.evidence.push_back(std::move(ev));
  });

  // D.1: every finding of the notice needs at least one action.
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
                                f.id, q.notice_id, f.summary, f.id));
      }
    }
  }
  if (q.submitted && n != nullptr && n->response_due && *q.submitted > *n->response_due) {
    diags.warning(top.mark_of("submitted"), "qcar.late-response",
                  fmt::format("submitted {}, after the response date {} of notice {} (4.9A B.2)",
                              q.submitted->str(), n->response_due->str(), q.notice_id));
  }
  return q;
}

json::Value report(const Qcar& q, Context& ctx)
{
  json::Value r = json::Value::object();
  const notice::Notice* n = q.notice.get();
  r.set("notice", q.notice_id);
  r.set("submitted", calendar::to_json(q.submitted));
  r.set("response_due", n != nullptr ? calendar::to_json(n->response_due) : json::Value());
  r.set("response_on_time", q.submitted && n != nullptr && n->response_due
                              ? json::Value(*q.submitted <= *n->response_due)
                              : json::Value());
  r.set("original_deadline", calendar::to_json(q.original_deadline));
  r.set("extension_valid", q.extension_valid);
  r.set("extension_problem", q.extension_problem.empty() ? json::Value() : json::Value(q.extension_problem));
  r.set("deadline", calendar::to_json(q.deadline));
  r.set("days_to_deadline", q.deadline ? json::Value(*q.deadline - ctx.as_of) : json::Value());

  json::Value without_action = json::Value::array();
  json::Value without_evidence = json::Value::array();
  std::set<std::string> late;
  if (n != nullptr) {
    for (const auto& f : n->findings) {
      if (std::none_of(q.actions.begin(), q.actions.end(),
                       [&](const Action& a) { return a.finding == f.id; })) {
        without_action.push(f.id);
      }
      if (std::none_of(q.evidence.begin(), q.evidence.end(),
                       [&](const Evidence& e) { return e.finding == f.id && counts(q, e, ctx.as_of); })) {
        without_evidence.push(f.id);
      }
    }
  }
  json::Value evidence_late = json::Value::array();
  for (const auto& e : q.evidence) {
    if (e.date && q.deadline && *e.date > *q.deadline && *e.date <= ctx.as_of
        && late.insert(e.finding).second) {
      evidence_late.push(e.finding);
    }
  }
  // D.4: remediated within the timeframe only when every finding has evidence dated by the
  // deadline; a finding whose only evidence came after it is remediated late.
  bool all_on_time = true;
  if (n != nullptr) {
    for (const auto& f : n->findings) {
      all_on_time = all_on_time && std::any_of(q.evidence.begin(), q.evidence.end(), [&](const Evidence& e) {
                      return e.finding == f.id && counts(q, e, ctx.as_of)
                             && (!q.deadline || *e.date <= *q.deadline);
                    });
    }
  }
  const bool remediated = n != nullptr && without_evidence.as_array().empty();
  std::string status = remediated ? (all_on_time ? "remediated" : "remediated-late")
                       : q.deadline && ctx.as_of > *q.deadline ? "overdue"
                                                               : "in-progress";
  r.set("findings_without_action", std::move(without_action));
  r.set("evidence_late", std::move(evidence_late));
  r.set("findings_without_evidence", std::move(without_evidence));
  r.set("monitor", fmt::format("{}: {}", q.monitor_area, q.monitor_staff));
  r.set("status", status);
  return r;
}

void obligations(const Qcar& q, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root) {
    return;
  }
  const auto& root = *doc.root;
  const notice::Notice* n = q.notice.get();
  const std::string owner = n != nullptr ? n->recipient : std::string();
  // The first evidence of remediation of a finding known by --as-of (D.4).
  // The first evidence of each finding, dated by --as-of: one pass, then a lookup per item.
  std::unordered_map<std::string_view, const Evidence*> first_evidence;
  for (const auto& e : q.evidence) {
    if (!counts(q, e, ctx.as_of)) {
      continue;
    }
    auto [it, added] = first_evidence.emplace(e.finding, &e);
    if (!added && *e.date < *it->second->date) {
      it->second = &e;
    }
  }
  auto evidence_of = [&](std::string_view finding) -> const Evidence* {
    const auto it = first_evidence.find(finding);
    return it == first_evidence.end() ? nullptr : it->second;
  };
  if (q.deadline && n != nullptr) {
    // D.3, D.4: every finding remediated, with evidence, within the timeframe.
    for (const auto& f : n->findings) {
      const Evidence* e = evidence_of(f.id);
      Obligation o;
      o.key = "evidence." + f.id;
      o.what = fmt::format("evidence of remediation of {} ({})", f.id, f.summary);
      o.due = *q.deadline;
      o.done = e != nullptr;
      o.done_on = e != nullptr ? e->date : std::nullopt;
      o.owner = owner;
      o.clause = "4.9A D.3, D.4";
      o.note = q.extension_valid ? fmt::format("extended from {}", q.original_deadline->str()) : "";
      o.mark = e != nullptr        ? e->mark
               : q.extension_valid ? yaml::mark_at(root, "extension.until")
                                   : yaml::mark_at(root, "notice");
      out.push_back(std::move(o));
    }
  }
  for (std::size_t i = 0; i < q.actions.size(); ++i) {
    // D.3: each action's own date.
    const auto& a = q.actions[i];
    if (!a.due) {
      continue;
    }
    const Evidence* e = evidence_of(a.finding);
    Obligation o;
    // Keyed by what the action is, not where it stands in the list (see audit's).
    o.key = fmt::format("action.{}.{}", a.finding, short_hash(a.action));
    o.what = fmt::format("action for {}: {}", a.finding, a.action);
    o.due = *a.due;
    o.done = e != nullptr;
    o.done_on = e != nullptr ? e->date : std::nullopt;
    o.owner = a.owner.empty() ? owner : a.owner;
    o.clause = "4.9A D.3";
    o.mark = yaml::mark_at(root, fmt::format("actions.{}.due", a.index));
    out.push_back(std::move(o));
  }
  if (q.extension_requested && q.original_deadline) {
    // D.3: an extension counts only when approved in advance, on or before the deadline.
    Obligation o;
    o.key = "extension";
    o.what = fmt::format("decision on the extension requested {} (approve in advance, on or "
                         "before the deadline)",
                         q.extension_requested->str());
    o.due = *q.original_deadline;
    o.done = q.extension_approved && *q.extension_approved <= ctx.as_of;
    o.done_on = o.done ? q.extension_approved : std::nullopt;
    o.owner = n != nullptr ? n->issuer : std::string();
    o.clause = "4.9A D.3";
    o.mark = yaml::mark_at(root, {"extension.approved", "extension.requested"});
    out.push_back(std::move(o));
  }
}

Backing backing(const Qcar* before, const Qcar& after, calendar::Date due)
{
  const auto original = after.original_deadline ? after.original_deadline
                        : before != nullptr     ? before->original_deadline
                                                : std::nullopt;
  if (original && due <= *original) {
    return {std::nullopt,
            fmt::format("within the timeframe ending {}: no extension needed (4.9A D.3)", original->str())};
  }
  const auto& approved = after.extension_approved;
  const auto& until = after.extension_until;
  const bool covers = until && due <= *until;
  if (!approved) {
    return {false, "not backed: no approved extension (4.9A D.3): record `extension: {requested, "
                   "approved, until}` or keep the date"};
  }
  if (!after.extension_valid) {
    return {false, after.extension_problem.empty()
                     ? fmt::format("not backed: the extension approved {} does not move the deadline "
                                   "(4.9A D.3)",
                                   approved->str())
                     : fmt::format("not backed: the extension does not move the deadline: {} (4.9A D.3)",
                                   after.extension_problem)};
  }
  if (!covers) {
    return {false, fmt::format("not backed: the extension runs until {} only (4.9A D.3)", until->str())};
  }
  return {true, fmt::format("backed by the extension approved {} until {} (4.9A D.3)", approved->str(),
                            until->str())};
}

void citations(const Qcar& q, const Document& doc, evidence::Entries& out)
{
  for (const auto& e : q.evidence) {
    if (e.citation) {
      out.push_back({doc.id, "qcar", q.notice ? q.notice->recipient : std::string(), doc.path, *e.citation});
    }
  }
}

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

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::qcar

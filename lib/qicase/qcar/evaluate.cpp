// Evaluating a QCAR (qcar::Qcar) as of --as-of: its report (status, figures, what is missing), the
// obligations it holds due, and the documents it cites (where it cites any).
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
const std::vector<notice::Finding> k_no_findings; // a QCAR whose notice could not be read
} // namespace

bool counts(const Qcar& q, const Evidence& e, calendar::Date as_of)
{
  if (!e.date || *e.date > as_of) {
    return false;
  }
  const notice::Notice* n = q.notice.get();
  return (n == nullptr || !n->issued || *e.date >= *n->issued) && evidence::sound(e.citation);
}

std::string monitor_text(const Qcar& q)
{
  return fmt::format("{}: {}", q.monitor_area, q.monitor_staff);
}

Result evaluate(const Qcar& q, const Context& ctx)
{
  Result r;
  const notice::Notice* n = q.notice.get();
  r.response_due = n != nullptr ? n->response_due : std::nullopt;
  if (q.submitted && r.response_due) {
    r.response_on_time = *q.submitted <= *r.response_due;
  }
  if (q.deadline) {
    r.days_to_deadline = *q.deadline - ctx.as_of;
  }
  std::set<std::string> late;
  for (const auto& e : q.evidence) {
    if (e.date && q.deadline && *e.date > *q.deadline && *e.date <= ctx.as_of
        && late.insert(e.finding).second) {
      r.evidence_late.push_back(e.finding);
    }
  }
  // D.4: remediated within the timeframe only when every finding has evidence dated by the
  // deadline; a finding whose only evidence came after it is remediated late.
  bool all_on_time = true;
  for (const auto& f : n != nullptr ? n->findings : k_no_findings) {
    const auto of_f = [&](const Evidence& e) { return e.finding == f.id && counts(q, e, ctx.as_of); };
    if (std::none_of(q.actions.begin(), q.actions.end(),
                     [&](const Action& a) { return a.finding == f.id; })) {
      r.findings_without_action.push_back(f.id);
    }
    if (std::none_of(q.evidence.begin(), q.evidence.end(), of_f)) {
      r.findings_without_evidence.push_back(f.id);
    }
    all_on_time = all_on_time && std::any_of(q.evidence.begin(), q.evidence.end(), [&](const Evidence& e) {
                    return of_f(e) && (!q.deadline || *e.date <= *q.deadline);
                  });
  }
  const bool remediated = n != nullptr && r.findings_without_evidence.empty();
  r.status = remediated ? (all_on_time ? Status::remediated : Status::remediated_late)
             : q.deadline && ctx.as_of > *q.deadline ? Status::overdue
                                                     : Status::in_progress;
  return r;
}

json::Value to_json(const Qcar& q, const Result& res)
{
  json::Value r = json::Value::object();
  r.set("notice", q.notice_id);
  r.set("submitted", calendar::to_json(q.submitted));
  r.set("response_due", calendar::to_json(res.response_due));
  r.set("response_on_time", res.response_on_time ? json::Value(*res.response_on_time) : json::Value());
  r.set("original_deadline", calendar::to_json(q.original_deadline));
  r.set("extension_valid", q.extension_valid);
  r.set("extension_problem", q.extension_problem.empty() ? json::Value() : json::Value(q.extension_problem));
  r.set("deadline", calendar::to_json(q.deadline));
  r.set("days_to_deadline", res.days_to_deadline ? json::Value(*res.days_to_deadline) : json::Value());
  r.set("findings_without_action", json::strings(res.findings_without_action));
  r.set("evidence_late", json::strings(res.evidence_late));
  r.set("findings_without_evidence", json::strings(res.findings_without_evidence));
  r.set("monitor", monitor_text(q));
  r.set("status", to_string(res.status));
  return r;
}

Figures figures(const Qcar& q, const Result& res)
{
  return {{"response on time", figure_value(res.response_on_time)},
          {"extension valid", figure_value(q.extension_valid)},
          {"findings without action", figure_value(res.findings_without_action)},
          {"evidence late", figure_value(res.evidence_late)},
          {"findings without evidence", figure_value(res.findings_without_evidence)},
          {"status", std::string(to_string(res.status))}};
}

namespace {

// The first evidence of remediation of each finding known by --as-of (D.4): one pass, then a
// lookup per finding.
std::unordered_map<std::string_view, const Evidence*> first_evidence(const Qcar& q, calendar::Date as_of)
{
  std::unordered_map<std::string_view, const Evidence*> first;
  for (const auto& e : q.evidence) {
    if (!counts(q, e, as_of)) {
      continue;
    }
    auto [it, added] = first.emplace(e.finding, &e);
    if (!added && *e.date < *it->second->date) {
      it->second = &e;
    }
  }
  return first;
}

// D.3: an extension counts only when approved in advance, on or before the deadline.
Obligation extension_decision(const Qcar& q, const yaml::Node& root, calendar::Date as_of)
{
  Obligation o;
  o.key = "extension";
  o.what = fmt::format(
    "decision on the extension requested {} (approve in advance, on or before the deadline)",
    q.extension_requested->str());
  o.due = *q.original_deadline;
  o.done = q.extension_approved && *q.extension_approved <= as_of;
  o.done_on = o.done ? q.extension_approved : std::nullopt;
  o.owner = q.notice ? q.notice->issuer : std::string();
  o.clause = "4.9A D.3";
  o.mark = yaml::mark_at(root, {"extension.approved", "extension.requested"});
  return o;
}

} // namespace

void obligations(const Qcar& q, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root) {
    return;
  }
  const auto& root = *doc.root;
  const notice::Notice* n = q.notice.get();
  const std::string owner = n != nullptr ? n->recipient : std::string();
  const auto first = first_evidence(q, ctx.as_of);
  auto evidence_of = [&](std::string_view finding) -> const Evidence* {
    const auto it = first.find(finding);
    return it == first.end() ? nullptr : it->second;
  };
  for (const auto& f : q.deadline&& n != nullptr ? n->findings : k_no_findings) {
    // D.3, D.4: every finding remediated, with evidence, within the timeframe.
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
  for (const auto& a : q.actions) {
    // D.3: each action's own date.
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
    out.push_back(extension_decision(q, root, ctx.as_of));
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

PortfolioPart part(const Qcar& q, const Result& res, const Document& doc, std::string_view, Context&)
{
  PortfolioPart out{.status = std::string(to_string(res.status)),
                    .overdue = res.status == Status::overdue,
                    .opened = q.submitted};
  if (out.overdue) {
    out.serious.push_back(fmt::format("QCAR {}: past its remediation deadline (4.9A D.3)", doc.id));
  }
  return out;
}

delegate::Link link(const Qcar& q, const Document& doc, Context& ctx, Diagnostics&)
{
  return notice::delegate_of(q.notice.get(), doc, ctx);
}

} // namespace qicase::qcar

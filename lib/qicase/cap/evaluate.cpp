// Evaluating a CAP (cap::Cap) as of --as-of: its report (status, figures, what is missing), the
// obligations it holds due, and the documents it cites (where it cites any).
#include <qicase/cap/cap.hpp>

#include <algorithm>
#include <set>

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::cap {

namespace {

// Whether the deficiency is remedied by --as-of (H): recorded, proven (F.2) and not later.
bool remedied_by(const Deficiency& d, calendar::Date as_of)
{
  return d.remedied && d.remedy_proven && *d.remedied <= as_of;
}

// The monitoring of one action (F.4): a report per interval from its start until the
// deficiency is remedied or --as-of. Reports are matched to periods in order: each report (by
// date) answers the earliest period still without one whose period has begun (after the
// previous due date; from the start day for the first). A report dated after its period's grace
// is that period's report, met late, not the next period's met early: the next period still
// needs its own. A second report within a period already answered answers nothing. Then, while
// not remedied, the first report date after --as-of (and with `horizon`, every one to it).
// Adds the action's slots to `f`, its missing report dates to `missing`, and moves `next` to the
// earliest report still to come.
void monitor(const Deficiency& d, std::size_t ai, const Cap& c, const Context& ctx,
             std::optional<calendar::Date> horizon, Standing& f, std::set<calendar::Date>& missing,
             std::optional<calendar::Date>& next)
{
  const auto& a = d.actions[ai];
  const auto& cal = *ctx.calendar;
  const auto grace = c.rules->cap_report_grace;
  const bool remedied = remedied_by(d, ctx.as_of);
  const auto dates = report_dates(*a.start, *a.interval, remedied ? *d.remedied : ctx.as_of, cal);
  std::vector<ReportSlot> slots;
  slots.reserve(dates.size());
  for (const auto& date : dates) {
    slots.push_back({ai, date, cal.add(date, grace), std::nullopt});
  }
  // The progress list is in date order (read_cap sorts it).
  std::size_t open = 0; // the earliest slot without a report
  for (const auto& p : d.progress) {
    if (open == slots.size()) {
      break;
    }
    if ((!p.action.empty() && p.action != a.id) || p.date > ctx.as_of) {
      continue;
    }
    const bool begun = open == 0 ? p.date >= *a.start : p.date > slots[open - 1].date;
    if (begun) {
      slots[open++].received = p.date;
    }
  }
  for (const auto& slot : slots) {
    if (!slot.received && ctx.as_of > slot.last_day) {
      missing.insert(slot.date);
    } else if (!slot.received && !remedied && (!next || slot.date < *next)) {
      next = slot.date; // due, not received, still within the grace
    }
    f.slots.push_back(slot);
  }
  if (remedied) {
    return;
  }
  const auto ahead_until = cal.add(ctx.as_of, *a.interval);
  const auto ahead = report_dates(*a.start, *a.interval,
                                  horizon && *horizon > ahead_until ? *horizon : ahead_until, cal);
  bool first = true;
  for (const auto& date : ahead) {
    if (date > ctx.as_of && (first || (horizon && date <= *horizon))) {
      if (first && (!next || date < *next)) {
        next = date;
      }
      first = false;
      f.slots.push_back({ai, date, cal.add(date, grace), std::nullopt});
    }
  }
}

// The deficiency's status (F.4, H, I) from its figures.
DeficiencyStatus status_of(const Deficiency& d, const Standing& f, calendar::Date as_of)
{
  if (remedied_by(d, as_of)) {
    return DeficiencyStatus::remedied;
  }
  if (f.escalate_after && as_of > *f.escalate_after) {
    return DeficiencyStatus::escalate; // 4.9A I: the issuer may impose actions
  }
  if (f.last_due && as_of > *f.last_due) {
    return DeficiencyStatus::overdue;
  }
  if (!f.overdue_reports.empty()) {
    // F.4 makes reporting part of the plan: a monitoring report missing past its grace means
    // the plan is not on track, whatever the last measurement said (the same slots `due` lists
    // as overdue).
    return DeficiencyStatus::at_risk;
  }
  if (f.latest && f.latest->rate) {
    for (const auto& a : d.actions) {
      if (a.target && (f.latest->action.empty() || a.id == f.latest->action)) {
        return a.target->met_by(*f.latest->rate) ? DeficiencyStatus::on_track : DeficiencyStatus::at_risk;
      }
    }
  }
  return DeficiencyStatus::on_track;
}

// `horizon`: list the report slots after --as-of up to this day too (for `qicase due`); by
// default only the next one.
Standing standing(const Deficiency& d, const Cap& c, const Context& ctx,
                  std::optional<calendar::Date> horizon = std::nullopt)
{
  Standing f;
  for (const auto& a : d.actions) {
    if (a.due && (!f.last_due || *a.due > *f.last_due)) {
      f.last_due = a.due;
    }
  }
  for (const auto& p : d.progress) {
    if (p.date <= ctx.as_of) {
      f.latest = &p;
    }
  }
  std::set<calendar::Date> missing;
  std::optional<calendar::Date> next;
  for (std::size_t ai = 0; ai < d.actions.size(); ++ai) {
    if (d.actions[ai].interval && d.actions[ai].start) {
      monitor(d, ai, c, ctx, horizon, f, missing, next);
    }
  }
  f.overdue_reports.assign(missing.begin(), missing.end());
  f.next_report_due = next;
  if (f.last_due) {
    f.escalate_after = ctx.calendar->add(*f.last_due, c.rules->cap_reasonable_time);
    if (!f.escalate_after->in_range()) {
      f.escalate_after.reset(); // past the last date a file can hold: nothing to escalate yet
    }
  }
  f.status = status_of(d, f, ctx.as_of);
  return f;
}

} // namespace

bool Target::met_by(Hundredths value) const
{
  switch (op) {
  case Op::ge: return value >= rate;
  case Op::gt: return value > rate;
  case Op::le: return value <= rate;
  case Op::lt: return value < rate;
  case Op::eq: return value == rate;
  }
  return false;
}

std::vector<calendar::Date> report_dates(calendar::Date start, const calendar::Duration& interval,
                                         calendar::Date until, const calendar::Calendar& cal)
{
  std::vector<calendar::Date> dates;
  for (long k = 1; k <= 10000; ++k) {
    const calendar::Date d = cal.add(start, calendar::Duration{interval.count * k, interval.unit});
    if (d > until) {
      break;
    }
    dates.push_back(d);
  }
  return dates;
}

Result evaluate(const Cap& c, const Context& ctx)
{
  Result r;
  bool open = c.deficiencies.empty();
  for (const auto& d : c.deficiencies) {
    r.deficiencies.push_back(standing(d, c, ctx));
    open = open
           || r.deficiencies.back().status
                != DeficiencyStatus::remedied; // H: open until every one is remedied
  }
  r.status = open ? Status::open : Status::closed;
  return r;
}

json::Value to_json(const Cap& c, const Result& res)
{
  json::Value r = json::Value::object();
  r.set("notice", c.notice_id.empty() ? json::Value() : json::Value(c.notice_id));
  r.set("audit", c.audit_id.empty() ? json::Value() : json::Value(c.audit_id));
  r.set("opened", calendar::to_json(c.opened));
  r.set("submitted", calendar::to_json(c.submitted));
  r.set("policy", c.rules ? json::Value(c.rules->id) : json::Value());
  json::Value list = json::Value::array();
  for (std::size_t i = 0; i < c.deficiencies.size() && i < res.deficiencies.size(); ++i) {
    const auto& d = c.deficiencies[i];
    const auto& f = res.deficiencies[i];
    json::Value item = json::Value::object();
    item.set("id", d.id);
    item.set("finding", d.finding.empty() ? json::Value() : json::Value(d.finding));
    item.set("status", to_string(f.status));
    item.set("latest_value", f.latest ? json::Value(f.latest->value) : json::Value());
    item.set("latest_date", f.latest ? json::Value(f.latest->date.str()) : json::Value());
    item.set("next_report_due", calendar::to_json(f.next_report_due));
    item.set("overdue_reports", calendar::to_json(f.overdue_reports));
    item.set("due", calendar::to_json(f.last_due));
    item.set("escalate_after", calendar::to_json(f.escalate_after));
    item.set("remedied", calendar::to_json(d.remedied));
    item.set("remedy_proven", d.remedied ? json::Value(d.remedy_proven) : json::Value());
    json::Value imposed = json::Value::array();
    for (const auto& a : d.actions) {
      if (a.imposed) {
        imposed.push(a.id);
      }
    }
    item.set("imposed_actions", std::move(imposed));
    list.push(std::move(item));
  }
  r.set("status", to_string(res.status));
  r.set("deficiencies", std::move(list));
  return r;
}

Figures figures(const Cap& c, const Result& res)
{
  Figures out{{"status", std::string(to_string(res.status))}};
  for (std::size_t i = 0; i < c.deficiencies.size() && i < res.deficiencies.size(); ++i) {
    const auto& d = c.deficiencies[i];
    const auto& f = res.deficiencies[i];
    const auto& id = d.id.empty() ? d.finding : d.id;
    if (id.empty()) {
      continue;
    }
    out.push_back({fmt::format("deficiency {} status", id), std::string(to_string(f.status))});
    out.push_back({fmt::format("deficiency {} latest value", id),
                   f.latest ? f.latest->value : std::string("none"), false});
  }
  return out;
}

void citations(const Cap& c, const Document& doc, evidence::Entries& out)
{
  const std::string delegate = c.notice ? c.notice->recipient : std::string();
  for (const auto& d : c.deficiencies) {
    for (const auto& p : d.progress) {
      if (p.citation) {
        out.push_back({doc.id, "cap", delegate, doc.path, *p.citation});
      }
    }
    for (const auto& p : d.evidence) {
      if (p.citation) {
        out.push_back({doc.id, "cap", delegate, doc.path, *p.citation});
      }
    }
  }
}

void obligations(const Cap& c, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root || !c.rules || !ctx.calendar) {
    return;
  }
  const auto& root = *doc.root;
  // Deficiencies as read keep the file's order; find each one's position for marks.
  for (std::size_t i = 0; i < c.deficiencies.size(); ++i) {
    const auto& d = c.deficiencies[i];
    const auto f = standing(d, c, ctx, ctx.request.horizon);
    const bool remedied = remedied_by(d, ctx.as_of);
    const std::string base = fmt::format("deficiencies.{}", d.index);
    for (std::size_t j = 0; j < d.actions.size(); ++j) {
      // F.4: the anticipated timeframe of each action; met when the deficiency is remedied (H).
      const auto& a = d.actions[j];
      if (!a.due) {
        continue;
      }
      Obligation o;
      o.key = fmt::format("{}.{}.due", d.id, a.id);
      o.what = fmt::format("{} {}: {}", d.id, a.id, a.action);
      o.due = *a.due;
      o.done = remedied;
      o.done_on = remedied ? d.remedied : std::nullopt;
      o.owner = a.owner;
      o.clause = "4.9A F.4";
      o.note = a.imposed ? "imposed by the issuer (4.9A I)" : "";
      o.mark = yaml::mark_at(root, fmt::format("{}.actions.{}.due", base, a.index));
      out.push_back(std::move(o));
    }
    for (const auto& slot : f.slots) {
      // F.4: a monitoring report per interval; late only after the policy's grace.
      const auto& a = d.actions[slot.action];
      Obligation o;
      o.key = fmt::format("{}.{}.report.{}", d.id, a.id, slot.date.str());
      o.what = fmt::format("{} {}: {} monitoring report", d.id, a.id, a.monitoring);
      o.due = slot.date;
      o.late_after = slot.last_day;
      o.done = slot.received.has_value();
      o.done_on = slot.received;
      o.owner = a.owner;
      o.clause = "4.9A F.4";
      o.note = slot.received ? fmt::format("reported {}", slot.received->str()) : "";
      if (!slot.received && remedied) {
        // H: once the deficiency is remedied its monitoring ends; a report it never received is
        // history (the CAP's report lists it), not a duty left overdue on a closed case.
        o.done = true;
        o.note = fmt::format("not received; monitoring ended when {} was remedied {}", d.id,
                             d.remedied->str());
      }
      o.mark = yaml::mark_at(root, fmt::format("{}.actions.{}.monitoring", base, a.index));
      out.push_back(std::move(o));
    }
    if (f.escalate_after) {
      // H, I: not remedied within the reasonable time after the last action's due date, the
      // issuer may impose actions.
      Obligation o;
      o.key = fmt::format("{}.remedy", d.id);
      o.what = fmt::format("{} remedied, or the issuer may impose actions", d.id);
      o.due = *f.escalate_after;
      o.done = remedied;
      o.done_on = remedied ? d.remedied : std::nullopt;
      o.owner = c.monitor;
      o.clause = "4.9A H, I";
      o.mark = yaml::mark_at(root, {base + ".remedied", base + ".id"});
      out.push_back(std::move(o));
    }
  }
}

PortfolioPart part(const Cap& c, const Result& res, const Document& doc, std::string_view, Context&)
{
  PortfolioPart out{.status = std::string(to_string(res.status)), .opened = c.opened};
  for (std::size_t i = 0; i < c.deficiencies.size() && i < res.deficiencies.size(); ++i) {
    const auto status = res.deficiencies[i].status;
    if (status == DeficiencyStatus::escalate) {
      out.serious.push_back(fmt::format("CAP {} {}: escalated, the issuer may impose actions (4.9A I)",
                                        doc.id, c.deficiencies[i].id));
    } else if (status == DeficiencyStatus::overdue) {
      out.serious.push_back(fmt::format("CAP {} {}: past its last action's date, not remedied (4.9A F.4, H)",
                                        doc.id, c.deficiencies[i].id));
    }
  }
  return out;
}

delegate::Link link(const Cap& c, const Document& doc, Context& ctx, Diagnostics&)
{
  return c.notice ? notice::delegate_of(c.notice.get(), doc, ctx)
                  : delegate::link_referenced(doc, ctx, c.audit_id, "audit");
}

} // namespace qicase::cap

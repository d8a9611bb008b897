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

// One monitoring report an action owes (F.4): its date, the last day it may come (the policy's
// grace after it), and the report that answered it, if any.
struct ReportSlot
{
  std::size_t action = 0; // index in the deficiency's actions
  calendar::Date date;
  calendar::Date last_day;
  std::optional<calendar::Date> received;
};

struct DeficiencyFigures
{
  std::string status;
  std::vector<ReportSlot> slots; // report dates up to the remedy or --as-of, then the next ones
  std::optional<calendar::Date> last_due;
  std::optional<calendar::Date> escalate_after;
  std::optional<calendar::Date> next_report_due;
  std::vector<calendar::Date> overdue_reports;
  const Progress* latest = nullptr;
};

// `horizon`: list the report slots after --as-of up to this day too (for `qicase due`); by
// default only the next one.
DeficiencyFigures figures(const Deficiency& d, const Cap& c, Context& ctx,
                          std::optional<calendar::Date> horizon = std::nullopt)
{
  DeficiencyFigures f;
  const auto& cal = *ctx.calendar;
  const auto& rules = *c.rules;
  const bool remedied = d.remedied && d.remedy_proven && *d.remedied <= ctx.as_of;
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
  // Monitoring (F.4): a report per interval from each action's start until the deficiency is
  // remedied or --as-of; each report may answer one due date, from the day after the previous
  // due date (the start day for the first) to the policy's grace after its own.
  const calendar::Date end = remedied ? *d.remedied : ctx.as_of;
  std::set<calendar::Date> missing;
  std::optional<calendar::Date> next;
  for (std::size_t ai = 0; ai < d.actions.size(); ++ai) {
    const auto& a = d.actions[ai];
    if (!a.interval || !a.start) {
      continue;
    }
    const auto dates = report_dates(*a.start, *a.interval, end, cal);
    std::vector<bool> used(d.progress.size(), false);
    calendar::Date previous = *a.start;
    for (std::size_t k = 0; k < dates.size(); ++k) {
      const calendar::Date last_day = cal.add(dates[k], rules.cap_report_grace);
      bool found = false;
      ReportSlot slot{ai, dates[k], last_day, std::nullopt};
      for (std::size_t r = 0; r < d.progress.size() && !found; ++r) {
        const auto& p = d.progress[r];
        if (used[r] || (!p.action.empty() && p.action != a.id) || p.date > ctx.as_of) {
          continue;
        }
        const bool after_previous = k == 0 ? p.date >= previous : p.date > previous;
        if (after_previous && p.date <= last_day) {
          used[r] = true;
          found = true;
          slot.received = p.date;
        }
      }
      f.slots.push_back(slot);
      if (!found && ctx.as_of > last_day) {
        missing.insert(dates[k]);
      } else if (!found && !remedied && (!next || dates[k] < *next)) {
        next = dates[k]; // due, not received, still within the grace
      }
      previous = dates[k];
    }
    if (!remedied) {
      // Else the first report date after --as-of.
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
          f.slots.push_back({ai, date, cal.add(date, rules.cap_report_grace), std::nullopt});
        }
      }
    }
  }
  f.overdue_reports.assign(missing.begin(), missing.end());
  f.next_report_due = next;
  if (f.last_due) {
    f.escalate_after = cal.add(*f.last_due, rules.cap_reasonable_time);
    if (!f.escalate_after->in_range()) {
      f.escalate_after.reset(); // past the last date a file can hold: nothing to escalate yet
    }
  }

  if (remedied) {
    f.status = "remedied";
  } else if (f.escalate_after && ctx.as_of > *f.escalate_after) {
    f.status = "escalate"; // 4.9A I: the issuer may impose actions
  } else if (f.last_due && ctx.as_of > *f.last_due) {
    f.status = "overdue";
  } else if (!f.overdue_reports.empty()) {
    // F.4 makes reporting part of the plan: a monitoring report missing past its grace means
    // the plan is not on track, whatever the last measurement said (the same slots `due` lists
    // as overdue).
    f.status = "at-risk";
  } else {
    f.status = "on-track";
    if (f.latest && f.latest->rate) {
      const Action* measured = nullptr;
      for (const auto& a : d.actions) {
        if (a.target && (f.latest->action.empty() || a.id == f.latest->action)) {
          measured = &a;
          break;
        }
      }
      if (measured != nullptr && !measured->target->met_by(*f.latest->rate)) {
        f.status = "at-risk";
      }
    }
  }
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

json::Value report(const Cap& c, Context& ctx)
{
  json::Value r = json::Value::object();
  r.set("notice", c.notice_id.empty() ? json::Value() : json::Value(c.notice_id));
  r.set("audit", c.audit_id.empty() ? json::Value() : json::Value(c.audit_id));
  r.set("opened", calendar::to_json(c.opened));
  r.set("submitted", calendar::to_json(c.submitted));
  r.set("policy", c.rules ? json::Value(c.rules->id) : json::Value());
  bool open = c.deficiencies.empty();
  json::Value list = json::Value::array();
  for (const auto& d : c.deficiencies) {
    const auto f = figures(d, c, ctx);
    open = open || f.status != "remedied"; // H: open until every deficiency is remedied
    json::Value item = json::Value::object();
    item.set("id", d.id);
    item.set("finding", d.finding.empty() ? json::Value() : json::Value(d.finding));
    item.set("status", f.status);
    item.set("latest_value", f.latest ? json::Value(f.latest->value) : json::Value());
    item.set("latest_date", f.latest ? json::Value(f.latest->date.str()) : json::Value());
    item.set("next_report_due", calendar::to_json(f.next_report_due));
    json::Value overdue = json::Value::array();
    for (const auto& date : f.overdue_reports) {
      overdue.push(date.str());
    }
    item.set("overdue_reports", std::move(overdue));
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
  r.set("status", open ? "open" : "closed");
  r.set("deficiencies", std::move(list));
  return r;
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
    const auto f = figures(d, c, ctx, ctx.horizon);
    const bool remedied = d.remedied && d.remedy_proven && *d.remedied <= ctx.as_of;
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

} // namespace qicase::cap

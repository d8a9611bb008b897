// Evaluating a work plan (workplan::Workplan) as of --as-of: its report (status, figures, what is
// missing), the obligations it holds due, and the documents it cites (where it cites any).
#include <qicase/workplan/workplan.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::workplan {

namespace {

bool fixed(Frequency f)
{
  return f == Frequency::monthly || f == Frequency::quarterly || f == Frequency::semiannual
         || f == Frequency::annual;
}

Status result_status(const Measure& m, const PeriodResult& r)
{
  if (!r.status.empty()) {
    return value_named<Status>(r.status, k_statuses).value_or(Status::no_data); // a qualitative goal's
  }
  const bool has_value = r.value.has_value() || !r.values.empty();
  switch (m.goal.kind) {
  case Goal::Class::baseline: return has_value ? Status::baseline_set : Status::no_data;
  case Goal::Class::qualitative: return Status::no_data;
  case Goal::Class::numeric: break;
  }
  std::size_t met = 0;
  std::size_t judged = 0;
  for (const auto& t : m.goal.targets) {
    std::optional<Hundredths> value;
    if (m.goal.targets.size() == 1 && r.value) {
      value = r.value;
    }
    for (const auto& [key, v] : r.values) {
      if (lower(key) == lower(t.metric)) {
        value = v;
      }
    }
    if (!value) {
      continue;
    }
    if (auto ok = t.met_by(*value, m.baseline)) {
      ++judged;
      met += *ok ? 1 : 0;
    }
  }
  if (judged == 0) {
    return Status::no_data;
  }
  if (met == m.goal.targets.size()) {
    return Status::met;
  }
  return met == 0 ? Status::not_met : Status::partial;
}

struct Due
{
  Period period;
  calendar::Date due;
};

// The reports a measure owes: a timeframe "by Q1 2024" owes one result by that date; else one
// per period of its committee's frequency (or, with no committee schedule, of its timeframe),
// each due `report_within` after the period ends.
std::vector<Due> schedule(const Workplan& plan, const Measure& m, const calendar::Calendar& cal)
{
  std::vector<Due> out;
  if (m.timeframe.by) {
    if (auto year = parse_period(fmt::format("{}", plan.year))) {
      out.push_back({*year, *m.timeframe.by});
    }
    return out;
  }
  const Frequency f = fixed(m.reporting.frequency) ? m.reporting.frequency : m.timeframe.frequency;
  for (const auto& p : periods_of(plan.year, f)) {
    if (const auto due = cal.add(p.end, plan.report_within); due.in_range()) {
      out.push_back({p, due}); // a report due after 9999-12-31 is none a file can record
    }
  }
  return out;
}

bool covers(const PeriodResult& r, const Due& d, bool whole_year)
{
  if (whole_year) {
    return r.period.start.year() == d.period.start.year();
  }
  return r.period.start <= d.period.end && d.period.end <= r.period.end;
}

bool covered(const Measure& m, const Due& d)
{
  const bool whole_year = m.timeframe.by.has_value();
  return std::any_of(m.results.begin(), m.results.end(),
                     [&](const PeriodResult& r) { return covers(r, d, whole_year); });
}

// The committees' reporting calendar: a report after each period of a committee's fixed
// frequency, `report_within` after the period ends, listing the measures it covers.
struct CalendarKey
{
  calendar::Date due;
  std::string committee;
  std::string period;
  auto operator<=>(const CalendarKey&) const = default;
};

struct CalendarEntry
{
  Period period;
  std::vector<const Measure*> measures;
};

std::map<CalendarKey, CalendarEntry> reporting_calendar(const Workplan& plan, const Context& ctx)
{
  std::map<CalendarKey, CalendarEntry> out;
  for (const auto& section : plan.sections) {
    for (const auto& m : section.measures) {
      if (!m.reporting.committee.empty() && fixed(m.reporting.frequency)) {
        for (const auto& p : periods_of(plan.year, m.reporting.frequency)) {
          const auto due = ctx.calendar->add(p.end, plan.report_within);
          if (!due.in_range()) {
            continue;
          }
          auto& entry = out[{due, m.reporting.committee, p.label}];
          entry.period = p;
          entry.measures.push_back(&m);
        }
      }
    }
  }
  return out;
}

// A measure's standing as of --as-of (its latest period reported by then, or overdue when a
// report is missing), or, with `only`, on that period alone.
Standing standing(const Workplan& plan, const Measure& m, const Context& ctx,
                  const std::optional<Period>& only)
{
  Standing st;
  const auto dues = schedule(plan, m, *ctx.calendar);
  for (const auto& d : dues) {
    const bool done = covered(m, d);
    if (!done && d.due < ctx.as_of) {
      st.overdue_reports.push_back(d.due);
    } else if (!done && (!st.next_report_due || d.due < *st.next_report_due)) {
      st.next_report_due = d.due;
    }
  }
  st.status = Status::no_data;
  for (const auto& r : m.results) {
    st.period_statuses.push_back(result_status(m, r));
    if (r.period.start <= ctx.as_of) {
      st.status = st.period_statuses.back(); // the latest period reported by --as-of
    }
  }
  if (!only) {
    if (!st.overdue_reports.empty()) {
      st.status = Status::overdue;
    }
    return st;
  }
  st.status = Status::no_data;
  // The result for that period, or the latest one inside it (a month of the quarter); a result
  // for a longer period (the year) does not speak for one quarter.
  for (const auto& r : m.results) {
    if (only->start <= r.period.start && r.period.end <= only->end) {
      st.status = result_status(m, r);
    }
  }
  if (st.status == Status::no_data) {
    for (const auto& d : dues) {
      if (only->start <= d.period.end && d.period.end <= only->end && d.due < ctx.as_of) {
        st.status = Status::overdue;
      }
    }
  }
  return st;
}

} // namespace

Result evaluate(const Workplan& plan, const Context& ctx)
{
  const auto only = ctx.request.period.empty() ? std::nullopt : parse_period(ctx.request.period);
  Result r;
  r.period = only;
  for (const auto& section : plan.sections) {
    for (const auto& m : section.measures) {
      r.measures.push_back(standing(plan, m, ctx, only));
      for (std::size_t i = 0; i < r.summary.size(); ++i) {
        r.summary[i] += static_cast<std::size_t>(r.measures.back().status) == i ? 1 : 0;
      }
    }
  }
  for (const auto& [key, entry] : reporting_calendar(plan, ctx)) {
    CommitteeReport c{key.due, key.committee, key.period, {}};
    for (const auto* m : entry.measures) {
      c.measures.push_back(m->id);
    }
    r.reporting_calendar.push_back(std::move(c));
  }
  return r;
}

namespace {

json::Value measure_json(const Section& section, const Measure& m, const Standing& st)
{
  json::Value item = json::Value::object();
  item.set("id", m.id);
  item.set("section", section.title);
  item.set("measure", m.measure);
  item.set("goal", std::string(to_string(m.goal.kind)));
  json::Value targets = json::Value::array();
  for (const auto& t : m.goal.targets) {
    targets.push(t.to_json());
  }
  item.set("targets", std::move(targets));
  json::Value periods = json::Value::array();
  for (std::size_t i = 0; i < m.results.size() && i < st.period_statuses.size(); ++i) {
    json::Value p = json::Value::object();
    p.set("period", m.results[i].period.label);
    p.set("status", to_string(st.period_statuses[i]));
    periods.push(std::move(p));
  }
  item.set("periods", std::move(periods));
  item.set("status", to_string(st.status));
  item.set("next_report_due", calendar::to_json(st.next_report_due));
  item.set("overdue_reports", calendar::to_json(st.overdue_reports));
  item.set("committee", m.reporting.committee.empty() ? json::Value() : json::Value(m.reporting.committee));
  return item;
}

} // namespace

json::Value to_json(const Workplan& plan, const Result& res)
{
  json::Value measures = json::Value::array();
  std::size_t index = 0;
  for (const auto& section : plan.sections) {
    for (const auto& m : section.measures) {
      if (index < res.measures.size()) {
        measures.push(measure_json(section, m, res.measures[index++]));
      }
    }
  }
  json::Value r = json::Value::object();
  r.set("title", plan.title);
  r.set("year", plan.year);
  r.set("period", res.period ? json::Value(res.period->label) : json::Value());
  r.set("measures", std::move(measures));
  json::Value summary = json::Value::object();
  for (std::size_t i = 0; i < res.summary.size(); ++i) {
    std::string name(k_statuses[i]);
    std::replace(name.begin(), name.end(), '-', '_');
    summary.set(name, static_cast<long long>(res.summary[i]));
  }
  r.set("summary", std::move(summary));
  json::Value cal = json::Value::array();
  for (const auto& c : res.reporting_calendar) {
    json::Value e = json::Value::object();
    e.set("due", c.due.str());
    e.set("committee", c.committee);
    e.set("period", c.period);
    e.set("measures", json::strings(c.measures));
    cal.push(std::move(e));
  }
  r.set("reporting_calendar", std::move(cal));
  return r;
}

Figures figures(const Workplan& plan, const Result& res)
{
  Figures out;
  std::size_t index = 0;
  for (const auto& section : plan.sections) {
    for (const auto& m : section.measures) {
      if (index >= res.measures.size()) {
        return out;
      }
      const auto& st = res.measures[index++];
      if (m.id.empty()) {
        continue;
      }
      for (std::size_t i = 0; i < m.results.size() && i < st.period_statuses.size(); ++i) {
        if (!m.results[i].period.label.empty()) {
          out.push_back({fmt::format("measure {} period {} status", m.id, m.results[i].period.label),
                         std::string(to_string(st.period_statuses[i]))});
        }
      }
      out.push_back({fmt::format("measure {} status", m.id), std::string(to_string(st.status))});
    }
  }
  return out;
}

void obligations(const Workplan& plan, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root || !ctx.calendar) {
    return;
  }
  const auto& root = *doc.root;
  for (const auto& section : plan.sections) {
    for (const auto& m : section.measures) {
      for (const auto& d : schedule(plan, m, *ctx.calendar)) {
        Obligation o;
        o.key = fmt::format("{}.{}", m.id, d.period.label);
        const std::string& name = m.measure.empty() ? m.id : m.measure;
        o.what = m.timeframe.by ? name : fmt::format("{}: {} result", name, d.period.label);
        o.due = d.due;
        o.done = covered(m, d);
        o.owner = m.owner;
        o.clause = m.timeframe.by ? "work plan timeframe" : "work plan reporting";
        o.mark = yaml::mark_at(root, {m.node_path + ".results", m.node_path + ".timeframe",
                                      m.node_path + ".reporting", m.node_path});
        out.push_back(std::move(o));
      }
    }
  }
  for (const auto& [key, entry] : reporting_calendar(plan, ctx)) {
    std::string ids;
    bool done = true;
    for (const auto* m : entry.measures) {
      ids += (ids.empty() ? "" : ", ") + m->id;
      done = done && covered(*m, Due{entry.period, key.due});
    }
    Obligation o;
    o.key = fmt::format("{}.{}", key.committee, key.period);
    o.what = entry.measures.size() <= 3 ? fmt::format("{} report for {}: {}", key.committee, key.period, ids)
                                        : fmt::format("{} report for {}: {} measures", key.committee,
                                                      key.period, entry.measures.size());
    o.due = key.due;
    o.done = done;
    o.owner = key.committee;
    o.clause = "work plan reporting";
    o.mark = yaml::mark_at(root, entry.measures.front()->node_path + ".reporting");
    out.push_back(std::move(o));
  }
}

PortfolioPart part(const Workplan& plan, const Result& res, const Document& doc, std::string_view path,
                   Context&)
{
  WorkplanTally t{doc.id, std::string(path), plan.title, plan.year, 0, 0, 0, 0};
  for (const auto& m : res.measures) {
    (m.status == Status::met       ? t.met
     : m.status == Status::partial ? t.partial
     : m.status == Status::not_met ? t.not_met
                                   : t.other)++;
  }
  std::optional<calendar::Date> opened;
  if (plan.year >= 1 && plan.year <= 9999) {
    opened = calendar::Date::from_ymd(plan.year, 1, 1);
  }
  return {.opened = opened, .workplan = std::make_shared<const WorkplanTally>(std::move(t))};
}

delegate::Link link(const Workplan&, const Document& doc, Context& ctx, Diagnostics& diags)
{
  return delegate::link_own(doc, ctx, diags, {}, "delegate");
}

} // namespace qicase::workplan

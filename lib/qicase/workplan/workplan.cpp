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

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_workplan_fields[] = {
  {"kind",          As::text,     Req::yes},
  {"id",            As::text,     Req::yes},
  {"title",         As::text,     Req::no},
  {"year",          As::integer,  Req::yes,      {"workplan.year",     "the plan's year, e.g. `year: 2024`"}},
  {"delegate",      As::text,     Req::no},
  {"report_within", As::duration, Req::no},
  {"source",        As::text,     Req::no},
  {"sections",      As::list,     Req::nonempty, {"workplan.sections", "the plan's sections, each with a `title` and its `measures`"}},
  {"notes",         As::text,     Req::no},
};
const yaml::Field k_section_fields[] = {
  {"title",    As::text, Req::yes, {"workplan.sections", "the section's title"}},
  {"measures", As::list, Req::no},
};
const yaml::Field k_measure_fields[] = {
  {"id",        As::text, Req::yes, {"workplan.measure", "an id unique in the plan, e.g. hra-spd"}},
  {"measure",   As::text, Req::yes, {"workplan.measure", "what is measured"}},
  {"goal",      As::text, Req::yes, {"workplan.goal",    "the goal, e.g. \"≥ 90% timely outreach\" or \"establish baseline\""}},
  {"source",    As::text, Req::no},
  {"owner",     As::text, Req::no},
  {"timeframe", As::text, Req::no},
  {"reporting", As::text, Req::no},
  {"baseline",  As::rate, Req::no},
  {"results",   As::list, Req::no},
  {"notes",     As::text, Req::no},
};
const yaml::Field k_result_fields[] = {
  {"period", As::any,    Req::yes, {"workplan.results", "the period: 2024-Q1, 2024-H1, 2024-03 or 2024"}},
  {"value",  As::rate,   Req::no},
  {"values", As::map,    Req::no},
  {"status", As::choice, Req::no},
  {"note",   As::text,   Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_workplan_fields},
  {"/properties/sections/items", k_section_fields},
  {"/$defs/measure", k_measure_fields},
  {"/$defs/measure/properties/results/items", k_result_fields},
};

bool fixed(Frequency f)
{
  return f == Frequency::monthly || f == Frequency::quarterly || f == Frequency::semiannual
         || f == Frequency::annual;
}

} // namespace

Workplan read_workplan(const Document& doc, Diagnostics& diags)
{
  Workplan plan;
  plan.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_workplan_fields, "the work plan");
  plan.title = top.text("title").value_or("");
  top.text("source");
  top.text("notes");
  top.text("delegate"); // the registry id: linked by the kind table (check/kinds.cpp)
  plan.year = static_cast<int>(top.integer("year", 1900, 9999).value_or(0));
  if (auto within = top.duration("report_within")) {
    plan.report_within = *within;
  }
  std::set<std::string> ids;
  const auto* sections = top.list("sections");
  if (sections == nullptr) {
    return plan;
  }
  for (std::size_t s = 0; s < sections->children.size(); ++s) {
    const auto& section_node = sections->children[s];
    yaml::Fields sf(&section_node, diags, k_section_fields, fmt::format("section {}", s + 1),
                    section_node.mark);
    if (!sf.ok()) {
      continue;
    }
    Section section;
    section.title = sf.text("title").value_or("");
    sf.each(
      "measures", k_measure_fields,
      [&](std::size_t m) { return fmt::format("measure {} of `{}`", m + 1, section.title); },
      [&](yaml::Fields& mf, std::size_t m) {
        Measure measure;
        measure.node_path = fmt::format("sections.{}.measures.{}", s, m);
        measure.id = mf.text("id").value_or("");
        if (!measure.id.empty() && !ids.insert(measure.id).second) {
          diags.error(mf.mark_of("id"), "workplan.measure",
                      fmt::format("measure id `{}` is used twice: give each measure its own", measure.id));
        }
        measure.measure = mf.text("measure").value_or("");
        measure.goal_text = mf.text("goal").value_or("");
        measure.source = mf.text("source").value_or("");
        measure.owner = mf.text("owner").value_or("");
        measure.timeframe_text = mf.text("timeframe").value_or("");
        measure.reporting_text = mf.text("reporting").value_or("");
        measure.baseline = mf.rate("baseline");
        mf.text("notes");
        measure.goal = parse_goal(measure.goal_text);
        for (const auto& part : measure.goal.unparsed) {
          diags.warning(mf.mark_of("goal"), "workplan.goal",
                        fmt::format("goal \"{}\" looks numeric but holds no target qicase can "
                                    "read: write e.g. \"≥ 90% timely outreach\", \"5% increase in "
                                    "completed cases\" or \"100% of files reviewed\"",
                                    part));
        }
        for (const auto& t : measure.goal.targets) {
          if (t.kind != Target::Kind::comparison && !measure.baseline) {
            diags.warning(mf.mark_of("goal"), "workplan.baseline",
                          fmt::format("\"{}\" changes a baseline: add `baseline:` (the rate the "
                                      "change is measured from) so results can be judged",
                                      measure.goal_text));
            break;
          }
        }
        measure.timeframe = parse_timeframe(measure.timeframe_text);
        if (!measure.timeframe.understood) {
          diags.warning(mf.mark_of("timeframe"), "workplan.timeframe",
                        fmt::format("timeframe \"{}\" names no frequency qicase can read: write "
                                    "Monthly, Quarterly, Semi-annual, Annually, As needed, or "
                                    "\"Annually, by Q1 {}\"",
                                    measure.timeframe_text, plan.year));
        }
        measure.reporting = parse_reporting(measure.reporting_text);
        if (!measure.reporting.understood) {
          diags.warning(mf.mark_of("reporting"), "workplan.reporting",
                        fmt::format("reporting \"{}\" is not \"COMMITTEE - frequency\" (e.g. "
                                    "\"UMC - quarterly\") or \"N/A - operational\"",
                                    measure.reporting_text));
        }

        const auto* results = mf.list("results");
        std::set<std::string> periods;
        for (std::size_t r = 0; results != nullptr && r < results->children.size(); ++r) {
          const auto& rn = results->children[r];
          yaml::Fields rf(&rn, diags, k_result_fields, fmt::format("result {} of {}", r + 1, measure.id),
                          rn.mark);
          if (!rf.ok()) {
            continue;
          }
          Result result;
          // A period is text, but a year may be written bare: `period: 2024`.
          const yaml::Node* period_node = rf.find("period");
          std::optional<std::string> label;
          if (period_node == nullptr) {
            rf.missing("period");
          } else if (period_node->is_scalar()) {
            label = period_node->text;
          } else {
            diags.error(
              period_node->mark, "field.type",
              fmt::format("`period` must be a period such as 2024-Q1, not {}", period_node->describe()));
          }
          if (!label) {
            continue;
          }
          auto period = parse_period(*label);
          if (!period) {
            diags.error(rf.mark_of("period"), "workplan.period",
                        fmt::format("`{}` is not a period: write 2024-Q1, 2024-H1, 2024-03 or 2024",
                                    utf8_prefix(*label, 40)));
            continue;
          }
          result.period = *period;
          if (!periods.insert(*label).second) {
            diags.error(rf.mark_of("period"), "workplan.period",
                        fmt::format("period {} has two results in {}: keep one", *label, measure.id));
          }
          if (plan.year != 0 && period->start.year() != plan.year) {
            diags.warning(rf.mark_of("period"), "workplan.period",
                          fmt::format("period {} is outside the plan's year {}", *label, plan.year));
          }
          result.value = rf.rate("value");
          result.status = rf.choice("status", {"met", "not-met", "in-progress"}).value_or("");
          result.note = rf.text("note").value_or("");
          if (const auto* values = rf.map("values")) {
            std::vector<std::string_view> metrics;
            for (const auto& t : measure.goal.targets) {
              metrics.push_back(t.metric);
            }
            for (std::size_t k = 0; k < values->keys.size(); ++k) {
              const auto& key = values->keys[k];
              auto rate = yaml::read_rate(values->children[k], diags, fmt::format("`{}`", key.name));
              const bool known = std::any_of(metrics.begin(), metrics.end(),
                                             [&](std::string_view x) { return lower(x) == lower(key.name); });
              if (!known) {
                std::string list;
                for (auto x : metrics) {
                  list += (list.empty() ? "" : "; ") + std::string(x);
                }
                diags.error(key.mark, "workplan.values",
                            fmt::format("`{}` is not a target of the goal{}: the targets are {}", key.name,
                                        did_you_mean(key.name, metrics),
                                        list.empty() ? "none (use `value` or `status`)" : list));
              } else if (rate) {
                result.values.emplace_back(key.name, *rate);
              }
            }
          }
          if (result.value && measure.goal.targets.size() > 1) {
            diags.error(rf.mark_of("value"), "workplan.values",
                        fmt::format("the goal has {} targets: give `values:` keyed by target, "
                                    "e.g. `values: {{{}: 92%}}`",
                                    measure.goal.targets.size(), measure.goal.targets[0].metric));
          }
          measure.results.push_back(std::move(result));
        }
        std::sort(measure.results.begin(), measure.results.end(),
                  [](const Result& a, const Result& b) { return a.period.end < b.period.end; });
        section.measures.push_back(std::move(measure));
      });
    plan.sections.push_back(std::move(section));
  }
  return plan;
}

namespace {

std::string result_status(const Measure& m, const Result& r)
{
  if (!r.status.empty()) {
    return r.status;
  }
  const bool has_value = r.value.has_value() || !r.values.empty();
  switch (m.goal.kind) {
  case Goal::Class::baseline: return has_value ? "baseline-set" : "no-data";
  case Goal::Class::qualitative: return "no-data";
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
    return "no-data";
  }
  if (met == m.goal.targets.size()) {
    return "met";
  }
  return met == 0 ? "not-met" : "partial";
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

bool covers(const Result& r, const Due& d, bool whole_year)
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
                     [&](const Result& r) { return covers(r, d, whole_year); });
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
std::map<CalendarKey, CalendarEntry> reporting_calendar(const Workplan& plan, Context& ctx)
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

} // namespace

json::Value report(const Workplan& plan, Context& ctx, const std::optional<Period>& only)
{
  json::Value measures = json::Value::array();
  std::map<std::string, std::size_t> counts;
  for (auto key : {"met", "not-met", "partial", "baseline-set", "in-progress", "no-data", "overdue"}) {
    counts[key] = 0;
  }
  for (const auto& section : plan.sections) {
    for (const auto& m : section.measures) {
      const auto dues = schedule(plan, m, *ctx.calendar);
      std::vector<calendar::Date> overdue;
      std::optional<calendar::Date> next;
      for (const auto& d : dues) {
        const bool done = covered(m, d);
        if (!done && d.due < ctx.as_of) {
          overdue.push_back(d.due);
        } else if (!done && (!next || d.due < *next)) {
          next = d.due;
        }
      }

      json::Value periods = json::Value::array();
      std::string status = "no-data";
      for (const auto& r : m.results) {
        const auto s = result_status(m, r);
        json::Value p = json::Value::object();
        p.set("period", r.period.label);
        p.set("status", s);
        periods.push(std::move(p));
        if (r.period.start <= ctx.as_of) {
          status = s; // the latest period reported by --as-of
        }
      }
      if (only) {
        status = "no-data";
        // The result for that period, or the latest one inside it (a month of the quarter);
        // a result for a longer period (the year) does not speak for one quarter.
        for (const auto& r : m.results) {
          if (only->start <= r.period.start && r.period.end <= only->end) {
            status = result_status(m, r);
          }
        }
        if (status == "no-data") {
          for (const auto& d : dues) {
            if (only->start <= d.period.end && d.period.end <= only->end && d.due < ctx.as_of) {
              status = "overdue";
            }
          }
        }
      } else if (!overdue.empty()) {
        status = "overdue";
      }
      ++counts[status];

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
      item.set("periods", std::move(periods));
      item.set("status", status);
      item.set("next_report_due", calendar::to_json(next));
      json::Value late = json::Value::array();
      for (const auto& d : overdue) {
        late.push(d.str());
      }
      item.set("overdue_reports", std::move(late));
      item.set("committee",
               m.reporting.committee.empty() ? json::Value() : json::Value(m.reporting.committee));
      measures.push(std::move(item));
    }
  }

  json::Value r = json::Value::object();
  r.set("title", plan.title);
  r.set("year", plan.year);
  r.set("period", only ? json::Value(only->label) : json::Value());
  r.set("measures", std::move(measures));
  json::Value summary = json::Value::object();
  for (auto key : {"met", "not-met", "partial", "baseline-set", "in-progress", "no-data", "overdue"}) {
    std::string name(key);
    std::replace(name.begin(), name.end(), '-', '_');
    summary.set(name, static_cast<long long>(counts[key]));
  }
  r.set("summary", std::move(summary));
  json::Value cal = json::Value::array();
  for (const auto& [key, entry] : reporting_calendar(plan, ctx)) {
    json::Value e = json::Value::object();
    e.set("due", key.due.str());
    e.set("committee", key.committee);
    e.set("period", key.period);
    json::Value list = json::Value::array();
    for (const auto* m : entry.measures) {
      list.push(m->id);
    }
    e.set("measures", std::move(list));
    cal.push(std::move(e));
  }
  r.set("reporting_calendar", std::move(cal));
  return r;
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

std::string render_text(const std::vector<json::Entry>& entries)
{
  std::string out;
  for (const auto& e : entries) {
    if (e.report.is_null()) {
      out += json::text_heading(e);
      continue;
    }
    out += fmt::format("{}: {}  {}\n", e.path, e.id, json::field(e.report, "title"));
    std::size_t width = 8;
    for (const auto& m : e.report.find("measures")->as_array()) {
      width = std::max(width, json::field(m, "id").size());
    }
    for (const auto& m : e.report.find("measures")->as_array()) {
      const auto next = json::field(m, "next_report_due");
      out += fmt::format("  {:<{}}  {:<12} {}\n", json::field(m, "id"), width, json::field(m, "status"),
                         next.empty() ? "" : "next report " + next);
    }
    const auto* s = e.report.find("summary");
    out += fmt::format("  summary: {} met, {} not met, {} partial, {} baseline set, {} in "
                       "progress, {} no data, {} overdue\n",
                       json::field(*s, "met"), json::field(*s, "not_met"), json::field(*s, "partial"),
                       json::field(*s, "baseline_set"), json::field(*s, "in_progress"),
                       json::field(*s, "no_data"), json::field(*s, "overdue"));
    out += json::text_findings(e.report);
  }
  return out;
}

namespace {

std::string result_text(const Measure& m, const Result& r)
{
  std::string s;
  if (r.value) {
    s = format_percent(*r.value);
  }
  for (const auto& [key, v] : r.values) {
    s += (s.empty() ? "" : ", ") + key + " " + format_percent(v);
  }
  if (!r.status.empty() && m.goal.kind == Goal::Class::qualitative) {
    s += (s.empty() ? "" : ", ") + r.status;
  }
  return s.empty() ? "-" : s;
}

} // namespace

std::string render_evaluation(const Workplan& plan, const json::Value& report, calendar::Date as_of)
{
  std::string out = fmt::format("# {}: program evaluation\n\n",
                                markdown_text(plan.title.empty() ? plan.id : plan.title));
  const auto* s = report.find("summary");
  std::size_t total = 0;
  for (const auto& sec : plan.sections) {
    total += sec.measures.size();
  }
  out += fmt::format("As of {}. {} measures: {} met, {} not met, {} partially met, {} baselines "
                     "set, {} in progress, {} without data, {} with a report overdue.\n",
                     as_of.str(), total, json::field(*s, "met"), json::field(*s, "not_met"),
                     json::field(*s, "partial"), json::field(*s, "baseline_set"),
                     json::field(*s, "in_progress"), json::field(*s, "no_data"), json::field(*s, "overdue"));
  const auto& figures = report.find("measures")->as_array();
  std::size_t index = 0;
  for (const auto& section : plan.sections) {
    out += fmt::format("\n## {}\n\n", markdown_text(section.title));
    if (section.measures.empty()) {
      out += "No measures.\n";
      continue;
    }
    out += "| Measure | Goal | Results | Met | Status |\n|---|---|---|---|---|\n";
    for (const auto& m : section.measures) {
      const auto& f = figures[index++];
      std::string results;
      for (const auto& r : m.results) {
        results += (results.empty() ? "" : "; ") + r.period.label + ": " + result_text(m, r);
      }
      const auto status = json::field(f, "status");
      const std::string met = status == "met"       ? "yes"
                              : status == "not-met" ? "no"
                              : status == "partial" ? "partly"
                                                    : "-";
      out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(m.measure), markdown_cell(m.goal_text),
                         markdown_cell(results), met, status);
    }
  }
  return out;
}

namespace {

const char* const k_header[] = {"Performance Measures",         "Goal",
                                "Supporting Document / Report", "Responsible Staff",
                                "Timeframe for completion",     "Committee & Reporting Frequency"};

} // namespace

std::string render_table_csv(const Workplan& plan)
{
  std::string out = csv_field(plan.title.empty() ? plan.id : plan.title) + "\r\n\r\n";
  std::string header;
  for (std::size_t i = 0; i < 6; ++i) {
    std::string cell = k_header[i];
    if (i == 1) {
      cell = fmt::format("{} Goal", plan.year);
    }
    header += (i == 0 ? "" : ",") + csv_field(cell);
  }
  out += header + "\r\n";
  for (const auto& section : plan.sections) {
    out += csv_field(section.title) + ",,,,,\r\n";
    for (const auto& m : section.measures) {
      out += fmt::format("{},{},{},{},{},{}\r\n", csv_field(m.measure), csv_field(m.goal_text),
                         csv_field(m.source), csv_field(m.owner), csv_field(m.timeframe_text),
                         csv_field(m.reporting_text));
    }
  }
  return out;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::workplan

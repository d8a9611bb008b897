// Reading a work plan (workplan::Workplan): its field tables, the file read into the typed case,
// and the rules checked while reading (file problems and findings, each citing its clause).
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

} // namespace

namespace {

// A result's `values`, one rate per target of the goal, keyed by the target's metric.
void read_values(PeriodResult& result, const Measure& measure, const yaml::Node& values, Diagnostics& diags)
{
  std::vector<std::string_view> metrics;
  for (const auto& t : measure.goal.targets) {
    metrics.push_back(t.metric);
  }
  for (std::size_t k = 0; k < values.keys.size(); ++k) {
    const auto& key = values.keys[k];
    auto rate = yaml::read_rate(values.children[k], diags, fmt::format("`{}`", key.name));
    const bool known = std::any_of(metrics.begin(), metrics.end(),
                                   [&](std::string_view x) { return lower(x) == lower(key.name); });
    if (!known) {
      std::string list;
      for (auto x : metrics) {
        list += (list.empty() ? "" : "; ") + std::string(x);
      }
      auto hint = suggest(key.name, metrics);
      diags.error(key.mark, "workplan.values",
                  fmt::format("`{}` is not a target of the goal{}: the targets are {}", key.name, hint.text,
                              list.empty() ? "none (use `value` or `status`)" : list),
                  std::move(hint.aside));
    } else if (rate) {
      result.values.emplace_back(key.name, *rate);
    }
  }
}

// One result of a measure: its period (one result a period, within the plan's year), and a value,
// values by target, or a status.
void read_result(const Workplan& plan, Measure& measure, yaml::Fields& rf, std::set<std::string>& periods,
                 Diagnostics& diags)
{
  PeriodResult result;
  // A period is text, but a year may be written bare: `period: 2024`.
  const yaml::Node* period_node = rf.find("period");
  std::optional<std::string> label;
  if (period_node == nullptr) {
    rf.missing("period");
  } else if (period_node->is_scalar()) {
    label = period_node->text;
  } else {
    diags.error(period_node->mark, "field.type",
                fmt::format("`period` must be a period such as 2024-Q1, not {}", period_node->describe()));
  }
  if (!label) {
    return;
  }
  auto period = parse_period(*label);
  if (!period) {
    diags.error(
      rf.mark_of("period"), "workplan.period",
      fmt::format("`{}` is not a period: write 2024-Q1, 2024-H1, 2024-03 or 2024", utf8_prefix(*label, 40)));
    return;
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
    read_values(result, measure, *values, diags);
  }
  if (result.value && measure.goal.targets.size() > 1) {
    diags.error(rf.mark_of("value"), "workplan.values",
                fmt::format("the goal has {} targets: give `values:` keyed by target, "
                            "e.g. `values: {{{}: 92%}}`",
                            measure.goal.targets.size(), measure.goal.targets[0].metric));
  }
  measure.results.push_back(std::move(result));
}

// One measure of a section: its id unique in the plan, its goal, timeframe and reporting read as
// far as qicase can, and its results in period order.
void read_measure(const Workplan& plan, Section& section, yaml::Fields& mf, std::size_t s, std::size_t m,
                  std::set<std::string>& ids, Diagnostics& diags)
{
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
  std::set<std::string> periods;
  mf.each(
    "results", k_result_fields,
    [&](std::size_t r) { return fmt::format("result {} of {}", r + 1, measure.id); },
    [&](yaml::Fields& rf, std::size_t) { read_result(plan, measure, rf, periods, diags); });
  std::sort(measure.results.begin(), measure.results.end(),
            [](const PeriodResult& a, const PeriodResult& b) { return a.period.end < b.period.end; });
  section.measures.push_back(std::move(measure));
}

} // namespace

Workplan read_workplan(const Document& doc, Context&, Diagnostics& diags)
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
  top.each("sections", k_section_fields, "section", [&](yaml::Fields& sf, std::size_t s) {
    Section section;
    section.title = sf.text("title").value_or("");
    sf.each(
      "measures", k_measure_fields,
      [&](std::size_t m) { return fmt::format("measure {} of `{}`", m + 1, section.title); },
      [&](yaml::Fields& mf, std::size_t m) { read_measure(plan, section, mf, s, m, ids, diags); });
    plan.sections.push_back(std::move(section));
  });
  return plan;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::workplan

// Evaluating an action plan (actionplan::Plan) as of --as-of: its report (status, figures, what is
// missing), the obligations it holds due, and the documents it cites (where it cites any).
#include <qicase/actionplan/actionplan.hpp>
#include <qicase/actionplan/measure.hpp>

#include <algorithm>
#include <set>
#include <tuple>

#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::actionplan {

namespace {

json::Value rate_json(std::optional<Hundredths> r)
{
  return r ? json::Value::raw_number(format_hundredths(*r)) : json::Value();
}

// 27A.7: the improvement runs over a period (agreement + the program's window). It is met when
// the plan records it (a final stage with `goal_met: true`, on the date that stage was
// submitted) or, once the period has ended, when a measure's latest rate by the end of the
// period beats its baseline (met on the last day of the period). Before the period ends an
// improvement so far is progress, not the obligation met. None: not met (as of --as-of).
std::optional<calendar::Date> improvement_met(const Plan& p, calendar::Date until, calendar::Date as_of)
{
  std::optional<calendar::Date> met;
  for (const auto& m : p.measures) {
    if (m.goal_met == true && m.final_stage.submitted && *m.final_stage.submitted <= as_of
        && (!met || *m.final_stage.submitted < *met)) {
      met = m.final_stage.submitted;
    }
  }
  if (met || as_of < until) {
    return met;
  }
  const bool improved = std::any_of(p.measures.begin(), p.measures.end(), [&](const Measure& m) {
    const auto change = improvement(m, until);
    return change && *change > 0;
  });
  return improved ? std::optional(until) : std::nullopt;
}

// A stage against its date in the program's cycle: days late when it came after it, or, still
// missing, when --as-of is past it.
StageStanding stage_standing(const Stage& s, std::optional<calendar::Date> due, calendar::Date as_of)
{
  StageStanding st{due, std::nullopt};
  if (!due) {
    return st;
  }
  st.days_late = s.submitted && *s.submitted > *due ? *s.submitted - *due
                 : !s.submitted && as_of > *due     ? as_of - *due // missing past its due date
                                                    : 0;
  return st;
}

MeasureStanding standing(const Measure& m, const reference::Program* program, bool coaching,
                         calendar::Date as_of)
{
  MeasureStanding st;
  st.initial = stage_standing(m.initial, program ? program->initial_due : std::nullopt, as_of);
  st.update = stage_standing(m.update, program ? program->update_due : std::nullopt, as_of);
  st.final_stage = stage_standing(m.final_stage, program ? program->final_due : std::nullopt, as_of);
  for (const auto* s : {&st.initial, &st.update, &st.final_stage}) {
    st.escalate = st.escalate || s->days_late.value_or(0) > 0;
  }
  st.latest_rate = latest(m, as_of);
  const auto& now = st.latest_rate;
  if (now && m.baseline && m.target && *m.target != *m.baseline) {
    // Share of the gap from baseline to target closed, truncated to hundredths.
    st.progress = (*now - *m.baseline) * 100 / (*m.target - *m.baseline);
  }
  if (m.final_rate && m.target && by(m.final_stage, as_of)) {
    st.goal_met = meets(*m.final_rate, *m.target, m.higher);
  }
  if (coaching) {
    st.improvement = improvement(m, as_of);
  }
  return st;
}

} // namespace

std::shared_ptr<const reference::Program> program_for(Context& ctx, const Document& from, std::string_view id,
                                                      Mark mark, Diagnostics& diags)
{
  const Document* doc = reference::resolve_reference(ctx.workspace, from, id, "program", mark, diags);
  if (doc == nullptr) {
    return nullptr;
  }
  return ctx.workspace.cached<reference::Program>(doc, "program", [&] {
    Diagnostics own(doc->path);
    return std::make_shared<const reference::Program>(reference::read_program(*doc, own));
  });
}

Result evaluate(const Plan& p, const Context& ctx)
{
  Result r;
  const reference::Program* program = p.program.get();
  r.coaching = program != nullptr && program->lowest > 0;
  bool any_escalate = false;
  for (const auto& m : p.measures) {
    r.measures.push_back(standing(m, program, r.coaching, ctx.as_of));
    any_escalate = any_escalate || r.measures.back().escalate;
  }
  if (any_escalate && program != nullptr) {
    r.escalation = program->escalation_internal;
    r.escalation.insert(r.escalation.end(), program->escalation_external.begin(),
                        program->escalation_external.end());
  }
  if (r.coaching) {
    r.response_due = response_due(p, ctx);
    const bool late = r.response_due
                      && (!p.agreed ? ctx.as_of > *r.response_due : *p.agreed > *r.response_due);
    r.improve_by = improve_by(p, ctx);
    const bool no_improvement = r.improve_by && ctx.as_of > *r.improve_by
                                && !improvement_met(p, *r.improve_by, ctx.as_of);
    r.complaint_risk = late || no_improvement;
  }
  return r;
}

json::Value to_json(const Plan& p, const Result& res)
{
  json::Value r = json::Value::object();
  r.set("program", p.program_id);
  r.set("organization", p.organization);
  json::Value measures = json::Value::array();
  for (std::size_t i = 0; i < p.measures.size() && i < res.measures.size(); ++i) {
    const auto& m = p.measures[i];
    const auto& st = res.measures[i];
    json::Value item = json::Value::object();
    item.set("lob", m.lob);
    item.set("domain", m.domain);
    item.set("measure", m.measure);
    json::Value stages = json::Value::object();
    for (const auto& [name, stage, s] :
         {std::tuple{"initial", &m.initial, &st.initial}, std::tuple{"update", &m.update, &st.update},
          std::tuple{"final", &m.final_stage, &st.final_stage}}) {
      json::Value v = json::Value::object();
      v.set("due", calendar::to_json(s->due));
      v.set("submitted", calendar::to_json(stage->submitted));
      v.set("days_late", s->days_late ? json::Value(*s->days_late) : json::Value());
      stages.set(name, std::move(v));
    }
    item.set("stages", std::move(stages));
    item.set("baseline", rate_json(m.baseline));
    item.set("target", rate_json(m.target));
    item.set("latest_rate", rate_json(st.latest_rate));
    item.set("progress", rate_json(st.progress));
    item.set("goal_met", st.goal_met ? json::Value(*st.goal_met) : json::Value());
    json::Value smart = json::Value::array();
    for (const auto& s : m.smart) {
      smart.push(s.check);
    }
    item.set("smart", std::move(smart));
    item.set("escalate", st.escalate);
    if (res.coaching) {
      item.set("improvement", rate_json(st.improvement));
    }
    measures.push(std::move(item));
  }
  r.set("measures", std::move(measures));
  r.set("escalation", json::strings(res.escalation));
  if (res.coaching) {
    r.set("response_due", calendar::to_json(res.response_due));
    r.set("agreed", calendar::to_json(p.agreed));
    r.set("improve_by", calendar::to_json(res.improve_by));
    r.set("complaint_risk", res.complaint_risk);
  }
  return r;
}

Figures figures(const Plan& p, const Result& res)
{
  Figures out;
  const auto rate = [](std::optional<Hundredths> r) {
    return r ? format_hundredths(*r) : std::string("none");
  };
  for (std::size_t i = 0; i < p.measures.size() && i < res.measures.size(); ++i) {
    const auto& m = p.measures[i];
    const auto& st = res.measures[i];
    if (m.lob.empty() || m.measure.empty()) {
      continue; // a measure is known by its line of business and name
    }
    const auto label = [&](std::string_view what) {
      return fmt::format("measure {} {} {}", m.lob, m.measure, what);
    };
    out.push_back({label("baseline"), rate(m.baseline), false});
    out.push_back({label("target"), rate(m.target), false});
    out.push_back({label("latest rate"), rate(st.latest_rate), false});
    out.push_back({label("progress"), rate(st.progress), false});
    out.push_back({label("goal met"), figure_value(st.goal_met)});
    std::vector<std::string> smart;
    for (const auto& s : m.smart) {
      smart.push_back(s.check);
    }
    out.push_back({label("smart"), figure_value(smart)});
    out.push_back({label("escalate"), figure_value(st.escalate)});
    if (res.coaching) {
      out.push_back({label("improvement"), rate(st.improvement), false});
    }
  }
  if (res.coaching) {
    out.push_back({"complaint risk", figure_value(res.complaint_risk)});
  }
  return out;
}

std::optional<calendar::Date> response_due(const Plan& p, const Context& ctx)
{
  if (p.program && p.notice && p.notice->issued && p.program->response_within) {
    const auto due = ctx.calendar->add(*p.notice->issued, *p.program->response_within);
    return due.in_range() ? std::optional(due) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<calendar::Date> improve_by(const Plan& p, const Context& ctx)
{
  if (p.program && p.agreed && p.program->improve_within) {
    const auto by = ctx.calendar->add(*p.agreed, *p.program->improve_within);
    return by.in_range() ? std::optional(by) : std::nullopt;
  }
  return std::nullopt;
}

namespace {

// Who answers for a measure: its owners, else the organization.
std::string owner_of(const Plan& p, const Measure& m)
{
  return m.owners.empty() ? p.organization : fmt::format("{}", fmt::join(m.owners, ", "));
}

// A measure's duties: each stage by the program's cycle, and for coaching an estimate for each
// quarter ended from the agreement to the improvement date (27A.3).
void measure_duties(const Plan& p, const Measure& m, const yaml::Node& root, const Context& ctx,
                    Obligations& out)
{
  const reference::Program& program = *p.program;
  const std::string owner = owner_of(p, m);
  const std::tuple<std::string_view, std::string_view, const Stage*, std::optional<calendar::Date>> stages[] =
    {{"initial", "initial action plan", &m.initial, program.initial_due},
     {"update", "mid-year update", &m.update, program.update_due},
     {"final", "final results", &m.final_stage, program.final_due}};
  for (const auto& [name, title, s, due] : stages) {
    if (!due) {
      continue;
    }
    Obligation o;
    o.key = fmt::format("{}.{}.{}", m.lob, m.measure, name);
    o.what = fmt::format("{} {}: {}", m.lob, m.measure, title);
    o.due = *due;
    o.done = by(*s, ctx.as_of) && s->submitted.has_value();
    o.done_on = o.done ? s->submitted : std::nullopt;
    o.owner = owner;
    o.clause = fmt::format("{} cycle.{}", program.id, name); // the program's timeline
    o.note = program.escalation_internal.empty() || o.done || ctx.as_of <= *due
               ? std::string()
               : fmt::format("late: escalate to {}", program.escalation_internal.front());
    o.mark = yaml::mark_at(root, {m.node_path + "." + std::string(name) + ".submitted",
                                  m.node_path + "." + std::string(name), m.node_path});
    out.push_back(std::move(o));
  }
  const auto until = improve_by(p, ctx);
  if (program.lowest == 0 || !program.quarterly_estimates || !p.agreed || !until) {
    return;
  }
  for (const auto& [label, end] : quarters_through(*p.agreed, *until)) {
    Obligation o;
    o.key = fmt::format("{}.{}.estimate.{}", m.lob, m.measure, label);
    o.what = fmt::format("{}: quarterly estimate for {}", m.measure, label);
    o.due = end;
    o.done = has_estimate(m, label);
    o.owner = owner;
    o.clause = "QI 27A.3";
    o.mark = yaml::mark_at(root, {m.node_path + ".estimates", m.node_path});
    out.push_back(std::move(o));
  }
}

// Coaching's duties of the plan as a whole: agreeing within the notification's response window
// (27A.2, 27A.6), and an improvement by the end of the improvement period (27A.7).
void coaching_duties(const Plan& p, const yaml::Node& root, const Context& ctx, Obligations& out)
{
  if (const auto due = response_due(p, ctx)) {
    Obligation o;
    o.key = "response";
    o.what = fmt::format("agree to take part in coaching (notice {})", p.notice_id);
    o.due = *due;
    o.done = p.agreed && *p.agreed <= ctx.as_of;
    o.done_on = o.done ? p.agreed : std::nullopt;
    o.owner = p.organization;
    o.clause = "QI 27A.6";
    o.mark = yaml::mark_at(root, {"agreed", "notice"});
    out.push_back(std::move(o));
  }
  if (const auto until = improve_by(p, ctx)) {
    // No improvement on any measure by then, and an Administered Complaint follows. A period,
    // not a date: open until it ends unless the plan records the goal met.
    const auto met = improvement_met(p, *until, ctx.as_of);
    const bool so_far = std::any_of(p.measures.begin(), p.measures.end(), [&](const Measure& m) {
      const auto change = improvement(m, ctx.as_of);
      return change && *change > 0;
    });
    Obligation o;
    o.key = "improvement";
    o.what = "improvement on a measure, or an Administered Complaint follows";
    o.due = *until;
    o.done = met.has_value();
    o.done_on = met;
    o.note = met      ? "improved against the baseline"
             : so_far ? "improving so far; met when the period ends above the baseline or a final stage "
                        "records the goal met"
                      : "";
    o.owner = p.organization;
    o.clause = "QI 27A.7";
    o.mark = yaml::mark_at(root, "agreed");
    out.push_back(std::move(o));
  }
}

} // namespace

void obligations(const Plan& p, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root || p.program == nullptr) {
    return;
  }
  for (const auto& m : p.measures) {
    measure_duties(p, m, *doc.root, ctx, out);
  }
  if (p.program->lowest > 0) {
    coaching_duties(p, *doc.root, ctx, out);
  }
}

PortfolioPart part(const Plan& plan, const Result& res, const Document& doc, std::string_view path, Context&)
{
  const auto rate_text = [](const std::optional<Hundredths>& rate) {
    return rate ? format_hundredths(*rate) : std::string();
  };
  PortfolioPart out{.opened = plan.agreed};
  for (std::size_t i = 0; i < plan.measures.size() && i < res.measures.size(); ++i) {
    const auto& m = plan.measures[i];
    const auto& st = res.measures[i];
    out.measures.push_back({doc.id, std::string(path), m.lob, m.measure, rate_text(m.baseline),
                            rate_text(m.target), rate_text(st.latest_rate), st.goal_met});
  }
  return out;
}

delegate::Link link(const Plan& p, const Document& doc, Context& ctx, Diagnostics& diags)
{
  return delegate::link_own(doc, ctx, diags, p.organization, "organization");
}

} // namespace qicase::actionplan

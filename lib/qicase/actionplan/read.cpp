// Reading an action plan (actionplan::Plan): its field tables, the file read into the typed case,
// and the rules checked while reading (file problems and findings, each citing its clause).
#include <qicase/actionplan/actionplan.hpp>
#include <qicase/actionplan/measure.hpp>

#include <algorithm>
#include <set>

#include <unordered_set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::actionplan {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_status_fields[] = {
  {"id",     As::text,   Req::yes, {"actionplan.activities", "an id such as a1"}},
  {"status", As::choice, Req::yes, {"actionplan.status",     "on-track, delayed, done, not-started or cancelled"}},
  {"note",   As::text,   Req::no},
};

const yaml::Field k_plan_fields[] = {
  {"kind",              As::text, Req::yes},
  {"id",                As::text, Req::yes},
  {"title",             As::text, Req::no},
  {"program",           As::text, Req::yes,      {"actionplan.program",           "the program it answers, e.g. viip-2023 or cquic"}},
  {"organization",      As::text, Req::yes,      {"actionplan.organization",      "the IPA or medical group"}},
  {"delegate",          As::text, Req::no},
  {"contacts",          As::list, Req::no},
  {"notice",            As::text, Req::no},
  {"agreed",            As::date, Req::no},
  {"submitted",         As::date, Req::no},
  {"lines_of_business", As::list, Req::nonempty, {"actionplan.lines-of-business", "a line of business with its measures"}},
  {"check_ins",         As::list, Req::no},
  {"notes",             As::text, Req::no},
};

const yaml::Field k_contact_fields[] = {
  {"name",  As::text, Req::yes, {"actionplan.contacts", "the contact's name"}},
  {"role",  As::text, Req::no},
  {"email", As::text, Req::no},
  {"phone", As::text, Req::no},
};

const yaml::Field k_lob_fields[] = {
  {"lob",      As::text, Req::yes,      {"actionplan.lines-of-business", "the line of business, e.g. Medi-Cal"}},
  {"measures", As::list, Req::nonempty, {"actionplan.measures",          "the measures worked on, one per domain group"}},
};

const yaml::Field k_measure_fields[] = {
  {"domain",    As::text,   Req::when, {"actionplan.domain",  "the measure's domain, e.g. member-experience"}},
  {"measure",   As::text,   Req::yes,  {"actionplan.measure", "the measure, as the program lists it"}},
  {"direction", As::choice, Req::no},
  {"initial",   As::map,    Req::yes,  {"actionplan.initial", "the initial action plan"}},
  {"update",    As::map,    Req::no},
  {"final",     As::map,    Req::no},
  {"estimates", As::list,   Req::no},
  {"notes",     As::text,   Req::no},
};

const yaml::Field k_initial_fields[] = {
  {"submitted",  As::date,  Req::no},
  {"goal",       As::text,  Req::yes,      {"actionplan.goal",       "the S.M.A.R.T. goal statement"}},
  {"baseline",   As::map,   Req::yes,      {"actionplan.baseline",   "`baseline: {rate, source, updates}`"}},
  {"target",     As::map,   Req::yes,      {"actionplan.target",     "`target: {rate, by}`"}},
  {"owners",     As::texts, Req::nonempty, {"actionplan.owners",     "who carries out the plan"}},
  {"activities", As::list,  Req::nonempty, {"actionplan.activities", "the planned activities, each with an id"}},
};

const yaml::Field k_baseline_fields[] = {
  {"rate",    As::rate,   Req::yes, {"actionplan.baseline", "the baseline rate"}},
  {"source",  As::text,   Req::yes, {"actionplan.baseline", "where the baseline rate comes from"}},
  {"updates", As::choice, Req::no},
};

const yaml::Field k_target_fields[] = {
  {"rate", As::rate, Req::yes, {"actionplan.target", "the goal rate"}},
  {"by",   As::date, Req::no},
};

const yaml::Field k_activity_fields[] = {
  {"id",       As::text, Req::yes, {"actionplan.activities", "an id such as a1"}},
  {"activity", As::text, Req::yes, {"actionplan.activities", "the planned activity"}},
};

const yaml::Field k_update_fields[] = {
  {"submitted",       As::date,  Req::no},
  {"rate",            As::rate,  Req::no},
  {"activities",      As::list,  Req::no},
  {"barriers",        As::texts, Req::no},
  {"changes",         As::texts, Req::no},
  {"accomplishments", As::texts, Req::no},
};

const yaml::Field k_final_fields[] = {
  {"submitted",          As::date,    Req::no},
  {"rate",               As::rate,    Req::yes, {"actionplan.final",    "the final reported rate"}},
  {"activities",         As::list,    Req::no},
  {"goal_met",           As::boolean, Req::yes, {"actionplan.goal-met", "whether the goal was met (true or false)"}},
  {"changes_if_not_met", As::texts,   Req::no},
  {"conclusions",        As::text,    Req::yes, {"actionplan.final",    "concluding thoughts on what did and did not work"}},
};

const yaml::Field k_estimate_fields[] = {
  {"quarter", As::text, Req::yes, {"cquic.estimates", "the quarter, e.g. 2025-Q1"}},
  {"rate",    As::rate, Req::yes, {"cquic.estimates", "the estimated rate"}},
};

const yaml::Field k_check_in_fields[] = {
  {"date",      As::date, Req::yes, {"cquic.check-ins", "the date of the check-in"}},
  {"attendees", As::list, Req::no},
  {"notes",     As::text, Req::no},
};

const yaml::Field k_attendee_fields[] = {
  {"name", As::text, Req::no},
  {"role", As::text, Req::no},
};

// clang-format on
const yaml::Table k_field_tables[] = {
  {"/$defs/statuses/items", k_status_fields},
  {"", k_plan_fields},
  {"/properties/contacts/items", k_contact_fields},
  {"/properties/lines_of_business/items", k_lob_fields},
  {"/$defs/measure", k_measure_fields},
  {"/$defs/measure/properties/initial", k_initial_fields},
  {"/$defs/measure/properties/initial/properties/baseline", k_baseline_fields},
  {"/$defs/measure/properties/initial/properties/target", k_target_fields},
  {"/$defs/measure/properties/initial/properties/activities/items", k_activity_fields},
  {"/$defs/measure/properties/update", k_update_fields},
  {"/$defs/measure/properties/final", k_final_fields},
  {"/$defs/measure/properties/estimates/items", k_estimate_fields},
  {"/properties/check_ins/items", k_check_in_fields},
  {"/properties/check_ins/items/properties/attendees/items", k_attendee_fields},
};

const std::vector<std::string_view> k_statuses = {"on-track", "delayed", "done", "not-started", "cancelled"};

std::vector<Status> statuses(yaml::Fields& f, std::string_view key, Diagnostics& diags, const Measure& m,
                             std::string_view stage)
{
  std::vector<Status> out;
  const auto* list = f.list(key);
  if (list == nullptr) {
    return out;
  }
  for (const auto& item : list->children) {
    yaml::Fields s(&item, diags, k_status_fields, "an activity status", item.mark);
    if (!s.ok()) {
      continue;
    }
    Status st;
    st.id = s.text("id").value_or("");
    st.status = s.choice("status", k_statuses).value_or("");
    st.note = s.text("note").value_or("");
    if (!st.id.empty() && std::none_of(m.activities.begin(), m.activities.end(), [&](const auto& a) {
          return a.first == st.id;
        })) {
      diags.error(
        s.mark_of("id"), "actionplan.activities",
        fmt::format("the {} names activity `{}`, which the initial plan does not have", stage, st.id));
    }
    out.push_back(std::move(st));
  }
  return out;
}

void require_every_activity(const Measure& m, const std::vector<Status>& given, Mark mark,
                            std::string_view stage, Diagnostics& diags)
{
  for (const auto& activity : m.activities) {
    const auto& [id, text] = activity;
    // (A lambda names the pair, not the binding: clang 14, used for fuzzing, cannot capture one.)
    if (std::none_of(given.begin(), given.end(), [&](const Status& s) { return s.id == activity.first; })) {
      diags.error(mark, "actionplan.status",
                  fmt::format("the {} has no status for activity {} ({}): add {{id: {}, status: "
                              "on-track|delayed|done|not-started|cancelled}}",
                              stage, id, text, id));
    }
  }
}

} // namespace

namespace {

// Initial: goal, baseline with source, target, owners, activities.
void read_initial(Measure& m, yaml::Fields& mf, const reference::Program* program, Diagnostics& diags)
{
  yaml::Fields in(mf.map("initial"), diags, k_initial_fields, "`initial`", mf.mark());
  if (in.ok()) {
    m.initial.present = true;
    m.initial.submitted = in.date("submitted");
    m.goal = in.text("goal").value_or("");
    yaml::Fields b(in.map("baseline"), diags, k_baseline_fields, "`baseline`", in.mark());
    if (b.ok()) {
      m.baseline = b.rate("rate");
      m.baseline_source = b.text("source").value_or("");
      m.baseline_updates =
        b.choice("updates", {"weekly", "monthly", "quarterly", "yearly", "annually"}).value_or("");
    }
    yaml::Fields t(in.map("target"), diags, k_target_fields, "`target`", in.mark());
    if (t.ok()) {
      m.target = t.rate("rate");
      m.target_by = t.date("by");
    }
    m.owners = in.texts("owners");
    if (const auto* acts = in.list("activities")) {
      std::unordered_set<std::string> seen_ids; // linear in the activities, however many
      for (const auto& a : acts->children) {
        yaml::Fields af(&a, diags, k_activity_fields, "a planned activity", a.mark);
        if (!af.ok()) {
          continue;
        }
        auto id = af.text("id");
        auto text = af.text("activity");
        if (id && !seen_ids.insert(*id).second) {
          diags.error(af.mark_of("id"), "actionplan.activities",
                      fmt::format("activity id `{}` is used twice", *id));
        }
        if (id) {
          m.activities.emplace_back(*id, text.value_or(""));
        }
      }
    }
    if (!m.goal.empty()) {
      SmartInput si{m.goal,   m.measure,         m.owners,           m.baseline, m.target,
                    m.higher, m.baseline_source, m.baseline_updates, program};
      m.smart = smart_checks(si);
      for (const auto& s : m.smart) {
        diags.warning(in.mark_of("goal"), "smart." + s.check, s.message);
      }
    }
  }
}

// What the update and final stages share: the date submitted, the rate, and a status for every
// initial activity.
void read_stage(yaml::Fields& f, Stage& stage, std::optional<Hundredths>& rate, std::vector<Status>& given,
                const Measure& m, std::string_view name, Diagnostics& diags)
{
  stage.present = true;
  stage.submitted = f.date("submitted");
  rate = f.rate("rate");
  given = statuses(f, "activities", diags, m, name);
  require_every_activity(m, given, f.mark(), name, diags);
}

// Update: a status for every initial activity; barriers need changes.
void read_update(Measure& m, yaml::Fields& mf, Diagnostics& diags)
{
  yaml::Fields up(mf.map("update"), diags, k_update_fields, "`update`", mf.mark());
  if (up.ok()) {
    read_stage(up, m.update, m.update_rate, m.update_statuses, m, "update", diags);
    m.barriers = up.texts("barriers");
    m.changes = up.texts("changes");
    m.accomplishments = up.texts("accomplishments");
    if (!m.barriers.empty() && m.changes.empty()) {
      diags.error(up.mark_of("barriers"), "actionplan.barriers",
                  "barriers need `changes`: how you plan to resolve them or what you will change");
    }
  }
}

// Final: rate, statuses, goal_met that agrees with the rate, changes when not met.
void read_final(Measure& m, yaml::Fields& mf, Diagnostics& diags)
{
  yaml::Fields fin(mf.map("final"), diags, k_final_fields, "`final`", mf.mark());
  if (fin.ok()) {
    read_stage(fin, m.final_stage, m.final_rate, m.final_statuses, m, "final", diags);
    m.goal_met = fin.boolean("goal_met");
    m.changes_if_not_met = fin.texts("changes_if_not_met");
    m.conclusions = fin.text("conclusions").value_or("");
    if (m.final_rate && m.target && m.goal_met) {
      const bool actual = meets(*m.final_rate, *m.target, m.higher);
      if (actual != *m.goal_met) {
        diags.error(fin.mark_of("goal_met"), "actionplan.goal-met",
                    fmt::format("`goal_met: {}` but the final rate {} {} the target {} ({} is "
                                "better): write `goal_met: {}`",
                                *m.goal_met ? "true" : "false", format_percent(*m.final_rate),
                                actual ? "meets" : "misses", format_percent(*m.target),
                                m.higher ? "higher" : "lower", actual ? "true" : "false"));
      }
    }
    const bool met = m.final_rate && m.target && meets(*m.final_rate, *m.target, m.higher);
    if (m.final_rate && m.target && !met && m.changes_if_not_met.empty()) {
      diags.error(fin.mark(), "actionplan.changes",
                  "the goal was not met: add `changes_if_not_met`, what you would change");
    }
  }
}

// Coaching: quarterly estimates.
void read_estimates(Measure& m, yaml::Fields& mf, Diagnostics& diags)
{
  if (const auto* est = mf.list("estimates")) {
    for (const auto& e : est->children) {
      yaml::Fields ef(&e, diags, k_estimate_fields, "an estimate", e.mark);
      auto q = ef.text("quarter");
      auto r = ef.rate("rate");
      if (q && !quarter_end(*q)) {
        diags.error(ef.mark_of("quarter"), "cquic.estimates",
                    fmt::format("`{}` is not a quarter: write e.g. 2025-Q1", *q));
      } else if (q && r) {
        m.estimates.emplace_back(*q, *r);
      }
    }
  }
}

// One measure from each of the program's domain groups, per line of business.
void check_domain_groups(const std::string& lob, yaml::Fields& lf, const reference::Program& program,
                         const std::vector<std::string>& domains_used, Diagnostics& diags)
{
  for (const auto& group : program.domains) {
    std::size_t n = 0;
    for (const auto& d : domains_used) {
      n += std::find(group.begin(), group.end(), d) != group.end() ? 1 : 0;
    }
    std::string names;
    for (const auto& g : group) {
      names += (names.empty() ? "" : " or ") + g;
    }
    if (n == 0) {
      diags.error(lf.mark_of("measures"), "actionplan.domains",
                  fmt::format("{} has no {} measure: program {} asks for one measure from "
                              "each domain group",
                              lob, names, program.id));
    } else if (n > 1) {
      diags.error(lf.mark_of("measures"), "actionplan.domains",
                  fmt::format("{} has {} {} measures: program {} asks for one", lob, n, names, program.id));
    }
  }
}

} // namespace

namespace {

// Coaching (QI 27A): the measures are the notice's lowest (27A.2), and each has an estimate for
// each quarter ended since the agreement, through the coaching period (27A.3, 27A.7).
void check_coaching(const Plan& p, yaml::Fields& top, Context& ctx, std::size_t total_measures,
                    Diagnostics& diags)
{
  const reference::Program* program = p.program.get();
  if (total_measures != static_cast<std::size_t>(program->lowest)) {
    diags.error(top.mark_of("lines_of_business"), "cquic.measures",
                fmt::format("{} measures: the plan covers exactly the {} lowest QI measures (27A.2)",
                            total_measures, program->lowest));
  }
  if (p.notice && !p.notice->measure_rates.empty()) {
    auto ranked = p.notice->measure_rates;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    const auto cutoff =
      ranked[std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(program->lowest)) - 1].second;
    for (const auto& m : p.measures) {
      auto it = std::find_if(ranked.begin(), ranked.end(),
                             [&](const auto& x) { return x.first == m.measure; });
      if (it == ranked.end()) {
        diags.error(top.mark_of("lines_of_business"), "cquic.measures",
                    fmt::format("`{}` is not among the measures notice {} lists", m.measure, p.notice_id));
      } else if (it->second > cutoff) {
        std::string lowest;
        for (std::size_t k = 0; k < ranked.size() && k < static_cast<std::size_t>(program->lowest); ++k) {
          lowest += (lowest.empty() ? "" : ", ") + ranked[k].first + " " + format_percent(ranked[k].second);
        }
        diags.error(top.mark_of("lines_of_business"), "cquic.measures",
                    fmt::format("{} ({}) is not one of the {} lowest measures of notice {}: {}", m.measure,
                                format_percent(it->second), program->lowest, p.notice_id, lowest));
      }
    }
  }
  // Estimates for each quarter ended since the agreement (27A.3), through the coaching
  // period that ends with the improvement decision (27A.7).
  if (program->quarterly_estimates && p.agreed) {
    calendar::Date until = ctx.as_of;
    if (const auto end = improve_by(p, ctx)) {
      until = std::min(until, *end);
    }
    const auto quarters = quarters_through(*p.agreed, until);
    for (const auto& m : p.measures) {
      std::string missing;
      for (const auto& [label, end] : quarters) {
        if (!has_estimate(m, label)) {
          missing += (missing.empty() ? "" : ", ") + label;
        }
      }
      if (!missing.empty()) {
        diags.error(top.mark_of("lines_of_business"), "cquic.estimates",
                    fmt::format("{} has no quarterly estimate for {} (27A.3)", m.measure, missing));
      }
    }
  }
}

// Check-ins with the IPA's medical director (27A.5), and a warning when none is recorded three
// months after the agreement (27A.3).
void read_check_ins(Plan& p, yaml::Fields& top, Context& ctx, bool coaching, Diagnostics& diags)
{
  const reference::Program* program = p.program.get();
  if (const auto* checks = top.list("check_ins")) {
    for (const auto& c : checks->children) {
      yaml::Fields cf(&c, diags, k_check_in_fields, "a check-in", c.mark);
      if (!cf.ok()) {
        continue;
      }
      auto date = cf.date("date");
      cf.text("notes");
      bool role = false;
      if (const auto* attendees = cf.list("attendees")) {
        for (const auto& a : attendees->children) {
          yaml::Fields af(&a, diags, k_attendee_fields, "an attendee", a.mark);
          const auto r = af.text("role").value_or("");
          role = role || (program != nullptr && r.find(program->check_in_role) != std::string::npos);
          af.text("name");
        }
      }
      if (program != nullptr && program->check_ins_required && !role) {
        diags.error(cf.mark(), "cquic.check-ins",
                    fmt::format("no {} attended this check-in: the IPA's {} attends every one (27A.5)",
                                program->check_in_role, program->check_in_role));
      }
      if (date) {
        p.check_ins.push_back({*date, role});
      }
    }
  } else if (coaching && program->check_ins_required && p.agreed
             && ctx.as_of > calendar::add_months(*p.agreed, 3)) {
    diags.warning(top.mark(), "cquic.check-ins",
                  "no check-ins recorded three months after the agreement: the IPA attends "
                  "check-ins with the Medical Director on a regular cadence (27A.3)");
  }
}

} // namespace

// The plan's head: its program, organization, contacts and dates, and for coaching (QI 27A) the
// notification it answers (27A.1) and the day the IPA agreed (27A.2).
void read_head(Plan& p, yaml::Fields& top, const Document& doc, Context& ctx, Diagnostics& diags)
{
  top.text("title");
  top.text("notes");
  if (auto id = top.text("program")) {
    p.program_id = *id;
    p.program = program_for(ctx, doc, *id, top.mark_of("program"), diags);
  }
  p.organization = top.text("organization").value_or("");
  top.text("delegate"); // the registry id: linked by the kind table (check/kinds.cpp)
  top.each("contacts", k_contact_fields, "contact", [](yaml::Fields& cf, std::size_t) {
    cf.text("name");
    cf.text("role");
    cf.text("email");
    cf.text("phone");
  });
  p.submitted = top.date("submitted");
  p.agreed = top.date("agreed");
  const bool coaching = p.program != nullptr && p.program->lowest > 0;
  if (auto n = top.text("notice")) {
    p.notice_id = *n;
    p.notice = notice::notice_for(ctx, doc, *n, top.mark_of("notice"), diags);
  } else if (coaching) {
    diags.error(top.mark(), "cquic.notice",
                "a coaching plan answers the notification: add `notice:` with its id (27A.1)");
  }
  if (coaching && !p.agreed) {
    diags.error(top.mark(), "cquic.agreed", "add `agreed:`, the date the IPA agreed to take part (27A.2)");
  }
  if (p.notice && !top.has("submitted")) {
    diags.warning(top.mark(), "actionplan.submitted",
                  fmt::format("no `submitted` date: notice {} shows no response until the plan "
                              "has one",
                              p.notice_id));
  }
}

// A line of business the program has (27A.2; VIIP 2023's lines).
void check_lob(std::string_view lob, const yaml::Fields& lf, const reference::Program* program,
               Diagnostics& diags)
{
  if (program == nullptr || program->lines_of_business.empty() || lob.empty()
      || std::find(program->lines_of_business.begin(), program->lines_of_business.end(), lob)
           != program->lines_of_business.end()) {
    return;
  }
  std::vector<std::string_view> names(program->lines_of_business.begin(), program->lines_of_business.end());
  diags.error(
    lf.mark_of("lob"), "actionplan.lines-of-business",
    fmt::format("program {} has no line of business `{}`{}", program->id, lob, did_you_mean(lob, names)));
}

// The measures of one line of business so far: each name once, and the domains they use.
struct LobMeasures
{
  std::vector<std::pair<std::string, Mark>> seen;
  std::vector<std::string> domains_used;
};

// A measure is named once per line of business, in a domain of the program, and on the
// program's list for that domain and line of business.
void check_measure(const Measure& m, const yaml::Fields& mf, const reference::Program* program,
                   LobMeasures& lob, Diagnostics& diags)
{
  for (const auto& [name, mark] : lob.seen) {
    if (name == m.measure) {
      diags.error(
        mf.mark_of("measure"), "actionplan.measure",
        fmt::format("{} is already in {} (line {}): one plan per measure", m.measure, m.lob, mark.line));
    }
  }
  lob.seen.emplace_back(m.measure, mf.mark_of("measure"));
  if (program == nullptr || m.domain.empty()) {
    return;
  }
  if (!program->has_domain(m.domain)) {
    std::vector<std::string_view> names;
    for (const auto& g : program->domains) {
      names.insert(names.end(), g.begin(), g.end());
    }
    diags.error(
      mf.mark_of("domain"), "actionplan.domain",
      fmt::format("program {} has no domain `{}`{}", program->id, m.domain, did_you_mean(m.domain, names)));
    return;
  }
  if (m.measure.empty()) {
    return;
  }
  lob.domains_used.push_back(m.domain);
  const auto* list = program->list(m.domain, m.lob);
  if (list != nullptr && std::find(list->begin(), list->end(), m.measure) == list->end()) {
    std::vector<std::string_view> names(list->begin(), list->end());
    diags.error(mf.mark_of("measure"), "actionplan.measure",
                fmt::format("`{}` is not on program {}'s {} list for {}{}", m.measure, program->id, m.domain,
                            m.lob, did_you_mean(m.measure, names)));
  }
}

Plan read_actionplan(const Document& doc, Context& ctx, Diagnostics& diags)
{
  Plan p;
  p.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_plan_fields, "the action plan");
  read_head(p, top, doc, ctx, diags);
  const reference::Program* program = p.program.get();
  const bool coaching = program != nullptr && program->lowest > 0;

  // Measures per line of business.
  std::size_t total_measures = 0;
  const auto* lobs = top.each(
    "lines_of_business", k_lob_fields, "line of business", [&](yaml::Fields& lf, std::size_t i) {
      const std::string lob = lf.text("lob").value_or("");
      check_lob(lob, lf, program, diags);
      LobMeasures so_far;
      const auto* measures = lf.each(
        "measures", k_measure_fields,
        [&](std::size_t j) { return fmt::format("measure {} of {}", j + 1, lob); },
        [&](yaml::Fields& mf, std::size_t j) {
          Measure m;
          m.node_path = fmt::format("lines_of_business.{}.measures.{}", i, j);
          m.lob = lob;
          mf.text("notes");
          m.domain = mf.text("domain", coaching ? nullptr : mf.need("domain")).value_or("");
          m.measure = mf.text("measure").value_or("");
          m.higher = mf.choice("direction", {"higher", "lower"}).value_or("higher") == "higher";
          ++total_measures;
          check_measure(m, mf, program, so_far, diags);
          read_initial(m, mf, program, diags);
          read_update(m, mf, diags);
          read_final(m, mf, diags);
          read_estimates(m, mf, diags);
          p.measures.push_back(std::move(m));
        });
      // One measure from each of the program's domain groups, per line of business.
      if (program != nullptr && !coaching && measures != nullptr) {
        check_domain_groups(lob, lf, *program, so_far.domains_used, diags);
      }
    });

  // Coaching (QI 27A): the three lowest measures, check-ins with the medical director.
  if (coaching && lobs != nullptr) {
    check_coaching(p, top, ctx, total_measures, diags);
  }
  read_check_ins(p, top, ctx, coaching, diags);
  return p;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::actionplan

// Rendering an action plan (actionplan::Plan) and its result for people: text, markdown and
// CSV.
#include <qicase/actionplan/actionplan.hpp>
#include <qicase/actionplan/measure.hpp>

#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <qicase/core/text.hpp>

namespace qicase::actionplan {

namespace {

std::string rate_text(std::optional<Hundredths> r)
{
  return r ? format_hundredths(*r) : std::string();
}

std::string smart_text(const Measure& m)
{
  std::string out;
  for (const auto& s : m.smart) {
    out += (out.empty() ? "" : ", ") + s.check;
  }
  return out;
}

// " initial 2024-03-01 update - (12d late) final -": each stage's submission and lateness.
std::string timing_text(const Measure& m, const MeasureStanding& st)
{
  std::string out;
  for (const auto& [name, stage, s] :
       {std::tuple{"initial", &m.initial, &st.initial}, std::tuple{"update", &m.update, &st.update},
        std::tuple{"final", &m.final_stage, &st.final_stage}}) {
    const long late = s->days_late.value_or(0);
    out += fmt::format(" {} {}{}", name, stage->submitted ? stage->submitted->str() : "-",
                       late != 0 ? fmt::format(" ({}d late)", late) : "");
  }
  return out;
}

std::string text_measure(const Plan& p, const Measure& m, const MeasureStanding& st, bool coaching)
{
  std::string out = fmt::format("  {}{}: {}\n", m.lob, m.domain.empty() ? "" : " / " + m.domain, m.measure);
  out += fmt::format("    baseline {}  target {}  latest {}  progress {}  goal met {}{}\n",
                     rate_text(m.baseline), rate_text(m.target), rate_text(st.latest_rate),
                     rate_text(st.progress), yes_no(st.goal_met, k_not_yet),
                     coaching ? "  improvement " + rate_text(st.improvement) : "");
  if (p.program && p.program->initial_due) {
    out += fmt::format("   {}{}\n", timing_text(m, st), st.escalate ? "  ESCALATE" : "");
  }
  const auto smart = smart_text(m);
  if (!smart.empty()) {
    out += fmt::format("    S.M.A.R.T. checks not met: {}\n", smart);
  }
  return out;
}

} // namespace

std::string render_text(const std::vector<Shown>& plans)
{
  return text_report(plans, [](const Shown& s) {
    std::string out;
    const auto& p = *s.read;
    const auto& r = *s.result;
    out += fmt::format("{}: {}  {} ({})\n", s.path, s.id, p.organization, p.program_id);
    for (std::size_t i = 0; i < p.measures.size() && i < r.measures.size(); ++i) {
      out += text_measure(p, p.measures[i], r.measures[i], r.coaching);
    }
    if (r.coaching) {
      // The response date rests on the notice: unknown while it is unread.
      out += fmt::format("  respond by {}, agreed {}, improve by {}: complaint risk {}\n",
                         or_unknown(calendar::text(r.response_due)), or_dash(calendar::text(p.agreed)),
                         or_unknown(calendar::text(r.improve_by)), yes_no(r.complaint_risk));
    }
    if (!r.escalation.empty()) {
      out += fmt::format("  escalate to: {}\n", fmt::join(r.escalation, ", "));
    }
    out += text_findings(s.found);
    return out;
  });
}

namespace {

// The three sections of the program's template for one measure: Initial Action Plan, Update to
// the Action Plan (once submitted) and Final Action Plan Results (once submitted).
std::string markdown_initial(const Measure& m)
{
  std::string out = "#### Initial Action Plan\n\n";
  out += fmt::format("- **Goal:** {}\n", markdown_text(m.goal));
  out += fmt::format("- **Baseline:** {} ({}{})\n", m.baseline ? format_percent(*m.baseline) : "-",
                     markdown_text(m.baseline_source),
                     m.baseline_updates.empty() ? "" : ", updated " + markdown_text(m.baseline_updates));
  out += fmt::format("- **Target:** {}{}\n", m.target ? format_percent(*m.target) : "-",
                     m.target_by ? " by " + m.target_by->str() : "");
  out += fmt::format("- **Responsible:** {}\n- **Planned activities:**\n",
                     markdown_text(fmt::format("{}", fmt::join(m.owners, ", "))));
  for (const auto& [id, text] : m.activities) {
    out += fmt::format("  - {}: {}\n", markdown_text(id), markdown_text(text));
  }
  const auto smart = smart_text(m);
  return out + fmt::format("- **S.M.A.R.T. checks not met:** {}\n", smart.empty() ? "none" : smart);
}

std::string markdown_update(const Measure& m)
{
  std::string out = "\n#### Update to the Action Plan\n\n";
  out += fmt::format("- **Mid-year rate:** {}\n", m.update_rate ? format_percent(*m.update_rate) : "-");
  for (const auto& s : m.update_statuses) {
    out += fmt::format("- **{}:** {}{}\n", markdown_text(s.id), markdown_text(s.status),
                       s.note.empty() ? "" : " (" + markdown_text(s.note) + ")");
  }
  for (auto [label, list] : {std::pair{"Barriers", &m.barriers}, std::pair{"Changes", &m.changes},
                             std::pair{"Accomplishments", &m.accomplishments}}) {
    if (!list->empty()) {
      out += fmt::format("- **{}:** {}\n", label, markdown_text(fmt::format("{}", fmt::join(*list, "; "))));
    }
  }
  return out;
}

std::string markdown_final(const Measure& m, const MeasureStanding& st)
{
  std::string out = "\n#### Final Action Plan Results\n\n";
  out += fmt::format("- **Final rate:** {}\n", m.final_rate ? format_percent(*m.final_rate) : "-");
  for (const auto& s : m.final_statuses) {
    out += fmt::format("- **{}:** {}\n", markdown_text(s.id), markdown_text(s.status));
  }
  out += fmt::format("- **Goal met:** {}\n", yes_no(st.goal_met, k_not_yet));
  for (const auto& c : m.changes_if_not_met) {
    out += fmt::format("- **Would change:** {}\n", markdown_text(c));
  }
  return out + fmt::format("- **Conclusions:** {}\n", markdown_text(m.conclusions));
}

} // namespace

std::string render_markdown(const std::vector<Shown>& plans)
{
  std::string out;
  for (const auto& shown : plans) {
    if (!shown.reported()) {
      out += fmt::format("# Action Plan: {}\n\nNot reported: the file has errors.\n\n",
                         markdown_text(shown.path));
      continue;
    }
    const auto& p = *shown.read;
    const auto& r = *shown.result;
    out += fmt::format("# Action Plan: {}\n\n", markdown_text(p.organization));
    out += fmt::format("Program: {}. Plan: {}.\n", markdown_text(p.program_id), markdown_text(p.id));
    std::string lob;
    for (std::size_t i = 0; i < p.measures.size() && i < r.measures.size(); ++i) {
      const auto& m = p.measures[i];
      if (m.lob != lob) {
        lob = m.lob;
        out += fmt::format("\n## {}\n", markdown_text(lob));
      }
      out += fmt::format("\n### {}: {}\n\n", m.domain.empty() ? "Measure" : markdown_text(m.domain),
                         markdown_text(m.measure));
      out += markdown_initial(m);
      out += m.update.present ? markdown_update(m) : "";
      out += m.final_stage.present ? markdown_final(m, r.measures[i]) : "";
    }
    out += "\n" + markdown_findings(shown.path, shown.id, shown.found, 2);
  }
  return out;
}

std::string render_csv(const std::vector<Shown>& plans)
{
  std::string out = "plan,lob,domain,measure,stage,due,submitted,days_late,rate\r\n";
  for (const auto& shown : plans) {
    if (!shown.reported()) {
      continue;
    }
    const auto& p = *shown.read;
    for (std::size_t i = 0; i < p.measures.size() && i < shown.result->measures.size(); ++i) {
      const auto& m = p.measures[i];
      const auto& st = shown.result->measures[i];
      for (const auto& [name, stage, s, rate] :
           {std::tuple{"initial", &m.initial, &st.initial, m.baseline},
            std::tuple{"update", &m.update, &st.update, m.update_rate},
            std::tuple{"final", &m.final_stage, &st.final_stage, m.final_rate}}) {
        out += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", csv_field(p.id), csv_field(m.lob),
                           csv_field(m.domain), csv_field(m.measure), name, calendar::text(s->due),
                           calendar::text(stage->submitted),
                           s->days_late ? std::to_string(*s->days_late) : "", rate_text(rate));
      }
    }
  }
  return out;
}

} // namespace qicase::actionplan

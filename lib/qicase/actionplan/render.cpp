// Rendering an action plan (actionplan::Plan) for people: text, markdown and CSV (and, for a
// notice, its letter).
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

std::string render_text(const std::vector<std::pair<json::Entry, Plan>>& plans)
{
  std::string out;
  for (const auto& [e, p] : plans) {
    if (e.report.is_null()) {
      out += json::text_heading(e);
      continue;
    }
    out += fmt::format("{}: {}  {} ({})\n", e.path, e.id, p.organization, p.program_id);
    for (const auto& m : e.report.find("measures")->as_array()) {
      const auto& stages = *m.find("stages");
      std::string timing;
      for (auto name : {"initial", "update", "final"}) {
        const auto& s = *stages.find(name);
        const auto late = json::field(s, "days_late");
        const auto submitted = json::field(s, "submitted");
        timing += fmt::format(" {} {}{}", name, submitted.empty() ? "-" : submitted,
                              !late.empty() && late != "0" ? " (" + late + "d late)" : "");
      }
      const auto domain = json::field(m, "domain");
      out += fmt::format("  {}{}: {}\n", json::field(m, "lob"), domain.empty() ? "" : " / " + domain,
                         json::field(m, "measure"));
      out += fmt::format("    baseline {}  target {}  latest {}  progress {}  goal met {}{}\n",
                         json::field(m, "baseline"), json::field(m, "target"), json::field(m, "latest_rate"),
                         json::field(m, "progress"),
                         json::field(m, "goal_met").empty() ? "-" : json::field(m, "goal_met"),
                         m.find("improvement") ? "  improvement " + json::field(m, "improvement") : "");
      if (p.program && p.program->initial_due) {
        out += fmt::format("   {}{}\n", timing, json::field(m, "escalate") == "true" ? "  ESCALATE" : "");
      }
      const auto smart = json::field(m, "smart");
      if (!smart.empty()) {
        out += fmt::format("    S.M.A.R.T. checks not met: {}\n", smart);
      }
    }
    if (const auto* risk = e.report.find("complaint_risk")) {
      out += fmt::format("  respond by {}, agreed {}, improve by {}: complaint risk {}\n",
                         json::field(e.report, "response_due"), json::field(e.report, "agreed"),
                         json::field(e.report, "improve_by"), risk->text());
    }
    const auto escalation = json::field(e.report, "escalation");
    if (!escalation.empty()) {
      out += fmt::format("  escalate to: {}\n", escalation);
    }
    out += json::text_findings(e.report);
  }
  return out;
}

std::string render_markdown(const std::vector<std::pair<json::Entry, Plan>>& plans)
{
  std::string out;
  for (const auto& [e, p] : plans) {
    out += fmt::format("# Action Plan: {}\n\n", markdown_text(p.organization));
    if (e.report.is_null()) {
      out += "Not reported: the file has errors.\n\n";
      continue;
    }
    out += fmt::format("Program: {}. Plan: {}.\n", markdown_text(p.program_id), markdown_text(p.id));
    const auto& figures = e.report.find("measures")->as_array();
    std::string lob;
    for (std::size_t i = 0; i < p.measures.size(); ++i) {
      const auto& m = p.measures[i];
      const auto& f = figures[i];
      if (m.lob != lob) {
        lob = m.lob;
        out += fmt::format("\n## {}\n", markdown_text(lob));
      }
      out += fmt::format("\n### {}: {}\n\n", m.domain.empty() ? "Measure" : markdown_text(m.domain),
                         markdown_text(m.measure));
      out += "#### Initial Action Plan\n\n";
      out += fmt::format("- **Goal:** {}\n", markdown_text(m.goal));
      out += fmt::format("- **Baseline:** {} ({}{})\n", m.baseline ? format_percent(*m.baseline) : "-",
                         markdown_text(m.baseline_source),
                         m.baseline_updates.empty() ? "" : ", updated " + markdown_text(m.baseline_updates));
      out += fmt::format("- **Target:** {}{}\n", m.target ? format_percent(*m.target) : "-",
                         m.target_by ? " by " + m.target_by->str() : "");
      std::string owners;
      for (const auto& o : m.owners) {
        owners += (owners.empty() ? "" : ", ") + o;
      }
      out += fmt::format("- **Responsible:** {}\n- **Planned activities:**\n", markdown_text(owners));
      for (const auto& [id, text] : m.activities) {
        out += fmt::format("  - {}: {}\n", markdown_text(id), markdown_text(text));
      }
      const auto smart = json::field(f, "smart");
      out += fmt::format("- **S.M.A.R.T. checks not met:** {}\n", smart.empty() ? "none" : smart);
      if (m.update.present) {
        out += "\n#### Update to the Action Plan\n\n";
        out += fmt::format("- **Mid-year rate:** {}\n", m.update_rate ? format_percent(*m.update_rate) : "-");
        for (const auto& s : m.update_statuses) {
          out += fmt::format("- **{}:** {}{}\n", markdown_text(s.id), markdown_text(s.status),
                             s.note.empty() ? "" : " (" + markdown_text(s.note) + ")");
        }
        for (auto [label, list] : {std::pair{"Barriers", &m.barriers}, std::pair{"Changes", &m.changes},
                                   std::pair{"Accomplishments", &m.accomplishments}}) {
          if (!list->empty()) {
            std::string joined;
            for (const auto& x : *list) {
              joined += (joined.empty() ? "" : "; ") + x;
            }
            out += fmt::format("- **{}:** {}\n", label, markdown_text(joined));
          }
        }
      }
      if (m.final_stage.present) {
        out += "\n#### Final Action Plan Results\n\n";
        out += fmt::format("- **Final rate:** {}\n", m.final_rate ? format_percent(*m.final_rate) : "-");
        for (const auto& s : m.final_statuses) {
          out += fmt::format("- **{}:** {}\n", markdown_text(s.id), markdown_text(s.status));
        }
        out += fmt::format("- **Goal met:** {}\n", json::field(f, "goal_met") == "true" ? "yes" : "no");
        for (const auto& c : m.changes_if_not_met) {
          out += fmt::format("- **Would change:** {}\n", markdown_text(c));
        }
        out += fmt::format("- **Conclusions:** {}\n", markdown_text(m.conclusions));
      }
    }
    out += "\n" + json::markdown_findings(e, 2);
  }
  return out;
}

std::string render_csv(const std::vector<std::pair<json::Entry, Plan>>& plans)
{
  std::string out = "plan,lob,domain,measure,stage,due,submitted,days_late,rate\r\n";
  for (const auto& [e, p] : plans) {
    if (e.report.is_null()) {
      continue;
    }
    const auto& figures = e.report.find("measures")->as_array();
    for (std::size_t i = 0; i < p.measures.size(); ++i) {
      const auto& m = p.measures[i];
      const auto& stages = *figures[i].find("stages");
      for (auto [name, rate] : {std::pair{"initial", m.baseline}, std::pair{"update", m.update_rate},
                                std::pair{"final", m.final_rate}}) {
        const auto& s = *stages.find(name);
        out += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", csv_field(p.id), csv_field(m.lob),
                           csv_field(m.domain), csv_field(m.measure), name, json::field(s, "due"),
                           json::field(s, "submitted"), json::field(s, "days_late"),
                           rate ? format_hundredths(*rate) : "");
      }
    }
  }
  return out;
}

} // namespace qicase::actionplan

// Rendering an audit (audit::Audit) and its result for people: text, markdown and CSV.
#include <qicase/audit/audit.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/xlsx/workbook.hpp>

namespace qicase::audit {

namespace {

std::string standard_label(const StandardScore& s)
{
  std::string id = s.id;
  if (id.size() > 2 && id.substr(0, 2) == "CR") {
    id = "CR " + id.substr(2); // the tool's own spelling: "CR 1 Credentialing Policies"
  }
  return id + " " + s.title;
}

// A standard's state in words, "" when it is scored (k_state_names' order).
std::string_view state_note(const StandardScore& s)
{
  constexpr std::string_view k_notes[] = {"", "NA", "not scored", "not applicable"};
  return name_of(s.state, k_notes);
}

} // namespace

std::string render_text(const std::vector<Shown>& audits)
{
  return text_report(audits, [](const Shown& shown) {
    const Audit& a = *shown.read;
    const Result& r = *shown.result;
    std::string out = fmt::format("{}: {}  {} ({}, {}, {})\n", shown.path, shown.id, a.delegate, a.type,
                                  a.date ? a.date->str() : "-", or_unknown(a.column));
    out += fmt::format("  {:<64} {:>8} {:>8}\n", "Standard", "Possible", "Received");
    for (const auto& s : a.standards) {
      const auto note = state_note(s);
      if (!note.empty()) {
        out += fmt::format("  {:<64} {:>17}\n", standard_label(s).substr(0, 64), note);
      } else {
        out += fmt::format("  {:<64} {:>8} {:>8}\n", standard_label(s).substr(0, 64),
                           format_hundredths(s.possible), format_hundredths(s.received));
      }
    }
    out += fmt::format("  {:<64} {:>8} {:>8}\n", "Total", format_hundredths(r.possible),
                       format_hundredths(r.received));
    out += fmt::format("  {}%  {}\n", percent_text(r.percent),
                       r.rating.empty() ? "not rated: parts of the audit could not be read" : r.rating);
    for (const auto& c : a.actions) {
      out += fmt::format("  corrective action {}: {} (due {})\n", c.element, c.action,
                         c.due ? c.due->str() : "-");
    }
    for (const auto& c : a.carried_over) {
      out += fmt::format("  carried over {}: {} (due {})\n", c.element, c.action, c.due ? c.due->str() : "-");
    }
    if (!a.missing_actions.empty()) {
      std::string list;
      for (const auto& m : a.missing_actions) {
        list += (list.empty() ? "" : ", ") + m;
      }
      out += fmt::format("  missing corrective actions: {}\n", list);
    }
    return out + text_findings(shown.found);
  });
}

std::string render_markdown(const std::vector<Shown>& audits)
{
  std::string out;
  for (const auto& shown : audits) {
    if (!shown.reported()) {
      out += fmt::format("## {}: -\n\nNot reported: the file has errors.\n\n", markdown_cell(shown.id));
      continue;
    }
    const Audit& a = *shown.read;
    const Result& r = *shown.result;
    out += fmt::format("## {}: {}\n\n", markdown_cell(shown.id), markdown_cell(a.delegate));
    out += fmt::format("Type of assessment: {}. Date: {}. Points column: {}.\n\n", markdown_text(a.type),
                       a.date ? a.date->str() : "-", markdown_text(or_unknown(a.column)));
    out += "### Overall scores per standard\n\n| Standard | Points possible | Points received "
           "|\n|---|---:|---:|\n";
    for (const auto& s : a.standards) {
      const auto note = state_note(s);
      if (!note.empty()) {
        out += fmt::format("| {} | {} | {} |\n", markdown_cell(standard_label(s)), note, note);
      } else {
        out += fmt::format("| {} | {} | {} |\n", markdown_cell(standard_label(s)),
                           format_hundredths(s.possible), format_hundredths(s.received));
      }
    }
    out += fmt::format("| **Total score** ({}%) | **{}** | **{}** |\n\n", percent_text(r.percent),
                       format_hundredths(r.possible), format_hundredths(r.received));
    out += r.rating.empty() ? "**Not rated:** parts of the audit could not be read.\n\n"
                            : fmt::format("**Compliance rating: {}**\n\n", markdown_text(r.rating));
    out += "### Corrective action summary\n\n";
    if (!a.carried_over.empty()) {
      out += fmt::format("Open corrective action items from previous audit {}:\n\n| Standard | Item | Due "
                         "date |\n|---|---|---|\n",
                         markdown_text(a.previous));
      for (const auto& c : a.carried_over) {
        out += fmt::format("| {} | {} | {} |\n", markdown_cell(c.element), markdown_cell(c.action),
                           c.due ? c.due->str() : "-");
      }
      out += "\n";
    }
    out += "| Standard | Corrective action item | Due date |\n|---|---|---|\n";
    for (const auto& c : a.actions) {
      out += fmt::format("| {} | {} | {} |\n", markdown_cell(c.element), markdown_cell(c.action),
                         c.due ? c.due->str() : "-");
    }
    for (const auto& m : a.missing_actions) {
      out += fmt::format("| {} | (missing: the element scored below 100%) | - |\n", markdown_cell(m));
    }
    out += "\n" + markdown_findings(shown.path, shown.id, shown.found, 3);
  }
  return out;
}

std::string render_csv(const std::vector<Shown>& audits)
{
  std::string out = "audit,standard,element,score,tier,possible,received\r\n";
  for (const auto& shown : audits) {
    if (!shown.reported()) {
      continue;
    }
    const Audit& a = *shown.read;
    for (const auto& s : a.standards) {
      for (const auto& el : s.elements) {
        out += fmt::format("{},{},{},{},{},{},{}\r\n", csv_field(a.id), csv_field(s.id), csv_field(el.id),
                           el.na ? "na" : format_percent(el.score), csv_field(el.na ? "" : el.tier),
                           el.na ? "" : format_hundredths(el.possible),
                           el.na ? "" : format_hundredths(el.received));
      }
    }
  }
  return out;
}

std::string render_xlsx(const std::vector<Shown>& audits)
{
  using xlsx::Cell;
  xlsx::Sheet scores{"scores",
                     {"audit", "delegate", "date", "column", "standard", "title", "element", "state", "tier",
                      "score", "possible", "received", "rating"},
                     {}};
  xlsx::Sheet actions{"corrective actions",
                      {"audit", "delegate", "element", "action", "owner", "due", "closed", "carried over"},
                      {}};
  std::vector<xlsx::Row> score_rows;
  std::vector<xlsx::Row> action_rows;
  for (const auto& shown : audits) {
    if (!shown.reported()) {
      continue;
    }
    const Audit& a = *shown.read;
    const Result& r = *shown.result;
    const auto head = [&] {
      return std::vector<Cell>{Cell::of(a.id), Cell::of(a.delegate), Cell::day(a.date), Cell::of(a.column)};
    };
    for (const auto& s : a.standards) {
      for (const auto& el : s.elements) {
        auto row = head();
        row.insert(row.end(),
                   {Cell::of(s.id), Cell::of(s.title), Cell::of(el.id), Cell::of(el.na ? "na" : "scored"),
                    Cell::of(el.na ? "" : el.tier), el.na ? Cell() : Cell::percent(el.score),
                    el.na ? Cell() : Cell::hundredths(el.possible),
                    el.na ? Cell() : Cell::hundredths(el.received), Cell()});
        score_rows.push_back(std::move(row));
      }
      auto subtotal = head();
      const bool scored = s.state == State::scored;
      subtotal.insert(subtotal.end(), {Cell::of(s.id), Cell::of(s.title), Cell::of("standard total"),
                                       Cell::of(to_string(s.state)), Cell(), Cell(),
                                       scored ? Cell::hundredths(s.possible) : Cell(),
                                       scored ? Cell::hundredths(s.received) : Cell(), Cell()});
      score_rows.push_back(std::move(subtotal));
    }
    auto total = head();
    total.insert(total.end(),
                 {Cell::of("total"), Cell(), Cell(), Cell(), Cell(), Cell::percent(r.percent),
                  Cell::hundredths(r.possible), Cell::hundredths(r.received),
                  Cell::of(r.rating.empty() ? "not rated: parts of the audit could not be read" : r.rating)});
    score_rows.push_back(std::move(total));
    for (const auto* list : {&a.actions, &a.carried_over}) {
      for (const auto& c : *list) {
        action_rows.push_back({Cell::of(a.id), Cell::of(a.delegate), Cell::of(c.element), Cell::of(c.action),
                               Cell::of(c.owner), Cell::day(c.due), Cell::day(c.closed),
                               Cell::of(list == &a.carried_over ? "yes" : "no")});
      }
    }
  }
  scores.rows = xlsx::rows_of(std::move(score_rows));
  actions.rows = xlsx::rows_of(std::move(action_rows));
  return xlsx::workbook({scores, actions});
}

} // namespace qicase::audit

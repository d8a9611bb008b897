#pragma once

#include <span>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/named.hpp>
#include <qicase/core/number.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/reference/rubric.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::audit {

struct ElementScore
{
  std::string id;
  bool na = false;
  Hundredths possible = 0;
  Hundredths received = 0;
  Hundredths score = 0; // the tier's score, 10000 = 100%
  std::string tier;     // what matched: "met 8-11", "high 4-5, medium rest", ...
};

// How a standard stands in the audit: scored; NA for the group; no result recorded; or not
// applicable to it (a delegation standard of a group without delegation). One name each as the
// report writes it.
enum class State { scored, na, not_scored, not_applicable };
inline constexpr std::string_view k_state_names[] = {"scored", "na", "not-scored", "not-applicable"};
constexpr std::string_view to_string(State s)
{
  return name_of(s, k_state_names);
}

struct StandardScore
{
  std::string id;
  std::string title;
  State state = State::scored;
  Hundredths possible = 0;
  Hundredths received = 0;
  std::vector<ElementScore> elements;
};

struct CorrectiveAction
{
  std::string element; // CR1.A
  std::string action;
  std::optional<calendar::Date> due;
  std::optional<calendar::Date> closed;
  std::string owner;
  std::size_t index = 0; // position in the file's `corrective_actions` list
};

// One delegation audit, scored against its rubric.
struct Audit
{
  std::string id;
  std::string rubric_id = "cr-delegation";
  std::string delegate;
  std::string type;
  std::optional<calendar::Date> date;
  bool delegation = false;
  std::string previous;
  std::optional<calendar::Date> next_oversight; // stated, or date + the rubric's oversight_cycle
  std::vector<CorrectiveAction> actions;
  std::vector<CorrectiveAction> carried_over; // open actions of `previous`
  std::shared_ptr<const reference::Rubric> rubric;
  std::string column;
  std::vector<StandardScore> standards;     // scored while reading: each score's problem is at its line
  std::vector<std::string> missing_actions; // elements below 100% with no corrective action
  bool whole = false;                       // read without a file problem: only then is its total rated
};

// Reads, checks and scores an audit, element by element and standard by standard.
// The rubric of `audit-score --rubric` (Context::rubric) replaces the audit's own `rubric`.
// Points are exact hundredths.
Audit read_audit(const Document& doc, Context& ctx, Diagnostics& diags);
// The same against `rubric_override` instead of the audit's own (a test's rubric).
Audit read_audit(const Document& doc, Context& ctx, Diagnostics& diags,
                 std::shared_ptr<const reference::Rubric> rubric_override);

// The rubric `id` as seen from `from` (or the file at that path), read once per run.
std::shared_ptr<const reference::Rubric> rubric_for(Context& ctx, const Document& from, std::string_view id,
                                                    Mark mark, Diagnostics& diags);

// The corrective actions an audit file records, read once per run (scored against no rubric,
// problems ignored: they are reported when that file is checked): what a later audit naming
// it `previous` carries over.
std::shared_ptr<const std::vector<CorrectiveAction>> recorded_actions(const Document& doc, Context& ctx);

// Percent of received over possible, in hundredths, rounded down (never up into a rating).
Hundredths percent(Hundredths received, Hundredths possible);
// One decimal, rounded down: 8996 -> "89.9".
std::string percent_text(Hundredths percent_hundredths);

// The audit's total and rating: the points of its standards added up, the percentage (rounded
// down), and the rubric's rating, the first threshold the percentage reaches, compared exactly
// (89.99% is not 90%). None for an audit with parts that could not be read: its total may lack
// them, and a rating must not be guessed from part of an audit.
struct Result
{
  Hundredths possible = 0;
  Hundredths received = 0;
  Hundredths percent = 0;
  std::string rating;
};
Result evaluate(const Audit& audit, const Context& ctx);

// The report of `audit.yaml` (the JSON renderer): column, standards, total, rating,
// missing_corrective_actions, carried_over.
json::Value to_json(const Audit& audit, const Result& result);
// Its column, each standard's and element's points and tier, the total, the rating and the
// elements missing a corrective action, as `diff` compares them.
Figures figures(const Audit& audit, const Result& result);
// Whom the case concerns, its registry entry or name (`delegate:`, the group audited: its registry id or one of its names), checked: `qicase due`'s
// delegate column, `report`'s sections.
delegate::Link link(const Audit& audit, const Document& doc, Context& ctx, Diagnostics& diags);
// What the case gives the committee's portfolio (`qicase report`): its rating ("not rated" when parts are unread) and its scores, total and per standard, with the rubric's passing line.
PortfolioPart part(const Audit& audit, const Result& result, const Document& doc, std::string_view path,
                   Context& ctx);
inline json::Value report(const Audit& audit, const Context& ctx)
{
  return to_json(audit, evaluate(audit, ctx));
}

// What the audit holds due (for `qicase due`): each corrective action (done when `closed`), and
// the next oversight audit (done when a later audit names this one as `previous`).
void obligations(const Audit& audit, const Document& doc, Context& ctx, Obligations& out);

using Shown = qicase::Shown<Audit, Result>;
std::string render_text(const std::vector<Shown>& audits);
std::string render_markdown(const std::vector<Shown>& audits);
std::string render_csv(const std::vector<Shown>& audits);
// The audit tool's own layout as a workbook: per audit, each standard's elements with their
// tier, score, points possible and received, the standard's subtotal, and the total with its
// percentage and rating; a sheet of the corrective actions.
std::string render_xlsx(const std::vector<Shown>& audits);

// A blank audit listing every standard and element of the rubric, at full marks, to fill in.
std::string blank_audit(const reference::Rubric& rubric);

// File-review sample sizes ("File Selection Methodology" of the audit tool).
struct Sample
{
  long files = 0;
  long sample = 0;   // files to review
  long expanded = 0; // urac: files to review when any of the first 8 fails
};
// The sample of `files` under a rubric's rule (its `file_review_samples`; the built-in
// cr-delegation's ncqa: 10% rounded up or 50, whichever is less, at least 10; urac: the 8/30
// method plus 2, 10 files expanded to 32); all files when fewer.
Sample sample_size(long files, const reference::SampleRule& rule);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

} // namespace qicase::audit

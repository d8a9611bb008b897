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
#include <qicase/delegate/delegate.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/reference/evidence.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::qcar {

struct Action
{
  std::string finding;
  std::string action;
  std::string measure;
  std::optional<calendar::Date> due;
  std::string owner; // optional: who carries it out
  Mark mark;
  std::size_t index = 0; // position in the file's `actions` list
};

struct Evidence
{
  std::string finding;
  std::optional<calendar::Date> date;
  std::string description;
  std::string file;
  std::optional<evidence::Citation> citation; // the document it cites, checked on disk
  Mark mark;
};

// A Quality Corrective Action Response to a notice (procedure 4.9A D and E), with the figures
// computed from it and its notice.
struct Qcar
{
  std::string id;
  std::string notice_id;
  std::optional<calendar::Date> submitted;
  std::string monitor_area;  // E: quality | it | operations | other
  std::string monitor_staff; // E
  std::vector<Action> actions;
  std::vector<Evidence> evidence;
  std::optional<calendar::Date> extension_requested;
  std::optional<calendar::Date> extension_approved;
  std::optional<calendar::Date> extension_until;

  std::shared_ptr<const notice::Notice> notice;
  std::optional<calendar::Date> original_deadline; // notice.issued + the policy's window, rolled
  std::optional<calendar::Date> deadline;          // or extension.until when the extension is valid
  bool extension_valid = false;
  // Why a recorded extension does not move the deadline (4.9A D.3), "" when it does or none is
  // recorded: what `diff` says of a deadline moved on its strength.
  std::string extension_problem;
};

// Whether evidence `e` counts as remediation by `as_of` (4.9A D.4): dated by then, not before
// the notice it answers was issued (evidence older than the finding remediates nothing), and
// its cited file, if any, present and unchanged since it was accepted. Evidence after the
// deadline still counts, and is late.
bool counts(const Qcar& qcar, const Evidence& e, calendar::Date as_of);

// Reads and checks a QCAR against its notice; every problem goes to `diags`.
Qcar read_qcar(const Document& doc, Context& ctx, Diagnostics& diags);
// D.3: the remediation deadline of a QCAR answering `n`: its date plus the policy's window (30
// days in 4.9A), moved off a non-business day as the policy says. None when the notice has no
// date; a date out of range when the window leaves the calendar (the caller reports it).
std::optional<calendar::Date> remediation_deadline(const notice::Notice& n, const calendar::Calendar& cal);

// Its status (D.3, D.4), one name each as the reports write it.
enum class Status { remediated, remediated_late, overdue, in_progress };
inline constexpr std::string_view k_status_names[] = {"remediated", "remediated-late", "overdue",
                                                      "in-progress"};
constexpr std::string_view to_string(Status s)
{
  return name_of(s, k_status_names);
}

// The QCAR evaluated as of --as-of (4.9A D.3, D.4): what its report adds to the case.
struct Result
{
  std::optional<calendar::Date> response_due; // the notice's
  std::optional<bool> response_on_time;       // submitted by the notice's response date
  std::optional<long> days_to_deadline;
  std::vector<std::string> findings_without_action;
  std::vector<std::string> evidence_late; // findings whose evidence came after the deadline
  std::vector<std::string> findings_without_evidence;
  Status status = Status::in_progress;
};
Result evaluate(const Qcar& qcar, const Context& ctx);
// Who monitors the remediation (E): "AREA: STAFF".
std::string monitor_text(const Qcar& qcar);

// The report of `qcar.yaml` (the JSON renderer): deadline, extension_valid,
// findings_without_action, evidence_late, findings_without_evidence, response_on_time, status,
// and more.
json::Value to_json(const Qcar& qcar, const Result& result);
// Its statuses as `diff` compares them: response on time, extension valid, the findings without
// action or evidence, the evidence late, status.
Figures figures(const Qcar& qcar, const Result& result);
// Whom the case concerns, its registry entry or name (the notice's recipient), checked: `qicase due`'s
// delegate column, `report`'s sections.
delegate::Link link(const Qcar& qcar, const Document& doc, Context& ctx, Diagnostics& diags);
// What the case gives the committee's portfolio (`qicase report`): its status.
PortfolioPart part(const Qcar& qcar, const Result& result, const Document& doc, std::string_view path,
                   Context& ctx);
inline json::Value report(const Qcar& qcar, const Context& ctx)
{
  return to_json(qcar, evaluate(qcar, ctx));
}

// What the QCAR holds due (for `qicase due`): evidence of remediation of every finding by the
// deadline (D.3, D.4), each action's date (D.3), and the decision on an extension requested
// (approved in advance, D.3).
void obligations(const Qcar& qcar, const Document& doc, Context& ctx, Obligations& out);

// 4.9A D.3, for `qicase diff`: whether a deadline of the QCAR moved later to `due` is backed.
// Within the timeframe (the notice date plus the policy's window, from `after` else `before`) a
// date may move freely; past it, only an extension approved on or before the deadline it extends
// and running until `due` or later backs it.
Backing backing(const Qcar* before, const Qcar& after, calendar::Date due);

// The documents the QCAR's evidence cites, for `qicase evidence` (delegate: the notice's
// recipient).
void citations(const Qcar& qcar, const Document& doc, evidence::Entries& out);

using Shown = qicase::Shown<Qcar, Result>;
std::string render_text(const std::vector<Shown>& qcars);
// `qicase new qcar --answers NOTICE`: a starter QCAR answering `notice`, one action per finding,
// the response date (B.2) and remediation deadline (D.3) computed as of the notice on `ctx`'s
// calendar, as comments; every blank the analyst fills is left empty, so `check` names it.
// `delegate`: whom the notice concerns, for the opening comment ("" when unknown).
std::string starter(const notice::Notice& notice, const Context& ctx, std::string_view delegate);
std::string render_markdown(const std::vector<Shown>& qcars);
// One row per action, for a spreadsheet.
std::string render_csv(const std::vector<Shown>& qcars);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

} // namespace qicase::qcar

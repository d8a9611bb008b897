#pragma once

#include <span>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/named.hpp>
#include <qicase/core/number.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::notice {

struct Finding
{
  std::string id;
  std::string summary;
  std::string category;
  std::string basis;
  std::vector<std::string> evidence;
  bool cap_category = false; // in the policy's CAP categories (4.9A L)
  Mark mark;
};

// A Notice of Non-Compliance (procedure 4.9A B and C).
struct Notice
{
  std::string id;
  std::string title;
  std::string policy = "lre-4.9a";
  std::string issuer;
  std::string recipient;
  std::string recipient_type;
  std::string contact;
  std::string recipient_delegate; // `recipient.delegate`: the id of its delegate file, if any
  Mark recipient_delegate_mark;
  Mark recipient_mark;
  std::optional<calendar::Date> issued;
  Mark issued_mark;
  std::vector<Finding> findings;
  // Each finding's place in `findings` by id (the first of a repeated id), so that a QCAR or
  // CAP of thousands of items names findings in linear time.
  std::unordered_map<std::string, std::size_t> finding_index;
  std::string response_required; // qcar | cap | actionplan (C)
  std::optional<calendar::Duration> response_within;
  std::optional<calendar::Date> response_due; // B.2: given, or issued + within
  bool contest_allowed = false;               // B.3
  std::optional<calendar::Date> contest_by;   // default: the response due date
  std::optional<calendar::Date> contest_filed;
  std::string contest_outcome; // upheld | withdrawn | modified
  std::optional<calendar::Date> closed;
  std::vector<std::string> cap_may_be_required;                  // finding ids in a CAP category (L)
  std::shared_ptr<const reference::Policy> rules;                // the policy `policy` names
  std::vector<std::pair<std::string, Hundredths>> measure_rates; // `measures` (QI 27A.2)
  std::string path;                                              // the notice's file, for messages

  const Finding* finding(std::string_view finding_id) const;
  // A response's finding about this notice points here, for an editor to show beside it:
  // `what` of the notice (its issue date, a finding) at `mark` in its file.
  Aside there(Mark mark, std::string_view what) const
  {
    return {
      .fix = {}, .related = path, .related_mark = mark, .relation = fmt::format("{} of notice {}", what, id)};
  }
};

// For the starter of a response (`new qcar|cap --answers`): its id from the notice's
// (NNC-2024-044 -> QCAR-2024-044 with `prefix` QCAR), and case text on one comment line.
std::string answer_id(std::string_view notice_id, std::string_view prefix);
std::string comment_text(std::string_view text);
// A date for such a comment, "(unknown)" when the notice does not give it.
std::string comment_date(const std::optional<calendar::Date>& date);
// The starter's first comment line: "# A QCAR answering NNC-1 (title), issued DATE by ISSUER to
// RECIPIENT (delegate ID)."
std::string answer_heading(const Notice& notice, std::string_view kind, std::string_view delegate);

// Reads and checks a notice; every problem goes to `diags`.
Notice read_notice(const Document& doc, Context& ctx, Diagnostics& diags);

// For the kinds that answer a notice (qcar, cap): the notice `id` as seen from `from`, read
// once per run. Reports at `mark` a dangling id, a file of another kind, or a notice with
// errors of its own; returns null then.
std::shared_ptr<const Notice> notice_for(Context& ctx, const Document& from, std::string_view id, Mark mark,
                                         Diagnostics& diags);

// The notice `doc` read once per run: its own check and every file that answers it share
// one reading. `diags` holds what read_notice() found (not the file's load problems);
// `errors` counts both.
struct NoticeRead
{
  Notice notice;
  Diagnostics diags;
  bool errors = false;
};
std::shared_ptr<const NoticeRead> read_once(const Document& doc, Context& ctx);
// Drops the readings read_once() shared, once a run is over and no file will ask for one again
// (a reading a kept result still holds stays): `report` keeps no case's reading.
void forget_readings(Context& ctx);

// The files in scope that answer the notice (name it in `notice:`), and the first `submitted`
// date among them by --as-of: the day the notice was responded to.
struct Responses
{
  std::vector<std::pair<const Document*, std::optional<calendar::Date>>> all;
  std::optional<calendar::Date> first;
  std::string first_by;
};
Responses responses_to(const Notice& notice, const Document& doc, Context& ctx);

// The notice evaluated as of --as-of: who answered it and when, its status (B.2, B.3).
struct Response
{
  std::string id;
  std::string kind;
  std::string path;
  std::optional<calendar::Date> submitted;
};
// Its status (B.2, B.3), one name each as the reports write it.
enum class Status { closed, contested, responded, overdue, awaiting_response };
inline constexpr std::string_view k_status_names[] = {"closed", "contested", "responded", "overdue",
                                                      "awaiting-response"};
constexpr std::string_view to_string(Status s)
{
  return name_of(s, k_status_names);
}

struct Result
{
  std::vector<Response> responses; // every file in scope that names the notice
  // The first `submitted` among them on or before --as-of (a QCAR, CAP or action plan alike),
  // and which file it was.
  std::optional<calendar::Date> responded;
  std::string responded_by;
  Status status = Status::awaiting_response;
  std::optional<long> days_to_due;
};
Result evaluate(const Notice& notice, const Responses& responses, const Context& ctx);

// The report of `notice.yaml` (the JSON renderer): response_due, contest_by, responded, status,
// days_to_due, and more.
json::Value to_json(const Notice& notice, const Result& result);
// Its status, as `diff` compares it.
Figures figures(const Notice& notice, const Result& result);
// Whom the case concerns, its registry entry or name (its recipient, by `recipient.delegate` or name), checked: `qicase due`'s
// delegate column, `report`'s sections.
delegate::Link link(const Notice& notice, const Document& doc, Context& ctx, Diagnostics& diags);
// The delegate of the notice `n` a QCAR, CAP or action plan answers (null: none); the notice
// reports a link that fails.
delegate::Link delegate_of(const Notice* n, const Document& doc, Context& ctx);
// What the case gives the committee's portfolio (`qicase report`): its status.
PortfolioPart part(const Notice& notice, const Result& result, const Document& doc, std::string_view path,
                   Context& ctx);

// What the notice holds due (for `qicase due`): the response (B.2) and the last day to contest
// (B.3). `responses` as for the report, computed once.
void obligations(const Notice& notice, const Responses& responses, const Document& doc, Context& ctx,
                 Obligations& out);

// Renderers of one or more notices, each with its result.
using Shown = qicase::Shown<Notice, Result>;
std::string render_text(const std::vector<Shown>& notices);
std::string render_markdown(const std::vector<Shown>& notices);
// One row per notice (RFC 4180), for spreadsheets.
std::string render_csv(const std::vector<Shown>& notices);
// The notice as a letter in markdown, holding all that 4.9A B.1-B.3 and C require.
std::string render_letter(const Notice& notice);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

// What a notice asks for, in words, from `response.required`: "a Quality Corrective Action
// Response (QCAR)", "a Corrective Action Plan (CAP)", "an action plan", else "a written response".
std::string_view response_name(std::string_view kind);

} // namespace qicase::notice

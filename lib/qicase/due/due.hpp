#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/sink.hpp>
#include <qicase/workspace/obligation.hpp>

namespace qicase::due {

// Where an obligation stands as of --as-of.
enum class State { overdue, due_soon, open, late, done };

std::string_view to_string(State state); // "overdue", "due-soon", "open", "late", "done"
std::optional<State> parse_state(std::string_view text);

// done: met by its due date (or within its grace). late: met, but after that (an extension
// decided after the deadline, evidence after the deadline, a report after its grace: the
// obligation counts as met and the delay is a finding). overdue: not met and --as-of is past the due date (past `late_after` where the
// rule grants a grace). due-soon: not met, and due within `soon_days` of --as-of (or past due
// but still inside the grace). open: not met, due later.
State state_of(const Obligation& o, calendar::Date as_of, long soon_days);

// What `qicase due` lists: the window and the filters.
struct Query
{
  calendar::Date as_of;
  std::optional<calendar::Date> from; // none: every overdue obligation however old
  calendar::Date to;                  // default: --as-of + 30 days
  long soon_days = 7;
  std::vector<std::string> kinds; // empty: every kind
  std::vector<State> states;      // empty: overdue, due-soon, open (+ late, done with `all`)
  bool all = false;
  std::string owner; // case-insensitive part of the owner
  // `--delegate`: the names of the delegates asked for (check::delegates_named), compared as
  // delegate::normalise() does; empty: every delegate.
  std::vector<std::string> delegates;
  long alarm_days = 0; // iCalendar: a reminder this many days before (0: none)
};

struct Item
{
  const Obligation* obligation = nullptr;
  State state = State::open;
  long days = 0;        // due - as_of: negative when past
  long days_late = 0;   // late: done_on - due (past the grace, the days after `due`)
  std::size_t file = 0; // index of its file in the results
};

// Whether `o` was overdue at the end of `day`, from the dates the file records: past its due
// date (and grace), and not met by then. A right is never overdue; one met on a day the file
// does not say counts as met in time.
bool overdue_on(const Obligation& o, calendar::Date day);

// Whether the query lists this obligation (its window, kinds, owner, delegate and states).
bool wanted(const Obligation& o, const Query& q);

// The obligations of `results` that the query selects, overdue first, then by due date, case
// id and key (a stable order: the same files give the same bytes).
std::vector<Item> agenda(const std::vector<check::FileResult>& results, const Query& query);

// Counts per state, for summaries.
struct Summary
{
  std::size_t overdue = 0, due_soon = 0, open = 0, late = 0, done = 0;
};
Summary summarize(const std::vector<Item>& items);

// Renderers, each writing into `out` as it goes. Text: grouped by week (Monday first), overdue first, each item with its owner,
// clause and file:line:col. CSV: one row an obligation (RFC 4180). Markdown: one table.
void render_text(const std::vector<Item>& items, const Query& query, Sink& out);
// The CSV's columns as a workbook: dates as date cells, days, lines and columns as numbers.
void render_xlsx(const std::vector<Item>& items, Sink& out);
void render_csv(const std::vector<Item>& items, Sink& out);
void render_markdown(const std::vector<Item>& items, const Query& query, Sink& out);
// The JSON document: {qicase, as_of, from, to, summary, obligations, files}, each obligation and
// file made as it is written.
void render_json(const std::vector<Item>& items, const Query& query,
                 const std::vector<check::FileResult>& results, bool strict, Sink& out);
// An RFC 5545 calendar: one all-day VEVENT an obligation, UID from case id and key, DTSTAMP
// from --as-of (never the clock), CRLF line endings, lines folded at 75 octets.
void render_ical(const std::vector<Item>& items, const Query& query, Sink& out);

// RFC 5545 helpers: TEXT escaping (backslash, semicolon, comma, newline) and folding of one
// content line (75 octets a line, never inside a UTF-8 sequence), each line ending in CRLF.
std::string ical_escape(std::string_view text);
std::string ical_fold(std::string_view line);

} // namespace qicase::due

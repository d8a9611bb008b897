#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/shared_text.hpp>

namespace qicase {

struct Document;

// One dated obligation a case holds: a response, a remediation deadline, a monitoring report, a
// stage of an action plan, a committee report. Each case kind lists its own (the rule that
// computes a deadline stays in the kind's module); `qicase due` gathers, filters and prints them.
//
// The texts that repeat across cases are SharedText (one pointer each, the string shared): a
// run over 10,000 files holds some 37,000 obligations.
struct Obligation
{
  // The file of the case it belongs to (set by the run; the run's result for that file holds
  // it): the case's id and the file's path are read from it, not copied into each obligation.
  const Document* doc = nullptr;
  std::string_view case_id() const; // "" before the run sets `doc`
  std::string_view path() const;    // the file, as diagnostics show it
  SharedText kind;                  // notice | qcar | cap | actionplan | audit | workplan (idem)
  SharedText key;                   // stable within the case, e.g. "response", "D1.A1.report.2024-05-01":
                                    // with case_id it makes the iCalendar UID
  SharedText what;                  // what is due, in words
  calendar::Date due;
  // Past `due` but not late until this day (a grace, e.g. the CAP report grace, 4.9A F.4);
  // unset: late the day after `due`.
  std::optional<calendar::Date> late_after;
  bool done = false;                     // met by --as-of
  std::optional<calendar::Date> done_on; // when, where the file says
  SharedText owner;                      // who must act, where known
  SharedText delegate;                   // whom the case concerns (the notice's recipient, the
                                         // audited group, the plan's IPA), where known
  SharedText clause;                     // the rule behind the date, e.g. "4.9A B.2"
  std::string note;                      // e.g. "extended from 2024-04-03 (4.9A D.3)"
  Mark mark;                             // the position of the field it comes from
  // A right, not a duty (4.9A B.3: the opportunity to contest): its window closes, it is never
  // overdue and never met late; using it after the date is a finding of its own.
  bool right = false;

  // Met, but after the due date (after `late_after` where the rule grants a grace): the
  // obligation counts as met and the delay is a finding. `due` shows it as `late`, `diff` as
  // "met late".
  bool met_late() const
  {
    if (right) {
      return false;
    }
    const calendar::Date last = late_after && *late_after > due ? *late_after : due;
    return done && done_on && *done_on > last;
  }
};

using Obligations = std::vector<Obligation>;

// What a case kind's rule says of one of its deadlines moved later between two versions
// (`qicase diff`): whether the case backs the move, and why, citing the clause. Unset `backed`:
// the rule asks nothing (the date moved within what the case may set itself).
struct Backing
{
  std::optional<bool> backed;
  std::string note;
};

} // namespace qicase

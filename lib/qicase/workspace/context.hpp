#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase {

// What every kind's checks need besides the file: where to resolve references, "today" (from
// --as-of: the library never reads the clock) and the business-day calendar.
struct Context
{
  Workspace& workspace;
  calendar::Date as_of;
  std::shared_ptr<const calendar::Calendar> calendar;
  // The last day an agenda looks ahead to (`qicase due --to`): open-ended schedules such as a
  // CAP's monthly reports list their dates up to it. Unset: only the next one.
  std::optional<calendar::Date> horizon = std::nullopt;
  // Files met while walking a folder and left out of the run: YAML that declares no qicase
  // kind (Document::foreign). Set by check::run(), for --verbose.
  std::vector<std::string> skipped = {};
  // The policy of a notice that names none (.qicase.yaml `policy:`; built in: procedure 4.9A).
  std::string policy = "lre-4.9a";
  // Hash every cited evidence file (`qicase evidence`), not only the pinned ones `check` must.
  bool hash_evidence = false;
  // List the documents each case cites in FileResult::evidence (`qicase evidence`).
  bool list_evidence = false;
  // `audit-score --rubric`: the rubric every audit is scored against instead of its own
  // (alive for the run). Null: each audit's own.
  const Document* rubric = nullptr;
  // Set: only the obligations it keeps are held (`qicase due` keeps those its query lists, so a
  // run over 10,000 files holds the agenda, not every date of every case).
  std::function<bool(const Obligation&)> keep_obligation = {};
  // Keep each case's typed reading and result (FileResult::typed, an Evaluated) and its
  // findings (FileResult::found), for a command that renders them rather than its JSON report.
  bool keep_typed = false;
  // Check cited documents on disk. `diff` does not: a version from git is compared by what it
  // records (its pins), not against today's files.
  bool verify_evidence = true;
};

} // namespace qicase

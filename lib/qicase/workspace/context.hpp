#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/request.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase {

// What every kind's checks read besides the file: where to resolve references, "today" (from
// --as-of: the library never reads the clock), the business-day calendar and the policy; and
// the run's request (what the command asked for: a horizon, the evidence mode, a rubric).
struct Context
{
  Workspace& workspace;
  calendar::Date as_of;
  std::shared_ptr<const calendar::Calendar> calendar;
  // The policy of a notice that names none (.qicase.yaml `policy:`; built in: procedure 4.9A).
  std::string policy = "lre-4.9a";
  // What the run was asked for (default: `check`'s whole run); alive for the run.
  const Request& request = whole_run();
  // Request::rubric as the run resolved it (alive for the run). Null: each audit's own.
  const Document* rubric = nullptr;

  // The request of a plain `check` of every file.
  static const Request& whole_run()
  {
    static const Request k_whole;
    return k_whole;
  }
};

} // namespace qicase

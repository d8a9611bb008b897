#pragma once

#include <memory>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase {

// What every kind's checks need besides the file: where to resolve references, "today" (from
// --as-of: the library never reads the clock) and the business-day calendar.
struct Context
{
  Workspace& workspace;
  calendar::Date as_of;
  std::shared_ptr<const calendar::Calendar> calendar;
};

} // namespace qicase

// Fuzz target: the work plan's goal, timeframe, reporting and period parsers on arbitrary text.
#include <qicase/workplan/goal.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  const auto text = fuzz::text(data, size);
  const auto goal = workplan::parse_goal(text);
  for (const auto& t : goal.targets) {
    (void)t.met_by(9000, 5000);
    (void)t.met_by(0, std::nullopt);
    (void)t.to_json().dump();
  }
  (void)workplan::parse_timeframe(text);
  (void)workplan::parse_reporting(text);
  if (auto p = workplan::parse_period(text)) {
    (void)workplan::periods_of(p->start.year(), workplan::Frequency::quarterly);
  }
  return 0;
}

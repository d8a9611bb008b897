#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qicase::calendar {

// Spec "Durations": 30d calendar days, 10bd business days, 2w weeks, 2bw business weeks
// (= 10bd), 3mo calendar months (clamped to month end), 1y years.
enum class Unit { days, business_days, weeks, business_weeks, months, years };

struct Duration
{
  long count = 0; // may be negative only where a caller allows it (calendar add)
  Unit unit = Unit::days;

  std::string str() const; // "30d"
  friend bool operator==(const Duration&, const Duration&) = default;
};

struct DurationParse
{
  std::optional<Duration> duration;
  std::string error;
};

// `allow_negative`: accept a leading '-' (for `calendar add`). Counts are limited to 100000.
DurationParse parse_duration(std::string_view text, bool allow_negative = false);

std::string_view unit_suffix(Unit unit);

} // namespace qicase::calendar

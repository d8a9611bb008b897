#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/number.hpp>

namespace qicase::workplan {

// One numeric target of a goal, e.g. "≥ 90% timely outreach" or "5% increase in completed cases".
struct Target
{
  enum class Kind { comparison, relative, points };
  enum class Op { ge, gt, le, lt, eq };
  Kind kind = Kind::comparison;
  Op op = Op::ge;
  Hundredths value = 0; // the percentage, or the change for relative/points
  std::string metric;   // what is measured: "timely outreach"; the key of `values:`

  // Whether `actual` meets the target; relative and points targets need the baseline.
  std::optional<bool> met_by(Hundredths actual, std::optional<Hundredths> baseline) const;
  json::Value to_json() const;
};

// A goal as written in a work plan, classified.
struct Goal
{
  enum class Class { numeric, baseline, qualitative };
  Class kind = Class::qualitative;
  std::vector<Target> targets;
  std::vector<std::string> qualitative; // parts that name no number ("expand ECM capacity")
  std::vector<std::string> unparsed;    // parts that look numeric but could not be read
};

// Parses goal text: comparisons (≥ >= ≤ <= < > =, "Benchmark -≤ 1%"), several targets split on
// ';', a bare "100% ..." (= 100%; another bare "N% ..." means at least N%), "establish baseline",
// "N% increase|decrease ..." (relative to the baseline) and "N points increase|decrease ..."
// (absolute). Text naming no number is qualitative.
Goal parse_goal(std::string_view text);
std::string_view to_string(Goal::Class c);

enum class Frequency { none, monthly, quarterly, semiannual, annual, as_needed, varies };
std::string_view to_string(Frequency f);

// "Quarterly", "Monthly", "Semi-annual", "Annually, by Q1 2024", "As needed, and at least
// Annually", "meet at least Quarterly; ... by November 2024", "per DHCS schedule", "n/a".
struct Timeframe
{
  Frequency frequency = Frequency::none;
  std::optional<calendar::Date> by; // "by Q1 2024" -> 2024-03-31
  bool understood = true;
};
Timeframe parse_timeframe(std::string_view text);

// "UMC - quarterly", "UMC - as needed", "N/A - operational".
struct Reporting
{
  std::string committee; // "" when none (operational)
  Frequency frequency = Frequency::none;
  bool understood = true;
};
Reporting parse_reporting(std::string_view text);

// A results period: 2024-Q1, 2024-H2, 2024-03 or 2024.
struct Period
{
  std::string label;
  calendar::Date start;
  calendar::Date end;
};
std::optional<Period> parse_period(std::string_view text);
// The periods of `year` at a frequency (none for as-needed, varies and none).
std::vector<Period> periods_of(int year, Frequency f);

} // namespace qicase::workplan

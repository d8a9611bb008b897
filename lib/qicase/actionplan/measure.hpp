#pragma once

// The arithmetic of a plan's measures that reading, evaluating and rendering a plan share: a rate
// against its target, quarters, the stage in effect, the latest rate and the improvement.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <qicase/actionplan/actionplan.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/core/number.hpp>

namespace qicase::actionplan {

// Whether `rate` meets `target`, higher or lower being better.
bool meets(Hundredths rate, Hundredths target, bool higher);

// The last day of a quarter written `2025-Q1`; nullopt when the label is not one.
std::optional<calendar::Date> quarter_end(std::string_view label);

// The label of the quarter `d` falls in, e.g. `2025-Q1`.
std::string quarter_of(calendar::Date d);

// The quarters a coaching plan owes estimates for (27A.3): from the quarter of `from` to the
// last one ending by `until`, each with its label and end date; at most 400 (a century: a
// program file's improvement window could be far longer than any coaching period).
std::vector<std::pair<std::string, calendar::Date>> quarters_through(calendar::Date from,
                                                                     calendar::Date until);

// Whether the measure records an estimate for `quarter` (27A.3).
bool has_estimate(const Measure& m, std::string_view quarter);

// Whether the stage was submitted by --as-of.
bool by(const Stage& s, calendar::Date as_of);

// The latest rate known by --as-of: the final rate, else the last estimate of a quarter that
// has ended, else the update's rate, else the baseline.
std::optional<Hundredths> latest(const Measure& m, calendar::Date as_of);

// Coaching (27A.7): how far the latest rate known by --as-of has moved from the baseline in the
// better direction (negative when worse); null without both.
std::optional<Hundredths> improvement(const Measure& m, calendar::Date as_of);

} // namespace qicase::actionplan

#include <qicase/actionplan/measure.hpp>

#include <algorithm>
#include <set>

#include <unordered_set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::actionplan {

bool meets(Hundredths rate, Hundredths target, bool higher)
{
  return higher ? rate >= target : rate <= target;
}

std::optional<calendar::Date> quarter_end(std::string_view label)
{
  if (label.size() != 7 || label[4] != '-' || label[5] != 'Q' || label[6] < '1' || label[6] > '4') {
    return std::nullopt;
  }
  const int year = std::atoi(std::string(label.substr(0, 4)).c_str());
  const unsigned month = static_cast<unsigned>(label[6] - '0') * 3;
  return calendar::add_months(calendar::Date::from_ymd(year, month, 1), 1).plus_days(-1);
}

std::string quarter_of(calendar::Date d)
{
  return fmt::format("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1);
}

// The quarters a coaching plan owes estimates for (27A.3): from the quarter of `from` to the
// last one ending by `until`, each with its label and end date; at most 400 (a century: a
// program file's improvement window could be far longer than any coaching period).
std::vector<std::pair<std::string, calendar::Date>> quarters_through(calendar::Date from,
                                                                     calendar::Date until)
{
  std::vector<std::pair<std::string, calendar::Date>> out;
  for (calendar::Date q = *quarter_end(quarter_of(from)); q <= until && out.size() < 400;
       q = calendar::add_months(q.plus_days(1), 3).plus_days(-1)) {
    out.emplace_back(quarter_of(q), q);
  }
  return out;
}

bool has_estimate(const Measure& m, std::string_view quarter)
{
  return std::any_of(m.estimates.begin(), m.estimates.end(),
                     [&](const auto& e) { return e.first == quarter; });
}

bool by(const Stage& s, calendar::Date as_of)
{
  return s.present && (!s.submitted || *s.submitted <= as_of);
}

// The latest rate known by --as-of: the final rate, else the last estimate of a quarter that
// has ended, else the update's rate, else the baseline.
std::optional<Hundredths> latest(const Measure& m, calendar::Date as_of)
{
  if (m.final_rate && by(m.final_stage, as_of))
    return m.final_rate;
  std::optional<Hundredths> estimate;
  std::optional<calendar::Date> when;
  for (const auto& [quarter, rate] : m.estimates) {
    const auto end = quarter_end(quarter);
    if (end && *end <= as_of && (!when || *end >= *when)) {
      estimate = rate;
      when = end;
    }
  }
  if (estimate)
    return estimate;
  if (m.update_rate && by(m.update, as_of))
    return m.update_rate;
  return m.baseline;
}

// Coaching (27A.7): how far the latest rate known by --as-of has moved from the baseline in the
// better direction (negative when worse); null without both.
std::optional<Hundredths> improvement(const Measure& m, calendar::Date as_of)
{
  const auto now = latest(m, as_of);
  if (!now || !m.baseline) {
    return std::nullopt;
  }
  return m.higher ? *now - *m.baseline : *m.baseline - *now;
}

} // namespace qicase::actionplan

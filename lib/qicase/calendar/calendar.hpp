#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>

namespace qicase::calendar {

// How a holiday that falls on a weekend is observed.
enum class Observed {
  none,           // not moved
  nearest_weekday // Saturday -> the Friday before, Sunday -> the Monday after (5 U.S.C. 6103(b))
};

// A holiday computed by rule each year: a fixed month and day, or the nth weekday of a month.
struct HolidayRule
{
  std::string name;
  unsigned month = 1;   // 1-12
  unsigned day = 0;     // fixed day of month; 0 when by weekday
  unsigned weekday = 0; // 0 = Sunday .. 6 = Saturday, when day == 0
  int nth = 0;          // 1..5, or -1 for the last
  Observed observed = Observed::none;
  int from = 0;  // first year in force (0: always)
  int until = 0; // last year in force (0: always)

  // The day the rule falls on in `year`, before observation; nullopt when not in force or
  // impossible (Feb 29 in a common year, a fifth Monday that does not exist).
  std::optional<Date> actual(int year) const;
  // The observed day off for the holiday of `year`.
  std::optional<Date> observed_in(int year) const;
};

struct HolidayRuleParse
{
  std::optional<HolidayRule> rule;
  std::string error;
};

// Parses "01-01" or "third monday of january" / "last monday of may" into month/day/weekday.
HolidayRuleParse parse_holiday_date(std::string_view text);

struct Closure
{
  Date date;
  std::string name;
};

// A business-day calendar: weekend days, holiday rules and one-off closures.
class Calendar
{
public:
  Calendar() = default;
  Calendar(std::string id, std::vector<HolidayRule> rules, std::vector<Closure> closures,
           unsigned weekend_mask = k_saturday_sunday);

  static constexpr unsigned k_saturday_sunday = (1u << 0) | (1u << 6); // bit = weekday

  const std::string& id() const { return m_id; }
  const std::vector<HolidayRule>& rules() const { return m_rules; }
  const std::vector<Closure>& closures() const { return m_closures; }
  unsigned weekend_mask() const { return m_weekend; }

  bool is_weekend(Date d) const { return (m_weekend >> d.weekday()) & 1u; }
  // Name of the holiday or closure on `d` ("Independence Day (observed)"), if any.
  std::optional<std::string> holiday(Date d) const;
  // Whether `d` is a holiday or closure: holiday() without building its name.
  bool is_day_off(Date d) const;
  bool is_business_day(Date d) const { return !is_weekend(d) && !is_day_off(d); }

  // d + duration. Business days skip weekends, holidays and closures; a negative count goes
  // back. Months clamp to the month's last day (Jan 31 + 1mo = Feb 28 or 29). A result outside
  // 0001-01-01..9999-12-31, or a business day not found within 366 days (a calendar with no
  // business day), is a date outside that range (!in_range()): every search here is bounded.
  Date add(Date d, const Duration& duration) const;
  // Business days from a to b: the n for which add(a, n bd) reaches b when b is a business day.
  long business_days_between(Date a, Date b) const;
  // The next business day on or after d (following) or on or before d (preceding).
  Date roll_following(Date d) const;
  Date roll_preceding(Date d) const;

  // The first run of 366 days or more with no business day in it (its first and last day), if
  // any: a calendar with one can never count business days past it. Looks at the years
  // 1990-2060 (every pattern of weekdays and rules recurs in them) and the years of closures
  // and of rules' `from` and `until`.
  std::optional<std::pair<Date, Date>> closed_span() const;

  // Every day off in `year` that is not a weekend day, in date order.
  std::vector<Closure> holidays_in(int year) const;

private:
  // The rule observed on `d` (and the year it is observed for), or null: what holiday() and
  // is_day_off() both look for.
  const HolidayRule* observed_rule(Date d, int& year) const;
  // The closure on `d`, or null.
  const Closure* closure_on(Date d) const;

  // Observed days of the years k_table_first..k_table_last, by date (then year, then rule).
  static constexpr int k_table_first = 1990;
  static constexpr int k_table_last = 2060;
  struct ObservedDay
  {
    Date date;
    int year;
    std::size_t rule;
  };

  std::string m_id;
  std::vector<HolidayRule> m_rules;
  std::vector<ObservedDay> m_observed;
  std::vector<Closure> m_closures; // sorted by date
  unsigned m_weekend = k_saturday_sunday;
};

Date add_months(Date d, long months);

} // namespace qicase::calendar

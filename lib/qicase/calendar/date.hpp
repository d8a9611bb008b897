#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

#include <qicase/core/json.hpp>

namespace qicase::calendar {

// A calendar day. Thin wrapper over date::sys_days so arithmetic is exact and cheap.
struct Date
{
  date::sys_days days{};
  // Days from 1970-01-01 to 0001-01-01 and to 9999-12-31 (checked against the calendar in a
  // unit test).
  static constexpr long k_first = -719162;
  static constexpr long k_last = 2932896;

  static Date from_ymd(int y, unsigned m, unsigned d)
  {
    return Date{date::sys_days{date::year{y} / date::month{m} / date::day{d}}};
  }
  date::year_month_day ymd() const { return date::year_month_day{days}; }
  int year() const { return static_cast<int>(ymd().year()); }
  unsigned month() const { return static_cast<unsigned>(ymd().month()); }
  unsigned day() const { return static_cast<unsigned>(ymd().day()); }
  // 0 = Sunday ... 6 = Saturday
  unsigned weekday() const { return date::weekday{days}.c_encoding(); }

  Date plus_days(long n) const { return Date{days + date::days{n}}; }
  // The last day a case file can hold (dates are YYYY-MM-DD): arithmetic past it (9999-12-31
  // plus 30 days) gives a date no file, report or calendar can write.
  static Date last() { return Date{date::sys_days{date::days{k_last}}}; }
  static Date first() { return Date{date::sys_days{date::days{k_first}}}; }
  // Within first()..last(): a date qicase can read and write. Arithmetic that leaves the range
  // (9999-12-31 + 1d, 0001-01-01 - 1d, a business day that never comes) gives a date outside
  // it, which every caller reports as an error instead of printing. Asked at every step of a
  // business-day walk: two integer compares.
  bool in_range() const
  {
    const auto n = days.time_since_epoch().count();
    return n >= k_first && n <= k_last;
  }
  friend long operator-(Date a, Date b) { return (a.days - b.days).count(); }
  friend auto operator<=>(Date a, Date b) = default;
  friend bool operator==(Date a, Date b) = default;

  std::string str() const; // YYYY-MM-DD
};

struct DateParse
{
  std::optional<Date> date;
  std::string error; // what is wrong and what to write instead, when !date
};

// Strict YYYY-MM-DD (years 0001-9999); an impossible day (2024-02-30) says why.
DateParse parse_date(std::string_view text);

std::string_view month_name(unsigned month);
std::string_view weekday_name(unsigned weekday); // 0 = Sunday

// A date for a report: "YYYY-MM-DD", or null.
json::Value to_json(const std::optional<Date>& d);
// Dates for a report: an array of "YYYY-MM-DD".
json::Value to_json(const std::vector<Date>& dates);
// A date for text, markdown and CSV: "YYYY-MM-DD", or "".
std::string text(const std::optional<Date>& d);

// "March 4, 2024", for letters.
std::string long_date(Date d);

} // namespace qicase::calendar

#include <qicase/calendar/date.hpp>

#include <array>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase::calendar {

namespace {
constexpr std::array<std::string_view, 12> k_months = {"January",   "February", "March",    "April",
                                                       "May",       "June",     "July",     "August",
                                                       "September", "October",  "November", "December"};
constexpr std::array<std::string_view, 7> k_weekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                        "Thursday", "Friday", "Saturday"};

bool digits(std::string_view s)
{
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return !s.empty();
}

int to_int(std::string_view s)
{
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}
} // namespace

std::string_view month_name(unsigned month)
{
  return month >= 1 && month <= 12 ? k_months[month - 1] : std::string_view("?");
}

std::string_view weekday_name(unsigned weekday)
{
  return weekday < 7 ? k_weekdays[weekday] : std::string_view("?");
}

std::string Date::str() const
{
  const auto y = ymd();
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(y.year()), static_cast<unsigned>(y.month()),
                     static_cast<unsigned>(y.day()));
}

json::Value to_json(const std::optional<Date>& d)
{
  return d ? json::Value(d->str()) : json::Value();
}

json::Value to_json(const std::vector<Date>& dates)
{
  json::Value out = json::Value::array();
  for (const auto& d : dates) {
    out.push(d.str());
  }
  return out;
}

std::string text(const std::optional<Date>& d)
{
  return d ? d->str() : std::string();
}

std::string long_date(Date d)
{
  return fmt::format("{} {}, {}", month_name(d.month()), d.day(), d.year());
}

DateParse parse_date(std::string_view text)
{
  const std::string shown(utf8_prefix(text, 40));
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4))
      || !digits(text.substr(5, 2)) || !digits(text.substr(8, 2))) {
    return {std::nullopt, fmt::format("`{}` is not a date: write YYYY-MM-DD, e.g. 2024-03-04", shown)};
  }
  const int y = to_int(text.substr(0, 4));
  const int m = to_int(text.substr(5, 2));
  const int d = to_int(text.substr(8, 2));
  if (y < 1) {
    return {std::nullopt, fmt::format("`{}` is not a date: the year must be 0001 or later", shown)};
  }
  if (m < 1 || m > 12) {
    return {std::nullopt, fmt::format("`{}` is not a date: month {:02d} does not exist (01-12)", shown, m)};
  }
  const date::year_month_day_last last{date::year{y},
                                       date::month_day_last{date::month(static_cast<unsigned>(m))}};
  const auto days_in_month = static_cast<int>(static_cast<unsigned>(last.day()));
  if (d < 1 || d > days_in_month) {
    return {std::nullopt, fmt::format("`{}` is an impossible date: {} {} has {} days", shown,
                                      month_name(static_cast<unsigned>(m)), y, days_in_month)};
  }
  return {Date::from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d)), {}};
}

} // namespace qicase::calendar

#include <qicase/calendar/calendar.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <tuple>

#include <fmt/format.h>

namespace qicase::calendar {

namespace {

constexpr std::array<std::string_view, 5> k_ordinals = {"first", "second", "third", "fourth", "fifth"};

std::string lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

} // namespace

std::optional<Date> HolidayRule::actual(int year) const
{
  if ((from != 0 && year < from) || (until != 0 && year > until)) {
    return std::nullopt;
  }
  const date::year y{year};
  const date::month m{month};
  if (day != 0) {
    const date::year_month_day ymd{y, m, date::day{day}};
    if (!ymd.ok()) {
      return std::nullopt;
    }
    return Date{date::sys_days{ymd}};
  }
  const date::weekday wd{weekday};
  if (nth == -1) {
    return Date{date::sys_days{date::year_month_weekday_last{y, m, date::weekday_last{wd}}}};
  }
  const date::year_month_weekday ymw{y, m, wd[static_cast<unsigned>(nth)]};
  if (!ymw.ok()) {
    return std::nullopt;
  }
  return Date{date::sys_days{ymw}};
}

std::optional<Date> HolidayRule::observed_in(int year) const
{
  auto d = actual(year);
  if (!d || observed == Observed::none) {
    return d;
  }
  switch (d->weekday()) {
  case 6: return d->plus_days(-1); // Saturday -> Friday
  case 0: return d->plus_days(1);  // Sunday -> Monday
  default: return d;
  }
}

namespace {

constexpr std::string_view k_holiday_usage = "write MM-DD (07-04) or e.g. `third monday of january`, "
                                             "`last monday of may`";

// "MM-DD": a fixed day of the year.
HolidayRuleParse parse_month_day(std::string_view text, const std::string& shown)
{
  HolidayRule rule;
  const auto m = std::atoi(std::string(text.substr(0, 2)).c_str());
  const auto d = std::atoi(std::string(text.substr(3, 2)).c_str());
  if (m < 1 || m > 12 || d < 1 || d > 31
      || !date::month_day{date::month(static_cast<unsigned>(m)), date::day(static_cast<unsigned>(d))}.ok()) {
    return {std::nullopt, fmt::format("`{}` is not a day of the year: {}", shown, k_holiday_usage)};
  }
  rule.month = static_cast<unsigned>(m);
  rule.day = static_cast<unsigned>(d);
  return {rule, {}};
}

// The words of a text split at spaces, in lower case.
std::vector<std::string> lower_words(std::string_view text)
{
  std::vector<std::string> words;
  std::string word;
  for (char c : lower(text)) {
    if (c == ' ') {
      if (!word.empty()) {
        words.push_back(word);
      }
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) {
    words.push_back(word);
  }
  return words;
}

// "<ordinal> <weekday> of <month>": the nth (or last) weekday of a month.
HolidayRuleParse parse_nth_weekday(const std::vector<std::string>& words, const std::string& shown)
{
  HolidayRule rule;
  if (words[0] == "last") {
    rule.nth = -1;
  } else {
    auto it = std::find(k_ordinals.begin(), k_ordinals.end(), words[0]);
    if (it == k_ordinals.end()) {
      return {std::nullopt,
              fmt::format("`{}`: `{}` is not first, second, third, fourth, fifth or last", shown, words[0])};
    }
    rule.nth = static_cast<int>(it - k_ordinals.begin()) + 1;
  }
  bool found = false;
  for (unsigned w = 0; w < 7; ++w) {
    if (lower(weekday_name(w)) == words[1]) {
      rule.weekday = w;
      found = true;
    }
  }
  if (!found) {
    return {std::nullopt, fmt::format("`{}`: `{}` is not a weekday", shown, words[1])};
  }
  found = false;
  for (unsigned m = 1; m <= 12; ++m) {
    if (lower(month_name(m)) == words[3]) {
      rule.month = m;
      found = true;
    }
  }
  if (!found) {
    return {std::nullopt, fmt::format("`{}`: `{}` is not a month", shown, words[3])};
  }
  return {rule, {}};
}

} // namespace

HolidayRuleParse parse_holiday_date(std::string_view text)
{
  const std::string shown(text.substr(0, 60));
  if (text.size() == 5 && text[2] == '-') {
    return parse_month_day(text, shown);
  }
  const auto words = lower_words(text);
  if (words.size() != 4 || words[2] != "of") {
    return {std::nullopt, fmt::format("`{}` is not a holiday date: {}", shown, k_holiday_usage)};
  }
  return parse_nth_weekday(words, shown);
}

Calendar::Calendar(std::string id, std::vector<HolidayRule> rules, std::vector<Closure> closures,
                   unsigned weekend_mask)
  : m_id(std::move(id)), m_rules(std::move(rules)), m_closures(std::move(closures)),
    m_weekend(weekend_mask & 0x7Fu)
{
  if (m_weekend == 0x7Fu) {
    m_weekend = k_saturday_sunday; // a week with no working day is refused by the loader
  }
  std::stable_sort(m_closures.begin(), m_closures.end(),
                   [](const Closure& a, const Closure& b) { return a.date < b.date; });
  // The observed days of the years most deadlines fall in, worked out once: business-day
  // arithmetic asks is_day_off() for every day it steps over.
  for (int y = k_table_first; y <= k_table_last; ++y) {
    for (std::size_t r = 0; r < m_rules.size(); ++r) {
      if (auto observed = m_rules[r].observed_in(y)) {
        m_observed.push_back({*observed, y, r});
      }
    }
  }
  std::sort(m_observed.begin(), m_observed.end(), [](const ObservedDay& a, const ObservedDay& b) {
    return std::tie(a.date, a.year, a.rule) < std::tie(b.date, b.year, b.rule);
  });
}

const HolidayRule* Calendar::observed_rule(Date d, int& year) const
{
  const int y0 = d.year();
  if (y0 - 1 >= k_table_first && y0 + 1 <= k_table_last) {
    // From the table, in the order of the search below: this year's rules, then next year's
    // (New Year's Day observed on Dec 31), then last year's, each in rule order.
    auto it = std::lower_bound(m_observed.begin(), m_observed.end(), d,
                               [](const ObservedDay& o, Date value) { return o.date < value; });
    const ObservedDay* best = nullptr;
    auto rank = [y0](int y) { return y == y0 ? 0 : y == y0 + 1 ? 1 : 2; };
    for (; it != m_observed.end() && it->date == d; ++it) {
      if (it->year < y0 - 1 || it->year > y0 + 1) {
        continue;
      }
      if (best == nullptr || rank(it->year) < rank(best->year)
          || (rank(it->year) == rank(best->year) && it->rule < best->rule)) {
        best = &*it;
      }
    }
    if (best == nullptr) {
      return nullptr;
    }
    year = best->year;
    return &m_rules[best->rule];
  }
  // An observed day can move into the year before (New Year's Day on a Saturday) or after.
  for (int y : {y0, y0 + 1, y0 - 1}) {
    for (const auto& rule : m_rules) {
      auto observed = rule.observed_in(y);
      if (observed && *observed == d) {
        year = y;
        return &rule;
      }
    }
  }
  return nullptr;
}

const Closure* Calendar::closure_on(Date d) const
{
  auto it = std::lower_bound(m_closures.begin(), m_closures.end(), d,
                             [](const Closure& c, Date value) { return c.date < value; });
  return it != m_closures.end() && it->date == d ? &*it : nullptr;
}

std::optional<std::string> Calendar::holiday(Date d) const
{
  int year = 0;
  if (const auto* rule = observed_rule(d, year)) {
    auto actual = rule->actual(year);
    return actual && *actual != d ? rule->name + " (observed)" : rule->name;
  }
  if (const auto* closure = closure_on(d)) {
    return closure->name;
  }
  return std::nullopt;
}

bool Calendar::is_day_off(Date d) const
{
  int year = 0;
  return observed_rule(d, year) != nullptr || closure_on(d) != nullptr;
}

Date add_months(Date d, long months)
{
  const auto ymd = d.ymd();
  const auto target = date::year_month{ymd.year(), ymd.month()} + date::months{months};
  const date::year_month_day_last last{target.year(), date::month_day_last{target.month()}};
  const auto day = std::min(ymd.day(), last.day());
  return Date{date::sys_days{date::year_month_day{target.year(), target.month(), day}}};
}

namespace {

// Business days in (from, to], from <= to: the working weekdays counted week by week, less the
// days off that fall on them, counted year by year. Linear in years, not days, so that
// 0001-01-01 to 9999-12-31 is as quick as a month (a fuzzer found the day-by-day walk slow).
long business_days_in(const Calendar& cal, Date from, Date to)
{
  const long days = to - from;
  if (days == 0) {
    return 0;
  }
  long working = 0;
  for (long k = 1; k <= days % 7; ++k) {
    working += cal.is_weekend(from.plus_days(k)) ? 0 : 1;
  }
  long per_week = 0;
  for (long k = 0; k < 7; ++k) {
    per_week += cal.is_weekend(from.plus_days(k)) ? 0 : 1;
  }
  working += days / 7 * per_week;
  const Date first = from.plus_days(1);
  for (int year = first.year(); year <= to.year(); ++year) {
    Date previous{};
    bool any = false;
    for (const auto& off : cal.holidays_in(year)) { // sorted by date
      if ((any && off.date == previous) || off.date < first || off.date > to || cal.is_weekend(off.date)) {
        continue;
      }
      previous = off.date;
      any = true;
      --working;
    }
  }
  return working;
}

} // namespace

Date Calendar::add(Date d, const Duration& duration) const
{
  switch (duration.unit) {
  case Unit::days: return d.plus_days(duration.count);
  case Unit::weeks: return d.plus_days(duration.count * 7);
  case Unit::months: return add_months(d, duration.count);
  case Unit::years: return add_months(d, duration.count * 12);
  case Unit::business_days:
  case Unit::business_weeks: {
    long n = duration.unit == Unit::business_weeks ? duration.count * 5 : duration.count;
    const long step = n < 0 ? -1 : 1;
    n = std::labs(n);
    // Far targets: 52 weeks at a time (never more than 261 business days, so never past the
    // target), counted by business_days_in; the rest day by day.
    // Each step stays within the range or ends the search: past 9999-12-31 (or before
    // 0001-01-01) the answer is out of range, and so it is after 366 days with no business day.
    const Date outside = step > 0 ? Date::last().plus_days(1) : Date::first().plus_days(-1);
    while (n > 300) {
      if (step > 0 ? d > Date::last().plus_days(-364) : d < Date::first().plus_days(365)) {
        return outside;
      }
      const long found = step > 0 ? business_days_in(*this, d, d.plus_days(364))
                                  : business_days_in(*this, d.plus_days(-365), d.plus_days(-1));
      if (found == 0) {
        return outside;
      }
      d = d.plus_days(step * 364);
      n -= found;
    }
    long closed = 0;
    while (n > 0) {
      d = d.plus_days(step);
      if (!d.in_range() || closed > 366) {
        return outside;
      }
      if (is_business_day(d)) {
        --n;
        closed = 0;
      } else {
        ++closed;
      }
    }
    return d;
  }
  }
  return d;
}

long Calendar::business_days_between(Date a, Date b) const
{
  if (b >= a) {
    return business_days_in(*this, a, b);
  }
  // Days in [b, a): (b - 1, a - 1].
  return -business_days_in(*this, b.plus_days(-1), a.plus_days(-1));
}

Date Calendar::roll_following(Date d) const
{
  for (int k = 0; k <= 366 && d.in_range(); ++k, d = d.plus_days(1)) {
    if (is_business_day(d)) {
      return d;
    }
  }
  return Date::last().plus_days(1); // none: out of range, reported by the caller
}

Date Calendar::roll_preceding(Date d) const
{
  for (int k = 0; k <= 366 && d.in_range(); ++k, d = d.plus_days(-1)) {
    if (is_business_day(d)) {
      return d;
    }
  }
  return Date::first().plus_days(-1);
}

std::optional<std::pair<Date, Date>> Calendar::closed_span() const
{
  std::vector<int> years;
  for (int y = k_table_first - 1; y <= k_table_last + 1; ++y) {
    years.push_back(y);
  }
  const auto around = [&](int y) {
    for (int k = y - 1; k <= y + 1; ++k) {
      if (k >= 1 && k <= 9999) {
        years.push_back(k);
      }
    }
  };
  // A closed span holds at least 52 working weekdays: only years with that many closures near
  // them can close one with the rules' help, and at most 200 such years are looked at.
  std::map<int, std::size_t> closures_by_year;
  for (const auto& c : m_closures) {
    ++closures_by_year[c.date.year()];
  }
  std::size_t extra = 0;
  for (const auto& [year, count] : closures_by_year) {
    if (count + m_rules.size() >= 52 && extra++ < 200) {
      around(year);
    }
  }
  for (const auto& rule : m_rules) {
    if (extra++ < 200) {
      around(rule.from > 0 ? rule.from : k_table_first);
      around(rule.until > 0 ? rule.until : k_table_last);
    }
  }
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
  int previous = -1;
  long gap = 0;
  Date gap_start;
  for (int year : years) {
    if (year != previous + 1) {
      gap = 0;
    }
    previous = year;
    const Date end = Date::from_ymd(year, 12, 31);
    for (Date d = Date::from_ymd(year, 1, 1); d <= end; d = d.plus_days(1)) {
      if (is_business_day(d)) {
        gap = 0;
        continue;
      }
      if (gap++ == 0) {
        gap_start = d;
      }
      if (gap >= 366) {
        return std::pair{gap_start, d};
      }
    }
  }
  return std::nullopt;
}

std::vector<Closure> Calendar::holidays_in(int year) const
{
  std::vector<Closure> out;
  for (int y : {year - 1, year, year + 1}) {
    for (const auto& rule : m_rules) {
      auto observed = rule.observed_in(y);
      if (observed && observed->year() == year) {
        auto actual = rule.actual(y);
        out.push_back({*observed, actual && *actual != *observed ? rule.name + " (observed)" : rule.name});
      }
    }
  }
  for (const auto& c : m_closures) {
    if (c.date.year() == year) {
      out.push_back(c);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Closure& a, const Closure& b) { return a.date < b.date; });
  return out;
}

} // namespace qicase::calendar

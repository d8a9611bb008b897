#include <doctest/doctest.h>

#include <fmt/format.h>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>

#include "helpers.hpp"

using namespace qicase;
using namespace qicase::calendar;
using qicase::test::d;
using qicase::test::us_federal;

TEST_CASE("dates: strict YYYY-MM-DD, impossible days explained")
{
  CHECK(parse_date("2024-02-29").date == Date::from_ymd(2024, 2, 29));
  CHECK(parse_date("2000-02-29").date.has_value()); // divisible by 400: leap
  CHECK_FALSE(parse_date("1900-02-29").date);       // divisible by 100: not leap
  CHECK_FALSE(parse_date("2023-02-29").date);
  CHECK(parse_date("2024-02-30").error == "`2024-02-30` is an impossible date: February 2024 has 29 days");
  CHECK(parse_date("2023-02-29").error == "`2023-02-29` is an impossible date: February 2023 has 28 days");
  CHECK(parse_date("2024-04-31").error == "`2024-04-31` is an impossible date: April 2024 has 30 days");
  CHECK(parse_date("2024-13-01").error == "`2024-13-01` is not a date: month 13 does not exist (01-12)");
  CHECK(parse_date("2024-3-4").error == "`2024-3-4` is not a date: write YYYY-MM-DD, e.g. 2024-03-04");
  CHECK_FALSE(parse_date("03/04/2024").date);
  CHECK_FALSE(parse_date("2024-03-04T00:00").date);
  CHECK_FALSE(parse_date("").date);
  CHECK(parse_date("0000-01-01").error == "`0000-01-01` is not a date: the year must be 0001 or later");
  CHECK(d("2024-03-04").str() == "2024-03-04");
  CHECK(long_date(d("2024-03-04")) == "March 4, 2024");
}

TEST_CASE("durations: every unit, and what is refused")
{
  CHECK(parse_duration("30d").duration == Duration{30, Unit::days});
  CHECK(parse_duration("10bd").duration == Duration{10, Unit::business_days});
  CHECK(parse_duration("2w").duration == Duration{2, Unit::weeks});
  CHECK(parse_duration("2bw").duration == Duration{2, Unit::business_weeks});
  CHECK(parse_duration("3mo").duration == Duration{3, Unit::months});
  CHECK(parse_duration("1y").duration == Duration{1, Unit::years});
  CHECK_FALSE(parse_duration("30").duration);
  CHECK_FALSE(parse_duration("d").duration);
  CHECK_FALSE(parse_duration("3 months").duration);
  CHECK_FALSE(parse_duration("1m").duration);
  CHECK(parse_duration("-5d").error
        == "`-5d` is negative: a duration here counts forward from its date; write e.g. 30d");
  CHECK(parse_duration("-5bd", true).duration == Duration{-5, Unit::business_days});
  CHECK_FALSE(parse_duration("99999999999d").duration);
  CHECK(Duration{10, Unit::business_days}.str() == "10bd");
}

TEST_CASE("months clamp to the month's end")
{
  const auto& cal = us_federal();
  CHECK(cal.add(d("2024-01-31"), {1, Unit::months}) == d("2024-02-29"));
  CHECK(cal.add(d("2023-01-31"), {1, Unit::months}) == d("2023-02-28"));
  CHECK(cal.add(d("2024-03-31"), {1, Unit::months}) == d("2024-04-30"));
  CHECK(cal.add(d("2024-01-31"), {2, Unit::months}) == d("2024-03-31"));
  CHECK(cal.add(d("2024-10-31"), {3, Unit::months}) == d("2025-01-31"));
  CHECK(cal.add(d("2024-02-29"), {1, Unit::years}) == d("2025-02-28"));
  CHECK(cal.add(d("2024-02-29"), {4, Unit::years}) == d("2028-02-29"));
  CHECK(cal.add(d("2024-03-31"), {-1, Unit::months}) == d("2024-02-29"));
  CHECK(cal.add(d("2024-03-04"), {30, Unit::days}) == d("2024-04-03"));
  CHECK(cal.add(d("2024-03-04"), {2, Unit::weeks}) == d("2024-03-18"));
}

TEST_CASE("US federal holidays 2024-2026 match OPM's published lists")
{
  auto dates = [](int year) {
    std::vector<std::string> out;
    for (const auto& h : us_federal().holidays_in(year)) {
      out.push_back(h.date.str());
    }
    return out;
  };
  CHECK(dates(2024)
        == std::vector<std::string>{"2024-01-01", "2024-01-15", "2024-02-19", "2024-05-27", "2024-06-19",
                                    "2024-07-04", "2024-09-02", "2024-10-14", "2024-11-11", "2024-11-28",
                                    "2024-12-25"});
  CHECK(dates(2025)
        == std::vector<std::string>{"2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19",
                                    "2025-07-04", "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27",
                                    "2025-12-25"});
  CHECK(dates(2026)
        == std::vector<std::string>{"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19",
                                    "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26",
                                    "2026-12-25"});
  // New Year's Day 2022 fell on a Saturday: observed Friday 2021-12-31, in 2021's list.
  auto y2021 = dates(2021);
  CHECK(y2021.back() == "2021-12-31");
  CHECK(y2021.front() == "2021-01-01");
  CHECK(std::find(y2021.begin(), y2021.end(), "2021-06-18") != y2021.end()); // first Juneteenth, observed
  CHECK(dates(2022).size() == 10);
  CHECK(us_federal().holiday(d("2021-12-31")) == "New Year's Day (observed)");
  CHECK(us_federal().holiday(d("2023-01-02")) == "New Year's Day (observed)");
  CHECK(us_federal().holiday(d("2027-07-05")) == "Independence Day (observed)");
  CHECK_FALSE(us_federal().holiday(d("2020-06-19"))); // Juneteenth only from 2021
  CHECK_FALSE(us_federal().holiday(d("2024-03-04")));
}

TEST_CASE("holiday rules hold for every year 2000-2040")
{
  const auto& cal = us_federal();
  for (int year = 2000; year <= 2040; ++year) {
    CAPTURE(year);
    const auto days = cal.holidays_in(year);
    int thanksgiving = 0;
    for (const auto& h : days) {
      CAPTURE(h.name);
      CHECK(h.date.year() == year);
      CHECK(h.date.weekday() != 0); // observed days are never on a weekend
      CHECK(h.date.weekday() != 6);
      if (h.name == "Thanksgiving Day") {
        ++thanksgiving;
        CHECK(h.date.weekday() == 4);
        CHECK(h.date.day() >= 22);
        CHECK(h.date.day() <= 28);
      }
      if (h.name == "Memorial Day") {
        CHECK(h.date.weekday() == 1);
        CHECK(h.date.day() >= 25);
      }
      if (h.name == "Birthday of Martin Luther King Jr.") {
        CHECK(h.date.weekday() == 1);
        CHECK(h.date.day() >= 15);
        CHECK(h.date.day() <= 21);
      }
      if (h.name.starts_with("Independence Day")) {
        CHECK(h.date.month() == 7);
        CHECK(h.date.day() >= 3);
        CHECK(h.date.day() <= 5);
      }
      if (h.name.starts_with("Juneteenth")) {
        CHECK(year >= 2021);
      }
    }
    CHECK(thanksgiving == 1);
    // 10 holidays before 2021, 11 after; one year in seven gains or loses New Year's observed.
    const auto expected = year >= 2021 ? 11u : 10u;
    CHECK(days.size() >= expected - 1);
    CHECK(days.size() <= expected + 1);
  }
}

TEST_CASE("business days skip weekends and holidays, in both directions")
{
  const auto& cal = us_federal();
  const Duration ten{10, Unit::business_days};
  CHECK(cal.add(d("2024-03-04"), ten) == d("2024-03-18"));
  // Across Memorial Day 2024-05-27 and Juneteenth 2024-06-19.
  CHECK(cal.add(d("2024-05-24"), {1, Unit::business_days}) == d("2024-05-28"));
  CHECK(cal.add(d("2024-06-14"), {5, Unit::business_days}) == d("2024-06-24"));
  // Across Thanksgiving and a weekend.
  CHECK(cal.add(d("2024-11-27"), {1, Unit::business_days}) == d("2024-11-29"));
  // Backwards across Christmas and the observed New Year's Day of 2022.
  CHECK(cal.add(d("2022-01-03"), {-1, Unit::business_days}) == d("2021-12-30"));
  CHECK(cal.add(d("2024-12-26"), {-1, Unit::business_days}) == d("2024-12-24"));
  // Business weeks are five business days.
  CHECK(cal.add(d("2024-03-04"), {2, Unit::business_weeks}) == cal.add(d("2024-03-04"), ten));
  // From a Saturday: the next business day is the first counted.
  CHECK(cal.add(d("2024-03-02"), {1, Unit::business_days}) == d("2024-03-04"));
  CHECK(cal.add(d("2024-03-02"), {0, Unit::business_days}) == d("2024-03-02"));
  CHECK(cal.business_days_between(d("2024-03-04"), d("2024-03-18")) == 10);
  CHECK(cal.business_days_between(d("2024-03-18"), d("2024-03-04")) == -10);
  CHECK(cal.business_days_between(d("2024-05-24"), d("2024-05-28")) == 1);
  CHECK(cal.business_days_between(d("2024-03-04"), d("2024-03-04")) == 0);
  // add() and between() agree for every start in 2024 and 1-15 business days.
  for (Date start = d("2024-01-01"); start <= d("2024-12-31"); start = start.plus_days(1)) {
    for (long n = 1; n <= 15; ++n) {
      const Date end = cal.add(start, {n, Unit::business_days});
      REQUIRE(cal.business_days_between(start, end) == n);
      REQUIRE(cal.add(end, {-n, Unit::business_days}) <= start);
    }
  }
  CHECK(cal.roll_following(d("2024-07-04")) == d("2024-07-05"));
  CHECK(cal.roll_preceding(d("2024-07-06")) == d("2024-07-05"));
}

TEST_CASE("holiday dates parse from MM-DD and from words")
{
  auto r = parse_holiday_date("third monday of january");
  REQUIRE(r.rule);
  CHECK(r.rule->month == 1);
  CHECK(r.rule->weekday == 1);
  CHECK(r.rule->nth == 3);
  CHECK(parse_holiday_date("last monday of may").rule->nth == -1);
  CHECK(parse_holiday_date("07-04").rule->day == 4);
  CHECK_FALSE(parse_holiday_date("02-30").rule);
  CHECK_FALSE(parse_holiday_date("third funday of january").rule);
  CHECK_FALSE(parse_holiday_date("sixth monday of may").rule);
  CHECK_FALSE(parse_holiday_date("July 4").rule);
}

TEST_CASE("business days between: counted by weeks and years, equal to a day-by-day count")
{
  const auto& cal = test::us_federal();
  auto walk = [&](calendar::Date a, calendar::Date b) {
    long n = 0;
    if (b >= a) {
      for (auto d = a.plus_days(1); d <= b; d = d.plus_days(1))
        n += cal.is_business_day(d) ? 1 : 0;
      return n;
    }
    for (auto d = b; d < a; d = d.plus_days(1))
      n += cal.is_business_day(d) ? 1 : 0;
    return -n;
  };
  // Fixed pseudo-random ranges over centuries, both directions, every length mod 7.
  unsigned seed = 20241123;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % 200000;
  };
  for (int i = 0; i < 200; ++i) {
    const auto a = test::d("1950-01-01").plus_days(static_cast<long>(next()) - 50000);
    const auto b = a.plus_days(static_cast<long>(next() % 3000) - 1500);
    CAPTURE(a.str());
    CAPTURE(b.str());
    CHECK(cal.business_days_between(a, b) == walk(a, b));
  }
  CHECK(cal.business_days_between(test::d("2024-03-04"), test::d("2024-03-18")) == 10);
  CHECK(cal.business_days_between(test::d("0001-01-01"), test::d("9999-12-31")) == 2502630);
}

TEST_CASE("adding many business days jumps by years and lands where a day-by-day walk does")
{
  const auto& cal = test::us_federal();
  auto walk = [&](calendar::Date d, long n) {
    const long step = n < 0 ? -1 : 1;
    for (n = std::labs(n); n > 0;) {
      d = d.plus_days(step);
      n -= cal.is_business_day(d) ? 1 : 0;
    }
    return d;
  };
  for (long n : {299L, 300L, 301L, 561L, 1000L, 26100L, -301L, -1000L, -26100L}) {
    for (auto start : {test::d("2024-01-01"), test::d("2023-12-29"), test::d("1999-07-04")}) {
      CAPTURE(n);
      CAPTURE(start.str());
      CHECK(cal.add(start, calendar::Duration{n, calendar::Unit::business_days}) == walk(start, n));
    }
  }
}

namespace {

// The search the table stands in for: this year's rules, then next year's, then last year's.
std::optional<std::string> by_search(const calendar::Calendar& cal, calendar::Date d)
{
  for (int y : {d.year(), d.year() + 1, d.year() - 1}) {
    for (const auto& rule : cal.rules()) {
      auto observed = rule.observed_in(y);
      if (observed && *observed == d) {
        auto actual = rule.actual(y);
        return actual && *actual != d ? rule.name + " (observed)" : rule.name;
      }
    }
  }
  return std::nullopt;
}

} // namespace

TEST_CASE("the table of observed days gives what searching the rules gives, on every day")
{
  // US federal, and rules that collide (two holidays on one day, a rule only in force for some
  // years, one observed into the year before), over the table's edges and beyond them.
  std::vector<calendar::HolidayRule> rules = us_federal().rules();
  calendar::HolidayRule twin = rules.front(); // a second rule on New Year's Day
  twin.name = "Founders' Day";
  rules.push_back(twin);
  calendar::HolidayRule span;
  span.name = "Jubilee";
  span.month = 12;
  span.day = 31;
  span.observed = calendar::Observed::nearest_weekday;
  span.from = 1995;
  span.until = 2056;
  rules.push_back(span);
  const calendar::Calendar cal("test", rules, {});
  for (auto day = d("1985-01-01"); day <= d("2066-12-31"); day = day.plus_days(1)) {
    const auto expected = by_search(cal, day);
    if (cal.holiday(day) != expected || cal.is_day_off(day) != expected.has_value()) {
      FAIL_CHECK(day.str());
      break;
    }
  }
  for (auto day = d("1985-01-01"); day <= d("2066-12-31"); day = day.plus_days(1)) {
    if (us_federal().holiday(day) != by_search(us_federal(), day)) {
      FAIL_CHECK(day.str());
      break;
    }
  }
}

TEST_CASE("date arithmetic that leaves 0001-01-01..9999-12-31 gives a date out of range")
{
  CHECK(Date::first() == Date::from_ymd(1, 1, 1));
  CHECK(Date::last() == Date::from_ymd(9999, 12, 31));
  const auto& cal = us_federal();
  CHECK(cal.add(d("9999-12-30"), {1, Unit::days}).in_range());
  CHECK(!cal.add(d("9999-12-31"), {1, Unit::days}).in_range());
  CHECK(!cal.add(d("0001-01-01"), {-1, Unit::days}).in_range());
  CHECK(!cal.add(d("9999-12-01"), {1, Unit::months}).in_range());
  CHECK(!cal.add(d("9999-12-01"), {30, Unit::business_days}).in_range());
  CHECK(!cal.add(d("0001-01-31"), {-30, Unit::business_days}).in_range());
  CHECK(!cal.add(d("2024-01-01"), {3'000'000, Unit::business_days}).in_range());
  CHECK(!cal.add(d("2024-01-01"), {-3'000'000, Unit::business_days}).in_range());
  CHECK(cal.add(d("2024-01-01"), {2000, Unit::business_days}).in_range());
}

TEST_CASE("a calendar with no business day: found where declared, never searched forever")
{
  std::vector<HolidayRule> every_day;
  for (unsigned m = 1; m <= 12; ++m) {
    for (unsigned k = 1; k <= 31; ++k) {
      if (auto r = parse_holiday_date(fmt::format("{:02d}-{:02d}", m, k)).rule) {
        every_day.push_back(*r);
      }
    }
  }
  const Calendar closed("closed", every_day, {});
  const auto span = closed.closed_span();
  REQUIRE(span.has_value());
  CHECK(span->second - span->first == 365);
  CHECK(!closed.add(d("2024-01-01"), {1, Unit::business_days}).in_range());
  CHECK(!closed.add(d("2024-01-01"), {400, Unit::business_days}).in_range());
  CHECK(!closed.add(d("2024-01-01"), {-1, Unit::business_days}).in_range());
  CHECK(!closed.roll_following(d("2024-01-01")).in_range());
  CHECK(!closed.roll_preceding(d("2024-01-01")).in_range());
  // A year of closures with weekends working days: closed too. And the real calendar is open.
  std::vector<Closure> closures;
  for (Date x = d("2030-01-01"); x <= d("2031-01-05"); x = x.plus_days(1)) {
    closures.push_back({x, "closed"});
  }
  const Calendar shut("shut", {}, closures, 0);
  REQUIRE(shut.closed_span().has_value());
  CHECK(shut.closed_span()->first == d("2030-01-01"));
  CHECK(!us_federal().closed_span().has_value());
}

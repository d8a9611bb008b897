// Fuzz target: calendar arithmetic as `calendar add` and `calendar between` take it. Each input
// line is "DATE DURATION" or "DATE DATE"; up to 16 lines are tried on the us-federal calendar.
#include <cstdlib>

#include <qicase/calendar/duration.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  auto input = fuzz::text(data, size);
  const auto& cal = *fuzz::us_federal();
  for (int n = 0; n < 16 && !input.empty(); ++n) {
    const auto eol = input.find('\n');
    const auto line = input.substr(0, eol);
    input = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);
    const auto space = line.find(' ');
    if (space == std::string_view::npos) {
      continue;
    }
    const auto date = calendar::parse_date(line.substr(0, space));
    const auto arg = line.substr(space + 1);
    if (!date.date) {
      continue;
    }
    if (auto other = calendar::parse_date(arg); other.date) {
      const long bd = cal.business_days_between(*date.date, *other.date);
      // add(a, between(a, b) bd) reaches b when b is a business day.
      if (cal.is_business_day(*other.date) && *other.date != *date.date
          && cal.add(*date.date, calendar::Duration{bd, calendar::Unit::business_days}) != *other.date) {
        std::abort();
      }
    } else if (auto d = calendar::parse_duration(arg, true); d.duration) {
      (void)cal.add(*date.date, *d.duration);
    }
  }
  return 0;
}

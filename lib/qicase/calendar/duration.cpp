#include <qicase/calendar/duration.hpp>

#include <array>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase::calendar {

namespace {
struct Suffix
{
  std::string_view text;
  Unit unit;
};
// Longest suffixes first so "bd" is not read as "d".
constexpr std::array<Suffix, 6> k_suffixes = {{
  {"bw", Unit::business_weeks},
  {"bd", Unit::business_days},
  {"mo", Unit::months},
  {"d", Unit::days},
  {"w", Unit::weeks},
  {"y", Unit::years},
}};
constexpr long k_max_count = 100000;
} // namespace

std::string_view unit_suffix(Unit unit)
{
  for (const auto& s : k_suffixes) {
    if (s.unit == unit) {
      return s.text;
    }
  }
  return "?";
}

std::string Duration::str() const
{
  return fmt::format("{}{}", count, unit_suffix(unit));
}

DurationParse parse_duration(std::string_view text, bool allow_negative)
{
  const std::string shown(utf8_prefix(text, 40));
  auto bad = [&] {
    return DurationParse{std::nullopt, fmt::format("`{}` is not a duration: write a whole number and a unit: "
                                                   "30d (days), 10bd (business days), 2w (weeks), 2bw "
                                                   "(business weeks), 3mo (months) or 1y (years)",
                                                   shown)};
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    if (s[0] == '-') {
      if (!allow_negative) {
        return {std::nullopt, fmt::format("`{}` is negative: a duration here counts forward "
                                          "from its date; write e.g. 30d",
                                          shown)};
      }
      negative = true;
    }
    s.remove_prefix(1);
  }
  std::size_t i = 0;
  long count = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    count = count * 10 + (s[i] - '0');
    if (count > k_max_count) {
      return {std::nullopt,
              fmt::format("`{}` is too long a duration: at most {} of a unit", shown, k_max_count)};
    }
    ++i;
  }
  if (i == 0) {
    return bad();
  }
  const std::string_view suffix = s.substr(i);
  for (const auto& candidate : k_suffixes) {
    if (suffix == candidate.text) {
      return {Duration{negative ? -count : count, candidate.unit}, {}};
    }
  }
  return bad();
}

} // namespace qicase::calendar

#include <qicase/core/number.hpp>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase {

std::optional<Hundredths> parse_hundredths(std::string_view s)
{
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 15) {
    return std::nullopt;
  }
  Hundredths whole = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
    whole = whole * 10 + (s[i] - '0');
  }
  if (i == 0) {
    return std::nullopt;
  }
  Hundredths fraction = 0;
  if (i < s.size()) {
    const auto decimals = s.substr(i + 1);
    if (decimals.empty() || decimals.size() > 2) {
      return std::nullopt;
    }
    for (char c : decimals) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      fraction = fraction * 10 + (c - '0');
    }
    if (decimals.size() == 1) {
      fraction *= 10;
    }
  }
  const Hundredths value = whole * 100 + fraction;
  return negative ? -value : value;
}

std::string format_hundredths(Hundredths value)
{
  const bool negative = value < 0;
  const Hundredths v = negative ? -value : value;
  return fmt::format("{}{}.{:02d}", negative ? "-" : "", v / 100, v % 100);
}

std::string format_percent(Hundredths value)
{
  std::string s = format_hundredths(value);
  while (s.back() == '0') {
    s.pop_back();
  }
  if (s.back() == '.') {
    s.pop_back();
  }
  return s + "%";
}

RateParse parse_rate(std::string_view text)
{
  const std::string shown(utf8_prefix(text, 40));
  std::string_view s = text;
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  if (!s.empty() && s.back() == '%') {
    s.remove_suffix(1);
  }
  auto value = parse_hundredths(s);
  if (!value) {
    return {std::nullopt, fmt::format("`{}` is not a rate: write a percentage such as 71.43% "
                                      "(at most two decimals) or a number from 0 to 100",
                                      shown)};
  }
  if (*value < 0 || *value > 10000) {
    return {std::nullopt, fmt::format("`{}` is not a rate: a percentage is from 0 to 100", shown)};
  }
  return {value, {}};
}

} // namespace qicase

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qicase {

// Exact decimals in integer hundredths: "71.43" -> 7143. No floating point anywhere in scoring.
using Hundredths = std::int64_t;

// Digits with an optional '.' and at most two decimals; an optional leading '-'.
std::optional<Hundredths> parse_hundredths(std::string_view text);
// 7143 -> "71.43", -5 -> "-0.05"
std::string format_hundredths(Hundredths value);

// A percentage as people write it: 9200 -> "92%", 8950 -> "89.5%", 6405 -> "64.05%".
std::string format_percent(Hundredths value);

struct RateParse
{
  std::optional<Hundredths> rate; // percent in hundredths: 71.43% -> 7143
  std::string error;
};

// Spec "Rates": `71.43%` or a bare number from 0 to 100.
RateParse parse_rate(std::string_view text);

} // namespace qicase

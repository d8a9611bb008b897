#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace qicase {

// An enum class counted from 0, each value with one name in a table beside it: a status as the
// reports write it ("awaiting-response"). Code compares the values; only output shows the names.
template <class E, std::size_t N>
constexpr std::string_view name_of(E value, const std::string_view (&names)[N])
{
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view();
}

template <class E, std::size_t N>
constexpr std::optional<E> value_named(std::string_view name, const std::string_view (&names)[N])
{
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

} // namespace qicase

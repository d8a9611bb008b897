#pragma once

// The packed form of a tree: written by yaml::parse_packed (the loader), read by yaml::unpack.
// A node is one byte (its Type, and 4 when quoted), its line and column as unsigned LEB128,
// then a scalar's length and bytes, or a sequence's item count and items, or a mapping's entry
// count and, per entry, the key's length, bytes, line and column, then the value. Counts are
// padded LEB128 (k_count_bytes, 0x80 continuation bytes), which the reader accepts: the loader
// writes a container's count before it knows it and fills it in at its end. Positions are
// never negative (0 is "no position").

#include <cstddef>
#include <string>
#include <string_view>

#include <qicase/core/diagnostics.hpp>

namespace qicase::yaml::packed {

inline void put(std::string& out, std::size_t n)
{
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7F) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

inline void put_text(std::string& out, std::string_view s)
{
  put(out, s.size());
  out.append(s);
}

inline void put_mark(std::string& out, Mark m)
{
  put(out, static_cast<std::size_t>(m.line));
  put(out, static_cast<std::size_t>(m.column));
}

// A count written as three padded LEB128 bytes at `at` (counts stay below 2^21).
constexpr std::size_t k_count_bytes = 3;
constexpr std::size_t k_max_count = (std::size_t{1} << 21) - 1;
inline void patch_count(std::string& out, std::size_t at, std::size_t n)
{
  out[at] = static_cast<char>(0x80 | (n & 0x7F));
  out[at + 1] = static_cast<char>(0x80 | ((n >> 7) & 0x7F));
  out[at + 2] = static_cast<char>((n >> 14) & 0x7F);
}

// Reads one LEB128 number at `at`, moving past it.
inline std::size_t get(std::string_view in, std::size_t& at)
{
  std::size_t n = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto b = static_cast<unsigned char>(in[at++]);
    n |= static_cast<std::size_t>(b & 0x7Fu) << shift;
    if ((b & 0x80u) == 0) {
      return n;
    }
  }
}

} // namespace qicase::yaml::packed

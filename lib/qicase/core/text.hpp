#pragma once

#include <string>
#include <string_view>

#include <qicase/core/diagnostics.hpp>

namespace qicase {

// A markdown table cell: '|' escaped, newlines folded, "-" for empty.
std::string markdown_cell(std::string_view s);
// ASCII lower case (other bytes, such as UTF-8 sequences, as they are), for comparing words.
std::string lower(std::string_view s);
// The line and column (1-based; columns count characters, not bytes) of byte `offset`.
Mark position_at(std::string_view text, std::size_t offset);
// Offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included),
// or npos.
std::size_t invalid_utf8(std::string_view s);
// An RFC 4180 CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view s);
// `s` without the leading and trailing characters of `chars`.
std::string_view trim(std::string_view s, std::string_view chars = " ");
// At most `max` bytes of `s`, cut before a UTF-8 sequence rather than through it: user text
// quoted in a message stays valid UTF-8.
std::string_view utf8_prefix(std::string_view s, std::size_t max);
// `s` as is when it fits in `max` bytes, else its first bytes and "..." within `max` (just
// "..." when `max` is under 3).
std::string clip(std::string_view s, std::size_t max);

} // namespace qicase

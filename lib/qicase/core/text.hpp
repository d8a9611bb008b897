#pragma once

#include <string>
#include <string_view>

namespace qicase {

// A markdown table cell: '|' escaped, newlines folded, "-" for empty.
std::string markdown_cell(std::string_view s);
// ASCII lower case (other bytes, such as UTF-8 sequences, as they are), for comparing words.
std::string lower(std::string_view s);
// Offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included),
// or npos.
std::size_t invalid_utf8(std::string_view s);
// An RFC 4180 CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view s);

} // namespace qicase

#pragma once

#include <string>
#include <string_view>

#include <qicase/core/diagnostics.hpp>

namespace qicase {

// Case text in markdown: `<` as `&lt;`, and `&` as `&amp;` where it would begin a character
// reference (a rendered report shows case text but never runs it as HTML), `|` escaped (safe
// in a table), line breaks folded to spaces.
std::string markdown_text(std::string_view s);
// A markdown table cell: markdown_text(), "-" for empty.
std::string markdown_cell(std::string_view s);
// A value that may be missing, for a text report: "-" for empty.
std::string or_dash(std::string s);
// A markdown code span of `s`: fenced with more backticks than any run inside it, line breaks
// folded, so that no text can end the span early.
std::string markdown_code(std::string_view s);
// Text for a terminal: C0 controls (all but tab and line feed; a carriage return only where it
// ends a line before its line feed) and DEL as `\xNN`, C1 controls (U+0080-U+009F) and the
// bidirectional controls (U+202A-U+202E, U+2066-U+2069) as `\uXXXX`, and bytes that are not
// UTF-8 as `\xNN`: case text can neither move the cursor, retitle the window, clear the
// screen, nor reorder a line. JSON stays the same JSON (`\u` escapes are JSON's own).
std::string escape_controls(std::string_view s);
// Whether escape_controls() would give `s` back as it is, and nothing in it waits for a next
// piece (no CR or incomplete UTF-8 sequence at its end): a stream can pass it on without a copy.
bool terminal_safe(std::string_view s);
// `s` as valid UTF-8: each byte that begins no valid sequence is read as the Latin-1 character
// it names (yaml-cpp decodes the escapes `\N` and `\_` of double-quoted YAML to the bytes 0x85
// and 0xA0, which mean U+0085 and U+00A0).
std::string repair_utf8(std::string_view s);
// The same, for a stream written in pieces: appends the escaped form of `in` to `out` and
// returns how many bytes of `in` it took. Unless `last`, it stops before a carriage return or
// an incomplete UTF-8 sequence at the end of `in`, which the next piece decides.
std::size_t escape_controls_to(std::string& out, std::string_view in, bool last);
// XML 1.0 character data: the five entities, and every character XML cannot carry (C0 other
// than tab, LF and CR; U+FFFE, U+FFFF; bytes that are not UTF-8) written visibly as `\xNN` or
// `\uXXXX`, so a report's parser never rejects it and the reader still sees what was there.
std::string xml_text(std::string_view s);
// ASCII lower case (other bytes, such as UTF-8 sequences, as they are), for comparing words.
std::string lower(std::string_view s);
// The line and column (1-based; columns count characters, not bytes) of byte `offset`.
Mark position_at(std::string_view text, std::size_t offset);
// Offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included),
// or npos.
std::size_t invalid_utf8(std::string_view s);
// An RFC 4180 CSV field: quoted when it holds a comma, quote or line break. A field that a
// spreadsheet would evaluate (it begins with `=`, `+`, `-`, `@`, tab or carriage return) gets a
// leading `'`, as OWASP recommends, unless it is a plain number such as `-9`.
std::string csv_field(std::string_view s);
// Eight hex digits of `s`'s FNV-1a hash: a short name for a text that has no id of its own (an
// action in a list), the same on every machine and run, and not moved by the list's order.
std::string short_hash(std::string_view s);
// `s` without the leading and trailing characters of `chars`.
std::string_view trim(std::string_view s, std::string_view chars = " ");
// At most `max` bytes of `s`, cut before a UTF-8 sequence rather than through it: user text
// quoted in a message stays valid UTF-8.
std::string_view utf8_prefix(std::string_view s, std::size_t max);
// `s` as is when it fits in `max` bytes, else its first bytes and "..." within `max` (just
// "..." when `max` is under 3).
std::string clip(std::string_view s, std::size_t max);

} // namespace qicase

#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <qicase/core/diagnostics.hpp>

namespace qicase {

// Case text in markdown: `<` as `&lt;`, and `&` as `&amp;` where it would begin a character
// reference (a rendered report shows case text but never runs it as HTML), `|` escaped (safe
// in a table), `[` and `]` escaped (no link or image: `[x](javascript:...)`, `![](https://...)`),
// line breaks folded to spaces.
std::string markdown_text(std::string_view s);
// A markdown table cell: markdown_text(), "-" for empty.
std::string markdown_cell(std::string_view s);
// A value that may be missing, for a text report: "-" for empty.
std::string or_dash(std::string s);
// The output vocabulary of text, markdown and HTML: a value the case leaves empty is "-"
// (or_dash, markdown_cell), one that cannot be known because what it rests on could not be read
// (a QCAR's notice, a rubric) is "unknown", a flag is "yes" or "no". CSV writes an unknown as an
// empty cell and a flag as true or false; JSON as null and true or false.
inline constexpr std::string_view k_unknown = "unknown";
// A goal not judged yet (an action plan's final stage not in), in every format.
inline constexpr std::string_view k_not_yet = "not yet";
// "yes", "no", or `unknown` (k_unknown; an action plan's goal not yet judged says "not yet").
std::string_view yes_no(std::optional<bool> b, std::string_view unknown = k_unknown);
// `text` (a date's, a figure's), or k_unknown when it is empty.
std::string or_unknown(std::string text);
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
// escape_controls(), and a line feed or carriage return inside the text shown as `\n` or `\r`:
// case text quoted on one line of a diagnostic (a key, a value, a path) stays on that line.
std::string escape_line(std::string_view s);
// Only the line feeds and carriage returns of `s` as `\n` and `\r`.
std::string escape_line_breaks(std::string_view s);

// CI logs read some lines as commands: a GitHub Actions runner obeys a line of a step's output
// that begins with `::` (`::error ...::`, `::add-mask::`, `::stop-commands::`) and `##[cmd]`
// anywhere in a line. A stream of qicase's output passes through one of these, which writes the
// second `:` of a line's leading `::` and the second `#` of `##[` escaped in the form of the
// output's format, so no case text becomes a command; only the `github` format's own annotations
// (whose case text is %-escaped and holds no line break) may begin a line with `::`.
class WorkflowGuard
{
public:
  enum class Style {
    text,   // `\x3a`, `\x23`: text, CSV, diagnostics
    json,   // `\u0023` (inside a JSON string, where `##[` can only be): the same JSON
    markup, // `&#58;`, `&#35;`: XML (JUnit), HTML, markdown
    ical,   // `\\x3a`, `\\x23`: an iCalendar text's escaped backslash, then x3a or x23
  };
  WorkflowGuard(Style style = Style::text, bool own_annotations = false)
    : m_style(style), m_own_annotations(own_annotations)
  {}
  void set(Style style, bool own_annotations)
  {
    m_style = style;
    m_own_annotations = own_annotations;
  }
  // Appends `in`, guarded, to `out`; what the next piece decides (a `:` that begins a line, a run
  // of `#`) waits until it comes or end().
  void feed(std::string_view in, std::string& out);
  void end(std::string& out);
  // Whether feed() would pass `in` on unchanged with nothing waiting: the stream's fast path,
  // which then writes `in` itself (the guard counts it as fed).
  bool passes(std::string_view in);

private:
  void escaped(char c, std::string& out) const;
  Style m_style;
  bool m_own_annotations;
  bool m_line_start = true;
  bool m_colon = false;     // a `:` that began the line, held
  std::size_t m_hashes = 0; // a run of `#`, held
};

// XML 1.0 character data: the five entities, and every character XML cannot carry (C0 other
// than tab, LF and CR; U+FFFE, U+FFFF; bytes that are not UTF-8) written visibly as `\xNN` or
// `\uXXXX`, so a report's parser never rejects it and the reader still sees what was there.
std::string xml_text(std::string_view s);
// `path` as a URI's path: letters, digits and `-._~/` as they are, every other byte `%XX` (a
// report's link to a case file, a language server's file:// URI).
std::string uri_path(std::string_view path);
// ASCII lower case (other bytes, such as UTF-8 sequences, as they are), for comparing words.
std::string lower(std::string_view s);
// The line and column (1-based; columns count characters, not bytes) of byte `offset`.
Mark position_at(std::string_view text, std::size_t offset);
// Offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included),
// or npos.
std::size_t invalid_utf8(std::string_view s);
// An RFC 4180 CSV field: quoted when it holds a comma or quote; a line break inside it is
// written `\n` (`\r`), so every record is one line. A field that a
// spreadsheet would evaluate (it begins with `=`, `+`, `-`, `@`, tab or carriage return) gets a
// leading `'`, as OWASP recommends, unless it is a plain number such as `-9`.
std::string csv_field(std::string_view s);
// Eight hex digits of `s`'s FNV-1a hash: a short name for a text that has no id of its own (an
// action in a list), the same on every machine and run, and not moved by the list's order.
std::string short_hash(std::string_view s);
// `s` without the leading and trailing characters of `chars`.
std::string_view trim(std::string_view s, std::string_view chars = " ");
// The value of a hex digit (either case), or -1.
int hex_digit(char c);
// `hex` (an even number of hex digits) as bytes into `out`, which holds hex.size() / 2 of them;
// false, `out` unspecified, for anything else.
bool hex_bytes(std::string_view hex, std::span<unsigned char> out);
// At most `max` bytes of `s`, cut before a UTF-8 sequence rather than through it: user text
// quoted in a message stays valid UTF-8.
std::string_view utf8_prefix(std::string_view s, std::size_t max);
// `s` as is when it fits in `max` bytes, else its first bytes and "..." within `max` (just
// "..." when `max` is under 3).
std::string clip(std::string_view s, std::size_t max);

} // namespace qicase

#include <qicase/core/text.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace qicase {

std::string lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {

// The UTF-8 sequence at `i`: its length and code point; 0 when the byte there does not begin a
// valid sequence (overlong forms, surrogates and values past U+10FFFF included); `incomplete`
// when the text ends inside a sequence that could still be valid.
struct Utf8
{
  std::size_t length = 0;
  std::uint32_t cp = 0;
  bool incomplete = false;
};

Utf8 decode(std::string_view s, std::size_t i)
{
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    return {1, c, false};
  }
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return {};
  }
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= s.size()) {
      return {0, 0, true};
    }
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      return {};
    }
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF
      || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {};
  }
  return {len, cp, false};
}

void hex_byte(std::string& out, unsigned char c)
{
  constexpr std::string_view digits = "0123456789abcdef";
  out += "\\x";
  out += digits[c >> 4];
  out += digits[c & 0xF];
}

void hex_cp(std::string& out, std::uint32_t cp)
{
  constexpr std::string_view digits = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) {
    out += digits[(cp >> shift) & 0xF];
  }
}

bool bidi_control(std::uint32_t cp)
{
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool c1_or_bidi(std::uint32_t cp)
{
  return (cp >= 0x80 && cp <= 0x9F) || bidi_control(cp);
}

bool not_xml(std::uint32_t cp)
{
  return cp == 0xFFFE || cp == 0xFFFF;
}

bool none(std::uint32_t)
{
  return false;
}

// What to write for a byte that begins no valid UTF-8 sequence.
enum class Stray { hex, latin1 };

// The character of `s` at `i` appended to `out`: as it is, as `\uXXXX` when `shown(cp)`, or,
// for a byte that begins no valid sequence, as `\xNN` or as the Latin-1 character it names.
// Returns how many bytes it took.
std::size_t put_char(std::string& out, std::string_view s, std::size_t i, bool (*shown)(std::uint32_t),
                     Stray stray)
{
  const auto u = decode(s, i);
  if (u.length == 0) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (stray == Stray::hex) {
      hex_byte(out, c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return 1;
  }
  if (shown(u.cp)) {
    hex_cp(out, u.cp);
  } else {
    out.append(s.substr(i, u.length));
  }
  return u.length;
}

} // namespace

namespace {

// `&` at `i` would begin a character reference (`&lt;`, `&#60;`): "P&Ps" and "A & B" would not.
bool entity_at(std::string_view s, std::size_t i)
{
  std::size_t k = i + 1;
  while (k < s.size() && k - i <= 32 && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '#')) {
    ++k;
  }
  return k > i + 1 && k < s.size() && s[k] == ';';
}

} // namespace

std::string markdown_text(std::string_view s)
{
  // No tag, comment or autolink can begin without `<`; `>` alone is text (and never starts a
  // line here, so never a quote). Escaping only these keeps ">= 95%" and "P&Ps" readable.
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
    case '|': out += "\\|"; break;
    // No link or image (`[x](javascript:...)`, `![](https://...)`) can be made of case text.
    case '[': out += "\\["; break;
    case ']': out += "\\]"; break;
    case '<': out += "&lt;"; break;
    case '&': out += entity_at(s, i) ? "&amp;" : "&"; break;
    case '\n':
    case '\r': out += ' '; break;
    default: out += c;
    }
  }
  return out;
}

std::string markdown_cell(std::string_view s)
{
  return s.empty() ? std::string("-") : markdown_text(s);
}

std::string_view yes_no(std::optional<bool> b, std::string_view unknown)
{
  return !b ? unknown : *b ? "yes" : "no";
}

std::string or_unknown(std::string text)
{
  return text.empty() ? std::string(k_unknown) : text;
}

std::string or_dash(std::string s)
{
  return s.empty() ? std::string("-") : s;
}

std::string markdown_code(std::string_view s)
{
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  // A span that begins or ends with a backtick needs a space inside its fence (CommonMark 6.1).
  const bool pad = !s.empty() && (s.front() == '`' || s.back() == '`');
  std::string out = fence + (pad ? " " : "");
  for (char c : s) {
    out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return out + (pad ? " " : "") + fence;
}

std::size_t escape_controls_to(std::string& out, std::string_view in, bool last)
{
  std::size_t i = 0;
  const auto n = in.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c >= 0x20 && c < 0x7F) {
      const auto start = i;
      while (i < n && static_cast<unsigned char>(in[i]) >= 0x20 && static_cast<unsigned char>(in[i]) < 0x7F) {
        ++i;
      }
      out.append(in.substr(start, i - start));
      continue;
    }
    if (c == '\n' || c == '\t') {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '\r') {
      if (i + 1 == n && !last) {
        return i; // a line ending, or not: the next piece says
      }
      if (i + 1 < n && in[i + 1] == '\n') {
        out += "\r\n";
        i += 2;
      } else {
        hex_byte(out, c);
        ++i;
      }
      continue;
    }
    if (c < 0x80) { // the other C0 controls, DEL
      hex_byte(out, c);
      ++i;
      continue;
    }
    if (!last && decode(in, i).incomplete) {
      return i;
    }
    i += put_char(out, in, i, c1_or_bidi, Stray::hex);
  }
  return n;
}

std::string repair_utf8(std::string_view s)
{
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    i += put_char(out, s, i, none, Stray::latin1);
  }
  return out;
}

bool terminal_safe(std::string_view s)
{
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
      ++i;
      continue;
    }
    if (c < 0x80) {
      return false; // a control (a CR too: whether it ends a line is decided by the filter)
    }
    const auto u = decode(s, i);
    if (u.length == 0 || c1_or_bidi(u.cp)) {
      return false;
    }
    i += u.length;
  }
  return true;
}

std::string escape_controls(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  escape_controls_to(out, s, true);
  return out;
}

std::string escape_line_breaks(std::string_view s)
{
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_line(std::string_view s)
{
  auto shown = escape_controls(s);
  return shown.find_first_of("\n\r") == std::string::npos ? shown : escape_line_breaks(shown);
}

void WorkflowGuard::escaped(char c, std::string& out) const
{
  switch (m_style) {
  case Style::json: out += c == '#' ? "\\u0023" : "\\u003a"; return;
  case Style::markup: out += c == '#' ? "&#35;" : "&#58;"; return;
  case Style::ical: out += '\\'; [[fallthrough]];
  case Style::text: out += c == '#' ? "\\x23" : "\\x3a"; return;
  }
}

bool WorkflowGuard::passes(std::string_view in)
{
  if (m_colon || m_hashes > 0 || in.empty()) {
    return in.empty() && !m_colon && m_hashes == 0;
  }
  // No `#` at all, and no line (this piece's first, if a line starts there) that begins with `:`
  // or ends the piece, where the next piece could begin a `::`.
  if (in.find('#') != std::string_view::npos || (m_line_start && in.front() == ':') || in.back() == '\n') {
    return false;
  }
  for (auto at = in.find('\n'); at != std::string_view::npos; at = in.find('\n', at + 1)) {
    if (in[at + 1] == ':') {
      return false;
    }
  }
  m_line_start = false; // the piece does not end a line
  return true;
}

void WorkflowGuard::feed(std::string_view in, std::string& out)
{
  for (char c : in) {
    if (m_colon) { // the line began with `:`
      m_colon = false;
      m_line_start = false;
      if (c == ':' && !m_own_annotations) {
        out += ':';
        escaped(':', out); // `::` -> `:\x3a`: the line no longer begins with `::`
        continue;
      }
      out += ':';
    }
    if (c == '#') {
      ++m_hashes;
      m_line_start = false;
      continue;
    }
    if (m_hashes > 0) {
      if (c == '[' && m_hashes >= 2) {
        out.append(m_hashes - 1, '#');
        escaped('#', out);
      } else {
        out.append(m_hashes, '#');
      }
      m_hashes = 0;
    }
    if (c == ':' && m_line_start) {
      m_colon = true;
      continue;
    }
    out += c;
    m_line_start = c == '\n';
  }
}

void WorkflowGuard::end(std::string& out)
{
  if (m_colon) {
    out += ':';
  }
  out.append(m_hashes, '#');
  m_colon = false;
  m_hashes = 0;
  m_line_start = true;
}

std::string uri_path(std::string_view path)
{
  std::string out;
  out.reserve(path.size());
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      constexpr std::string_view digits = "0123456789ABCDEF";
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0xF];
    }
  }
  return out;
}

std::string xml_text(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '&':
      out += "&amp;";
      ++i;
      continue;
    case '<':
      out += "&lt;";
      ++i;
      continue;
    case '>':
      out += "&gt;";
      ++i;
      continue;
    case '"':
      out += "&quot;";
      ++i;
      continue;
    case '\'':
      out += "&apos;";
      ++i;
      continue;
    case '\t':
    case '\n':
    case '\r':
      out += static_cast<char>(c);
      ++i;
      continue;
    default: break;
    }
    if (c < 0x20) {
      hex_byte(out, c);
      ++i;
      continue;
    }
    i += put_char(out, s, i, not_xml, Stray::hex);
  }
  return out;
}

namespace {

// A number a spreadsheet reads as a number and nothing else: [+-]digits[.digits].
bool plain_number(std::string_view s)
{
  std::size_t i = s.empty() || (s[0] != '-' && s[0] != '+') ? 0 : 1;
  const auto digits = [&] {
    const auto start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
    }
    return i > start;
  };
  if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) {
      return false;
    }
  }
  return i == s.size();
}

} // namespace

std::string csv_field(std::string_view text)
{
  // One record a line: a line break inside case text is shown as `\n` (a CI log reads CSV line
  // by line, and a line of case text must not begin a command there; WorkflowGuard).
  std::string lines;
  if (text.find_first_of("\n\r") != std::string_view::npos) {
    lines = escape_line_breaks(text);
    text = lines;
  }
  const std::string_view s = text;
  // OWASP "CSV Injection": a cell a spreadsheet would run as a formula starts with a quote.
  const bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos
                       && !plain_number(s);
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    return formula ? "'" + std::string(s) : std::string(s);
  }
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string short_hash(std::string_view s)
{
  std::uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out(8, '0');
  for (int k = 7; k >= 0; --k, h >>= 4) {
    out[static_cast<std::size_t>(k)] = digits[h & 0xF];
  }
  return out;
}

int hex_digit(char c)
{
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

bool hex_bytes(std::string_view hex, std::span<unsigned char> out)
{
  if (hex.size() != 2 * out.size()) {
    return false;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

std::string_view trim(std::string_view s, std::string_view chars)
{
  const auto first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

std::string_view utf8_prefix(std::string_view s, std::size_t max)
{
  if (s.size() <= max) {
    return s;
  }
  std::size_t end = max;
  // Back off continuation bytes (10xxxxxx) so the cut falls before a sequence's lead byte.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
    --end;
  }
  return s.substr(0, end);
}

std::string clip(std::string_view s, std::size_t max)
{
  if (s.size() <= max) {
    return std::string(s);
  }
  return std::string(utf8_prefix(s, max < 3 ? 0 : max - 3)) + "...";
}

Mark position_at(std::string_view text, std::size_t offset)
{
  Mark mark{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++mark.line;
      mark.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++mark.column;
    }
  }
  return mark;
}

std::size_t invalid_utf8(std::string_view s)
{
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { // every file is checked: ASCII stays quick
      ++i;
      continue;
    }
    const auto u = decode(s, i); // an incomplete sequence at the end is invalid here
    if (u.length == 0) {
      return i;
    }
    i += u.length;
  }
  return std::string_view::npos;
}

} // namespace qicase

#include <qicase/lsp/position.hpp>

#include <algorithm>

namespace qicase::lsp {

std::string_view line_at(std::string_view text, std::size_t line)
{
  std::size_t at = 0;
  for (std::size_t i = 0; i < line; ++i) {
    const auto end = text.find('\n', at);
    if (end == std::string_view::npos) {
      return {};
    }
    at = end + 1;
  }
  auto end = text.find('\n', at);
  auto s = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
  if (!s.empty() && s.back() == '\r') {
    s.remove_suffix(1);
  }
  return s;
}

std::size_t units(std::string_view s, Encoding encoding)
{
  if (encoding == Encoding::utf8) {
    return s.size();
  }
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 1;
    bool whole = i + len <= s.size();
    for (std::size_t k = 1; whole && k < len; ++k) {
      whole = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    }
    if (!whole) {
      ++n; // a malformed byte: one unit, as U+FFFD
      ++i;
      continue;
    }
    n += len == 4 ? 2 : 1; // beyond U+FFFF: a surrogate pair
    i += len;
  }
  return n;
}

std::size_t byte_of(std::string_view line, std::size_t units_wanted, Encoding encoding)
{
  if (encoding == Encoding::utf8) {
    return std::min(units_wanted, line.size());
  }
  std::size_t counted = 0;
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > line.size()) {
      len = 1;
    }
    const auto width = units(line.substr(i, len), encoding);
    if (counted + width > units_wanted) {
      return i;
    }
    counted += width;
    i += len;
  }
  return line.size();
}

Range range_of(std::string_view text, Mark mark, Encoding encoding)
{
  const std::size_t line = mark.line > 0 ? static_cast<std::size_t>(mark.line - 1) : 0;
  const auto s = line_at(text, line);
  auto content = s;
  while (!content.empty() && (content.back() == ' ' || content.back() == '\t')) {
    content.remove_suffix(1);
  }
  const std::size_t byte = mark.column > 0 ? static_cast<std::size_t>(mark.column - 1) : 0;
  const auto start = units(s.substr(0, std::min(byte, content.size())), encoding);
  const auto end = std::max(start, units(content, encoding));
  return {{line, start}, {line, end}};
}

} // namespace qicase::lsp

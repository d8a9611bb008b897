#include <doctest/doctest.h>

#include <qicase/lsp/position.hpp>

using namespace qicase;
using lsp::Encoding;

TEST_CASE("lsp: columns count UTF-16 code units, or bytes when the client takes UTF-8")
{
  CHECK(lsp::units("abc", Encoding::utf16) == 3);
  CHECK(lsp::units("\xE2\x89\xA5", Encoding::utf16) == 1);     // U+2265, three bytes
  CHECK(lsp::units("\xF0\x9F\x98\x80", Encoding::utf16) == 2); // U+1F600: a surrogate pair
  CHECK(lsp::units("\xF0\x9F\x98\x80", Encoding::utf8) == 4);
  CHECK(lsp::units("\xC3", Encoding::utf16) == 1);     // cut short: one unit
  CHECK(lsp::units("\xFF\xFE", Encoding::utf16) == 2); // not UTF-8: one unit a byte
}

TEST_CASE("lsp: a diagnostic after a wide character lands on its column")
{
  // `filed` at byte column 47 (1-based) of the third line: after "é" twice and "≥" (7 bytes, 3
  // characters), at UTF-16 column 42 (0-based).
  const std::string text =
    "kind: notice\nid: N-1\ncontest: {allowed: true, x: \"\xC3\xA9\xC3\xA9\xE2\x89\xA5\", "
    "filed: 2024-99-01}  \n";
  const auto r = lsp::range_of(text, {3, 47}, Encoding::utf16);
  CHECK(r.start.line == 2);
  CHECK(r.start.character == 42);
  CHECK(r.end.line == 2);
  CHECK(r.end.character == 53); // the end of the line, its trailing blanks left out
  CHECK(lsp::range_of(text, {3, 47}, Encoding::utf8).start.character == 46);
  // An emoji before the mark counts two.
  const auto e = lsp::range_of("a: \xF0\x9F\x98\x80 b\n", {1, 9}, Encoding::utf16);
  CHECK(e.start.character == 6);
}

TEST_CASE("lsp: the whole file's mark, a line past the end and CRLF line ends")
{
  CHECK(lsp::range_of("kind: qcar\r\nid: Q\r\n", {0, 0}, Encoding::utf16).end.character == 10);
  CHECK(lsp::line_at("a\r\nb\r\n", 1) == "b");
  CHECK(lsp::line_at("a\nb", 5).empty());
  const auto past = lsp::range_of("a\n", {9, 4}, Encoding::utf16);
  CHECK(past.start.line == 8);
  CHECK(past.start.character == 0);
  CHECK(lsp::range_of("ab\n", {1, 40}, Encoding::utf16).start.character == 2);
}

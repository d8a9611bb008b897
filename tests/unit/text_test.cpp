#include <doctest/doctest.h>

#include <qicase/core/text.hpp>

using namespace qicase;

TEST_CASE("trim drops the given characters at both ends only")
{
  CHECK(trim("  a b  ") == "a b");
  CHECK(trim("   ") == "");
  CHECK(trim("") == "");
  CHECK(trim(" cell\r", " \r") == "cell");
  CHECK(trim(" cell\r") == "cell\r"); // only spaces by default
  CHECK(trim("fatal: no\n", " \n") == "fatal: no");
}

TEST_CASE("utf8_prefix and clip never cut through a UTF-8 sequence")
{
  CHECK(utf8_prefix("abcdef", 4) == "abcd");
  CHECK(utf8_prefix("abc", 40) == "abc");
  // "≥" is 3 bytes (E2 89 A5) at bytes 2-4: a cut at 3 or 4 falls back to 2.
  const std::string text = "a ≥ 90%";
  CHECK(utf8_prefix(text, 3) == "a ");
  CHECK(utf8_prefix(text, 4) == "a ");
  CHECK(utf8_prefix(text, 5) == "a ≥");
  CHECK(invalid_utf8(utf8_prefix(text, 3)) == std::string_view::npos);
  CHECK(clip("short", 10) == "short");
  CHECK(clip("0123456789abc", 10) == "0123456...");
  CHECK(clip("ab≥≥≥≥", 8) == "ab≥...");     // 5 bytes of text: "ab" and one whole ≥
  CHECK(clip("ab≥≥≥≥", 7) == "ab...");      // 4 bytes would end inside the first ≥
  CHECK(clip("abcdef", 2) == "...");         // no room for text
}

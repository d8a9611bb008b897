#include <array>
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
  CHECK(clip("ab≥≥≥≥", 8) == "ab≥..."); // 5 bytes of text: "ab" and one whole ≥
  CHECK(clip("ab≥≥≥≥", 7) == "ab...");  // 4 bytes would end inside the first ≥
  CHECK(clip("abcdef", 2) == "...");    // no room for text
}

TEST_CASE("escape_controls shows what would drive a terminal and keeps the rest")
{
  CHECK(escape_controls("plain ≥ 90% text\ttab\n") == "plain ≥ 90% text\ttab\n");
  CHECK(escape_controls("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07");
  CHECK(escape_controls("\x1b[2J") == "\\x1b[2J");
  CHECK(escape_controls("a\r\nb") == "a\r\nb"); // a CRLF line end stays
  CHECK(escape_controls("a\rb") == "a\\x0db");  // a bare CR would overwrite the line
  CHECK(escape_controls("a\r") == "a\\x0d");
  CHECK(escape_controls("\x7f") == "\\x7f");
  CHECK(escape_controls("\xc2\x85") == "\\u0085"); // C1: NEL
  CHECK(escape_controls("\xc2\x9b"
                        "2J")
        == "\\u009b2J"); // C1: CSI
  CHECK(escape_controls("\xe2\x80\xae"
                        "evil")
        == "\\u202eevil");
  CHECK(escape_controls("\xff") == "\\xff");              // not UTF-8
  CHECK(escape_controls("\"\\u0085\"") == "\"\\u0085\""); // JSON's own escapes pass as they are
}

TEST_CASE("escape_controls_to leaves a split CR or UTF-8 sequence to the next piece")
{
  std::string out;
  CHECK(escape_controls_to(out, "a\r", false) == 1);
  CHECK(out == "a");
  out.clear();
  CHECK(escape_controls_to(out, "\r\n", false) == 2);
  CHECK(out == "\r\n");
  out.clear();
  CHECK(escape_controls_to(out, "x\xe2\x80", false) == 1); // ≥ or U+202E: not known yet
  CHECK(escape_controls_to(out, "\xe2\x80", true) == 2);
  CHECK(out == "x\\xe2\\x80");
}

TEST_CASE("csv_field neutralises formulas but keeps numbers")
{
  CHECK(csv_field("=HYPERLINK(\"http://evil.example\",\"x\")")
        == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
  CHECK(csv_field("+cmd") == "'+cmd");
  CHECK(csv_field("-2+3") == "'-2+3");
  CHECK(csv_field("@SUM(1)") == "'@SUM(1)");
  CHECK(csv_field("\tx") == "'\tx");
  CHECK(csv_field("\rx") == "\\rx"); // a line break is shown, and begins no formula
  CHECK(csv_field("-9") == "-9");
  CHECK(csv_field("+12.50") == "+12.50");
  CHECK(csv_field("-") == "'-");
  CHECK(csv_field("a=b") == "a=b");
  CHECK(csv_field(">= 95%") == ">= 95%");
}

TEST_CASE("markdown text, cells and code spans carry no HTML and cannot be closed early")
{
  CHECK(markdown_text("<script>alert(1)</script> & <img src=x onerror=y>")
        == "&lt;script>alert(1)&lt;/script> & &lt;img src=x onerror=y>");
  CHECK(markdown_text("P&Ps, >= 95%, &lt;b&gt; &#60;") == "P&Ps, >= 95%, &amp;lt;b&amp;gt; &amp;#60;");
  CHECK(markdown_cell("a|b\nc") == "a\\|b c");
  // No link or image from case text.
  CHECK(markdown_text("[x](javascript:alert(1)) ![](https://t.example/p.png)")
        == "\\[x\\](javascript:alert(1)) !\\[\\](https://t.example/p.png)");
  CHECK(markdown_cell("") == "-");
  CHECK(or_dash("") == "-"); // a text report shows a missing value as markdown does
  CHECK(or_dash("a|b") == "a|b");
  CHECK(markdown_code("a.yaml:1:2") == "`a.yaml:1:2`");
  CHECK(markdown_code("a`b") == "``a`b``");
  CHECK(markdown_code("`x") == "`` `x ``");
}

TEST_CASE("xml_text writes every character XML 1.0 cannot carry visibly")
{
  CHECK(xml_text("a<b & \"c\" 'd'") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;");
  CHECK(xml_text("\x01\x08\x0b\x0c") == "\\x01\\x08\\x0b\\x0c");
  CHECK(xml_text("tab\tline\ncr\r") == "tab\tline\ncr\r");
  CHECK(xml_text("\xef\xbf\xbe \xef\xbf\xbf") == "\\ufffe \\uffff");
  CHECK(xml_text("\xff ok ≥") == "\\xff ok ≥");
}

TEST_CASE("terminal_safe is true exactly where escape_controls changes nothing")
{
  for (const char* s : {"plain ≥ 90%\n\tx", "a\x1b[2J", "a\r\n", "a\r", "\xc2\x85", "\xe2\x80\xae", "\xff",
                        "x\xe2\x80", "", "ok"}) {
    const std::string text = s;
    CAPTURE(text);
    if (terminal_safe(text)) {
      CHECK(escape_controls(text) == text);
      std::string piece;
      CHECK(escape_controls_to(piece, text, false) == text.size()); // nothing waits
    }
  }
  CHECK(terminal_safe("plain ≥ 90%\n\tx"));
  CHECK_FALSE(terminal_safe("a\r\n")); // CRLF is kept, but the filter decides it
  CHECK_FALSE(terminal_safe("\xc2\x85"));
  CHECK_FALSE(terminal_safe("x\xe2\x80"));
}

#include <qicase/core/sha256.hpp>

TEST_CASE("sha256: FIPS 180-4 test vectors, streamed in any pieces")
{
  CHECK(qicase::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(qicase::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(qicase::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string million(1000000, 'a');
  CHECK(qicase::sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  qicase::Sha256 pieces;
  for (std::size_t i = 0; i < million.size(); i += 777) {
    pieces.update(std::string_view(million).substr(i, 777));
  }
  CHECK(pieces.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("escape_line keeps quoted case text on its line")
{
  CHECK(escape_line("x\n::error title=forged::y") == "x\\n::error title=forged::y");
  CHECK(escape_line("a\r\nb\tc") == "a\\r\\nb\tc");
  CHECK(escape_line("\x1b]0;t\x07") == "\\x1b]0;t\\x07");
  CHECK(csv_field("one\ntwo") == "one\\ntwo");
  CHECK(csv_field("=1\n,2") == "\"'=1\\n,2\"");
}

namespace {
std::string guarded(WorkflowGuard::Style style, bool own, std::initializer_list<std::string_view> pieces)
{
  WorkflowGuard g(style, own);
  std::string out;
  for (auto p : pieces) {
    g.feed(p, out);
  }
  g.end(out);
  return out;
}
} // namespace

TEST_CASE("WorkflowGuard: no line begins with :: and none holds ##[, whatever the pieces")
{
  using S = WorkflowGuard::Style;
  CHECK(guarded(S::text, false, {"ok\n::error title=x::y\n"}) == "ok\n:\\x3aerror title=x::y\n");
  CHECK(guarded(S::text, false, {"::a"}) == ":\\x3aa");
  // Split anywhere: the same bytes.
  CHECK(guarded(S::text, false, {"ok\n:", ":error\n"}) == "ok\n:\\x3aerror\n");
  CHECK(guarded(S::text, false, {"a #", "#[add-mask]"}) == "a #\\x23[add-mask]");
  CHECK(guarded(S::text, false, {"###[x] ##x #[y] a::b\n:c"}) == "##\\x23[x] ##x #[y] a::b\n:c");
  CHECK(guarded(S::json, false, {"\"##[stop-commands]T\""}) == "\"#\\u0023[stop-commands]T\"");
  CHECK(guarded(S::markup, false, {"##[x]\n::y"}) == "#&#35;[x]\n:&#58;y");
  CHECK(guarded(S::ical, false, {"SUMMARY:##[x]"}) == "SUMMARY:#\\\\x23[x]");
  // The github format's own annotations keep their `::`; a `##[` in them is still escaped.
  CHECK(guarded(S::text, true, {"::error file=a,title=q::m ##[x]\n"})
        == "::error file=a,title=q::m #\\x23[x]\n");
  // Held characters are written at the end.
  CHECK(guarded(S::text, false, {"a\n:"}) == "a\n:");
  CHECK(guarded(S::text, false, {"##"}) == "##");
}

TEST_CASE("WorkflowGuard::passes is the fast path only where feed() changes nothing")
{
  CHECK(WorkflowGuard().passes("plain text\nmore: text"));
  CHECK_FALSE(WorkflowGuard().passes("a\n::b"));
  CHECK_FALSE(WorkflowGuard().passes(":a"));            // at the start of the output
  CHECK_FALSE(WorkflowGuard().passes("ends a line\n")); // the next piece may begin with `::`
  CHECK_FALSE(WorkflowGuard().passes("a # b"));
  // A piece passed on is counted: a `::` after it is not at a line's start.
  WorkflowGuard h;
  std::string out;
  h.feed("line\n", out);
  CHECK(h.passes("abc"));
  h.feed("::x", out);
  CHECK(out == "line\n::x");
}

TEST_CASE("text: hex digits and bytes")
{
  CHECK(hex_digit('0') == 0);
  CHECK(hex_digit('a') == 10);
  CHECK(hex_digit('F') == 15);
  CHECK(hex_digit('g') == -1);
  std::array<unsigned char, 2> out{};
  CHECK(hex_bytes("0aFf", out));
  CHECK(out == std::array<unsigned char, 2>{0x0a, 0xff});
  CHECK_FALSE(hex_bytes("0a", out));   // too short for two bytes
  CHECK_FALSE(hex_bytes("0aFg", out)); // not a hex digit
}

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>

#include <zlib.h>

#include <qicase/xlsx/workbook.hpp>
#include <qicase/xlsx/zip.hpp>

using namespace qicase;

namespace {

std::uint32_t at32(const std::string& s, std::size_t i)
{
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i]))
         | static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8
         | static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 2])) << 16
         | static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 3])) << 24;
}

std::uint32_t at16(const std::string& s, std::size_t i)
{
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i]))
         | static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8;
}

// The entries of a zip written by ZipWriter, read back through its central directory and
// inflated by zlib (each checked against its CRC).
std::map<std::string, std::string> entries(const std::string& zip)
{
  std::map<std::string, std::string> out;
  REQUIRE(zip.size() >= 22);
  const auto end = zip.size() - 22;
  REQUIRE(at32(zip, end) == 0x06054b50u);
  const auto count = at16(zip, end + 10);
  auto at = static_cast<std::size_t>(at32(zip, end + 16));
  for (std::uint32_t i = 0; i < count; ++i) {
    REQUIRE(at32(zip, at) == 0x02014b50u);
    const auto crc = at32(zip, at + 16);
    const auto packed = at32(zip, at + 20);
    const auto size = at32(zip, at + 24);
    const auto name_size = at16(zip, at + 28);
    const auto local = at32(zip, at + 42);
    const auto name = zip.substr(at + 46, name_size);
    at += 46 + name_size;
    REQUIRE(at32(zip, local) == 0x04034b50u);
    const auto data = local + 30 + at16(zip, local + 26) + at16(zip, local + 28);
    std::string text(size, '\0');
    z_stream z{};
    REQUIRE(inflateInit2(&z, -15) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
    z.avail_in = packed;
    z.next_out = reinterpret_cast<Bytef*>(text.data());
    z.avail_out = size;
    CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
    inflateEnd(&z);
    CHECK(crc32(0L, reinterpret_cast<const Bytef*>(text.data()), size) == crc);
    out[name] = text;
  }
  return out;
}

} // namespace

TEST_CASE("xlsx: a workbook's parts, typed cells, and the same bytes each time")
{
  using xlsx::Cell;
  const auto day = calendar::Date::from_ymd(2024, 7, 30);
  std::vector<xlsx::Row> rows;
  rows.push_back({Cell::day(day), Cell::of("=HYPERLINK(\"http://x\")"), Cell::number(-3),
                  Cell::hundredths(1250), Cell::percent(7143)});
  rows.push_back({Cell::day(std::nullopt), Cell::of(std::string("bell\a & <tag> \xff")), Cell(), Cell(),
                  Cell::day(calendar::Date::from_ymd(1900, 2, 28))});
  const xlsx::Sheet sheet{"agenda: [week]?", {"due", "what", "days", "score", "rate"}, xlsx::rows_of(rows)};
  const auto bytes = xlsx::workbook({sheet});
  CHECK(bytes == xlsx::workbook({sheet})); // no clock, no order of a hash: the same bytes
  const auto parts = entries(bytes);
  REQUIRE(parts.count("xl/worksheets/sheet1.xml") == 1);
  CHECK(parts.count("[Content_Types].xml") == 1);
  CHECK(parts.count("xl/styles.xml") == 1);
  // The sheet's name is one a spreadsheet takes.
  CHECK(parts.at("xl/workbook.xml").find(R"(<sheet name="agenda week" sheetId="1")") != std::string::npos);
  const auto& xml = parts.at("xl/worksheets/sheet1.xml");
  // A date is a date cell (the 1900 system's serial, styled yyyy-mm-dd).
  CHECK(xml.find(R"(<c r="A2" s="2"><v>45503</v></c>)") != std::string::npos);
  // A text that looks like a formula is an inline string: never a formula.
  CHECK(xml.find("<f>") == std::string::npos);
  CHECK(
    xml.find(R"(<c r="B2" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK(&quot;http://x&quot;)</t>)")
    != std::string::npos);
  // Exact numbers; a percentage is its fraction, styled 0.00%.
  CHECK(xml.find(R"(<c r="C2"><v>-3</v></c>)") != std::string::npos);
  CHECK(xml.find(R"(<c r="D2"><v>12.50</v></c>)") != std::string::npos);
  CHECK(xml.find(R"(<c r="E2" s="3"><v>71.43E-2</v></c>)") != std::string::npos);
  // Only characters XML allows: a bell and a malformed byte are written visibly (as in every
  // XML report, core's xml_text); markup is escaped.
  CHECK(xml.find(R"(bell\x07 &amp; &lt;tag&gt; \xff)") != std::string::npos);
  // No empty cell is written; a date before 1900-03-01 is text (the 1900 system miscounts it).
  CHECK(xml.find(R"(r="A3")") == std::string::npos);
  CHECK(xml.find(R"(<c r="E3" t="inlineStr"><is><t xml:space="preserve">1900-02-28</t>)")
        != std::string::npos);
  // A bold frozen header and an autofilter over the whole table.
  CHECK(xml.find(R"(<c r="A1" s="1" t="inlineStr">)") != std::string::npos);
  CHECK(xml.find(R"(state="frozen")") != std::string::npos);
  CHECK(xml.find(R"(<autoFilter ref="A1:E3"/>)") != std::string::npos);
}

TEST_CASE("xlsx: sheet names are legal and unique; an empty workbook still has a sheet")
{
  const auto parts = entries(xlsx::workbook({{"cases", {"a"}, {}}, {"cases", {"a"}, {}}, {"", {"a"}, {}}}));
  const auto& book = parts.at("xl/workbook.xml");
  CHECK(book.find(R"(name="cases")") != std::string::npos);
  CHECK(book.find(R"(name="cases 2")") != std::string::npos);
  CHECK(book.find(R"(name="Sheet")") != std::string::npos);
  CHECK(entries(xlsx::workbook({})).count("xl/worksheets/sheet1.xml") == 1);
}

#include <qicase/xlsx/workbook.hpp>

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/xlsx/zip.hpp>

namespace qicase::xlsx {

namespace {

std::string column_name(std::size_t index)
{
  std::string name;
  for (++index; index > 0; index = (index - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (index - 1) % 26));
  }
  return name;
}

// A sheet name a spreadsheet takes: at most 31 characters, none of []:*?/\, not empty, unique.
std::string sheet_name(std::string_view wanted, std::vector<std::string>& taken)
{
  // Valid UTF-8 (as XML takes it), at most 28 bytes cut between characters (a suffix " 2" may
  // follow), none of the characters a sheet name may not hold.
  std::string name;
  const auto repaired = repair_utf8(wanted);
  for (const char c : utf8_prefix(repaired, 28)) {
    if (static_cast<unsigned char>(c) >= 0x20
        && std::string_view("[]:*?/\\'").find(c) == std::string_view::npos) {
      name += c;
    }
  }
  if (name.empty()) {
    name = "Sheet";
  }
  auto unique = name;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end() && n < 1000; ++n) {
    unique = fmt::format("{} {}", name, n);
  }
  taken.push_back(unique);
  return unique;
}

// Days from 1899-12-30 (the 1900 date system's serial); none before 1900-03-01, where Excel's
// calendar counts a 29 February 1900 that never was.
std::optional<long> serial(calendar::Date d)
{
  const auto base = calendar::Date::from_ymd(1899, 12, 30);
  if (d < calendar::Date::from_ymd(1900, 3, 1)) {
    return std::nullopt;
  }
  return d - base;
}

// Styles: 0 plain, 1 the bold header, 2 a date (yyyy-mm-dd), 3 a percentage (0.00%).
constexpr std::string_view k_styles =
  R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
  "\n"
  R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
  R"(<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts>)"
  R"(<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>)"
  R"(<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>)"
  R"(<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>)"
  R"(<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>)"
  R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>)"
  R"(<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
  R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>)"
  R"(<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>)"
  R"(<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>)"
  R"(<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
  R"(</styleSheet>)";

constexpr std::string_view k_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view k_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// One sheet's part, written into `zip` as it is made; the rows it wrote (header included).
std::size_t write_sheet(ZipWriter& zip, const std::string& part, const Sheet& sheet)
{
  const auto columns = std::max<std::size_t>(1, sheet.header.size());
  // First pass: the columns' widths and the rows' count.
  std::vector<std::size_t> widths(columns, 0);
  std::size_t count = 0;
  const auto measure = [&](std::size_t col, const Cell& cell) {
    switch (cell.type) {
    case Cell::Type::empty: return;
    case Cell::Type::text: // characters: the bytes that start one
      widths[col] = std::max<std::size_t>(
        widths[col], static_cast<std::size_t>(std::count_if(cell.text.begin(), cell.text.end(), [](char ch) {
          return (static_cast<unsigned char>(ch) & 0xc0u) != 0x80u;
        })));
      return;
    case Cell::Type::number:
    case Cell::Type::percent: widths[col] = std::max(widths[col], cell.text.size() + 1); return;
    case Cell::Type::date: widths[col] = std::max<std::size_t>(widths[col], 10); return;
    }
  };
  for (std::size_t c = 0; c < sheet.header.size(); ++c) {
    measure(c, Cell::of(sheet.header[c]));
  }
  if (sheet.rows) {
    sheet.rows([&](const Row& row) {
      if (++count <= k_max_rows - 2) {
        for (std::size_t c = 0; c < row.size() && c < columns; ++c) {
          measure(c, row[c]);
        }
      }
    });
  }
  std::vector<std::string> letters(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    letters[c] = column_name(c);
  }
  const auto written = std::min(count, k_max_rows - 2);
  const auto last_row = written + 1 + (count > written ? 1 : 0);
  const auto range = fmt::format("A1:{}{}", column_name(columns - 1), last_row);
  zip.begin(part);
  std::string out = fmt::format(
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<worksheet xmlns="{}" xmlns:r="{}"><dimension ref="{}"/>)"
    R"(<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" )"
    R"(activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>)"
    R"(<sheetFormatPr defaultRowHeight="15"/><cols>)",
    k_main, k_rel, range);
  for (std::size_t c = 0; c < columns; ++c) {
    out += fmt::format(R"(<col min="{}" max="{}" width="{}" customWidth="1"/>)", c + 1, c + 1,
                       std::clamp<std::size_t>(widths[c] + 2, 8, 60));
  }
  out += "</cols><sheetData>";
  // Second pass: the rows, each handed to the zip (deflated) once it is some size.
  const auto text_cell = [&](std::size_t row, std::size_t col, std::string_view text, int style) {
    fmt::format_to(std::back_inserter(out), R"(<c r="{}{}"{} t="inlineStr"><is><t xml:space="preserve">)",
                   letters[col], row, style == 1 ? R"( s="1")" : "");
    out += xml_text(text);
    out += "</t></is></c>";
  };
  out += R"(<row r="1">)";
  for (std::size_t c = 0; c < sheet.header.size(); ++c) {
    text_cell(1, c, sheet.header[c], 1);
  }
  out += "</row>";
  std::size_t r = 1;
  if (sheet.rows) {
    sheet.rows([&](const Row& row) {
      if (r > written) {
        return;
      }
      ++r;
      fmt::format_to(std::back_inserter(out), R"(<row r="{}">)", r);
      for (std::size_t c = 0; c < row.size() && c < columns; ++c) {
        const auto& cell = row[c];
        switch (cell.type) {
        case Cell::Type::empty: break;
        case Cell::Type::text: text_cell(r, c, cell.text, 0); break;
        case Cell::Type::number:
        case Cell::Type::percent:
          fmt::format_to(std::back_inserter(out), R"(<c r="{}{}"{}><v>{}</v></c>)", letters[c], r,
                         cell.type == Cell::Type::percent ? R"( s="3")" : "", cell.text);
          break;
        case Cell::Type::date:
          if (const auto n = serial(cell.date)) {
            fmt::format_to(std::back_inserter(out), R"(<c r="{}{}" s="2"><v>{}</v></c>)", letters[c], r, *n);
          } else {
            text_cell(r, c, cell.date.str(), 0);
          }
          break;
        }
      }
      out += "</row>";
      if (out.size() >= 64 * 1024) {
        zip.write(out);
        out.clear();
      }
    });
  }
  if (count > written) {
    ++r;
    out += fmt::format(R"(<row r="{}">)", r);
    text_cell(
      r, 0,
      fmt::format("{} more rows not written: a sheet holds at most {} rows", count - written, k_max_rows), 0);
    out += "</row>";
  }
  out += fmt::format(R"(</sheetData><autoFilter ref="{}"/></worksheet>)", range);
  zip.write(out);
  zip.end();
  return last_row;
}

} // namespace

Cell Cell::of(std::string_view text)
{
  Cell c;
  c.type = text.empty() ? Type::empty : Type::text;
  c.text = std::string(text);
  return c;
}

Cell Cell::number(long long value)
{
  Cell c;
  c.type = Type::number;
  c.text = fmt::format("{}", value);
  return c;
}

Cell Cell::hundredths(Hundredths value)
{
  Cell c;
  c.type = Type::number;
  c.text = format_hundredths(value);
  return c;
}

Cell Cell::percent(Hundredths hundredths_of_percent)
{
  Cell c;
  c.type = Type::percent;
  c.text = format_hundredths(hundredths_of_percent) + "E-2"; // 71.43% is 71.43E-2, exactly
  return c;
}

Cell Cell::day(calendar::Date date)
{
  Cell c;
  c.type = Type::date;
  c.date = date;
  return c;
}

Cell Cell::day(const std::optional<calendar::Date>& date)
{
  return date ? day(*date) : Cell();
}

Rows rows_of(std::vector<Row> rows)
{
  return [held = std::make_shared<const std::vector<Row>>(std::move(rows))](
           const std::function<void(const Row&)>& put) {
    for (const auto& row : *held) {
      put(row);
    }
  };
}

std::string workbook(const std::vector<Sheet>& sheets)
{
  std::vector<std::string> names;
  std::string types =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
    R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)";
  std::string book = fmt::format(
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<workbook xmlns="{}" xmlns:r="{}"><bookViews><workbookView/></bookViews><sheets>)",
    k_main, k_rel);
  std::string rels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  std::string filters;
  const std::vector<Sheet> one = {Sheet{"Sheet", {}, {}}};
  const auto& all = sheets.empty() ? one : sheets;
  ZipWriter zip;
  std::vector<std::string> sheet_names;
  for (std::size_t i = 0; i < all.size(); ++i) {
    sheet_names.push_back(sheet_name(all[i].name, names));
  }
  // The sheets first (each streamed into the zip), then the parts that name them.
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& name = sheet_names[i];
    const auto last_row = write_sheet(zip, fmt::format("xl/worksheets/sheet{}.xml", i + 1), all[i]);
    types += fmt::format(
      R"(<Override PartName="/xl/worksheets/sheet{}.xml" )"
      R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)",
      i + 1);
    book += fmt::format(R"(<sheet name=")");
    book += xml_text(name);
    book += fmt::format(R"(" sheetId="{}" r:id="rId{}"/>)", i + 1, i + 1);
    rels += fmt::format(R"(<Relationship Id="rId{}" Type="{}/worksheet" Target="worksheets/sheet{}.xml"/>)",
                        i + 1, k_rel, i + 1);
    const auto columns = std::max<std::size_t>(1, all[i].header.size());
    std::string quoted;
    for (const char c : name) {
      quoted += c == '\'' ? std::string("''") : std::string(1, c);
    }
    filters += fmt::format(R"(<definedName name="_xlnm._FilterDatabase" localSheetId="{}" hidden="1">)", i);
    filters += xml_text(fmt::format("'{}'!$A$1:${}${}", quoted, column_name(columns - 1), last_row));
    filters += "</definedName>";
  }
  types += "</Types>";
  book += "</sheets><definedNames>" + filters + "</definedNames></workbook>";
  rels += fmt::format(R"(<Relationship Id="rId{}" Type="{}/styles" Target="styles.xml"/></Relationships>)",
                      all.size() + 1, k_rel);
  zip.add("[Content_Types].xml", types);
  zip.add(
    "_rels/.rels",
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
    R"(</Relationships>)");
  zip.add("xl/workbook.xml", book);
  zip.add("xl/_rels/workbook.xml.rels", rels);
  zip.add("xl/styles.xml", k_styles);
  return zip.finish();
}

} // namespace qicase::xlsx

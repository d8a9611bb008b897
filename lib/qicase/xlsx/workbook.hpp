#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/number.hpp>

// Office Open XML workbooks (.xlsx) written for the committee (`--format xlsx`): every value a
// cell of its type (a date a date cell, a number a number, a text an inline string, so no text is
// ever read as a formula), each sheet with a bold, frozen header row, an autofilter and columns as
// wide as their values. The same sheets give the same bytes (zip.hpp). No spreadsheet library:
// the few parts a workbook needs are written here, and zlib deflates them.
namespace qicase::xlsx {

struct Cell
{
  enum class Type { empty, text, number, date, percent };
  Type type = Type::empty;
  std::string text; // a text, or a number's exact decimal digits ("12.5", "-3", "0.7143")
  calendar::Date date;

  static Cell of(std::string_view text);
  static Cell number(long long value);
  static Cell hundredths(Hundredths value);              // 7143 -> 71.43
  static Cell percent(Hundredths hundredths_of_percent); // 7143 -> 71.43% (the value 0.7143)
  static Cell day(calendar::Date date);
  static Cell day(const std::optional<calendar::Date>& date); // empty when none
};

using Row = std::vector<Cell>;
// A sheet's rows, made one at a time and handed to `put`: called twice, once to size the
// columns and once to write them, so no sheet is ever held whole (an agenda of 50,000 rows costs
// one row and the compressed workbook).
using Rows = std::function<void(const std::function<void(const Row&)>& put)>;

struct Sheet
{
  std::string name; // made a legal sheet name: at most 31 characters, none of []:*?/\ .
  std::vector<std::string> header;
  Rows rows;
};

// Rows held already (a few: an audit's), as a sheet takes them.
Rows rows_of(std::vector<Row> rows);

// The largest sheet a spreadsheet opens: rows past it are left out, and the last row says how
// many.
inline constexpr std::size_t k_max_rows = 1'048'576;

// The .xlsx file's bytes.
std::string workbook(const std::vector<Sheet>& sheets);

} // namespace qicase::xlsx

// `workplan import`: the table layout of a work plan exported from a document (the seed
// 003_cb2436f3b4acdb83.txt): a title line, header rows ("Performance Measures", "2024 Goal",
// ...) repeated on every page, section rows (text in the first cells, no staff, timeframe or
// reporting; a name may be split across cells), and one row per measure.
#include <qicase/workplan/workplan.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

#include <qicase/core/json.hpp>

namespace qicase::workplan {

namespace {

// A cell without the spaces around it (and the CR of a CRLF line), and without the `'` that
// csv_field() puts before text a spreadsheet would take for a formula: an exported plan reads
// back as it was.
std::string cell_text(std::string_view s)
{
  s = trim(s, " \r");
  if (s.size() >= 2 && s[0] == '\'' && std::string_view("=+-@\t\r").find(s[1]) != std::string_view::npos) {
    s.remove_prefix(1);
  }
  return std::string(s);
}

// One logical row of CSV (quotes may span lines) or TSV, starting at `pos`.
std::vector<std::string> next_row(std::string_view text, std::size_t& pos, char sep, int& line)
{
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        cell += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        line += c == '\n' ? 1 : 0;
        cell += c;
      }
    } else if (c == '"' && sep == ',' && cell_text(cell).empty()) {
      quoted = true;
      cell.clear();
    } else if (c == sep) {
      cells.push_back(cell_text(cell));
      cell.clear();
    } else if (c == '\n') {
      ++line;
      break;
    } else {
      cell += c;
    }
  }
  cells.push_back(cell_text(cell));
  return cells;
}

std::string slug(std::string_view text, std::size_t max_words = 6)
{
  std::string out;
  std::size_t words = 0;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && words < max_words && out.size() < 32) {
      out += (out.empty() ? "" : "-") + word;
      ++words;
    }
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == '(') {
      flush();
      break; // "Quality Audit Scores (CM, ECM, CS)": the words before the parenthesis
    } else {
      flush();
    }
  }
  flush();
  return out.empty() ? std::string("measure") : out;
}

void field(std::string& out, std::string_view indent, std::string_view key, const std::string& value)
{
  if (!value.empty()) {
    out += fmt::format("{}{}: {}\n", indent, key, json::quote(value));
  }
}

// A table as read: its title row, the year of its header ("2024 Goal"), and its sections, each
// with its measure rows (the cells and the line each starts on).
struct Row
{
  std::vector<std::string> cells;
  int line;
};
struct SectionRows
{
  std::string title;
  std::vector<Row> measures;
};
struct Table
{
  std::string title;
  int year = 0;
  std::vector<SectionRows> sections;
};

// The rows of `text` sorted into title, header, section and measure rows. A row with details
// (owner, timeframe, committee) is a measure; one without is a section, its name perhaps split
// across cells ("", "Men", "nber Experience").
Table read_rows(std::string_view text, Diagnostics& diags)
{
  const char sep = text.find('\t') != std::string_view::npos ? '\t' : ',';
  Table t;
  std::size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    const int row_line = line;
    auto cells = next_row(text, pos, sep, line);
    cells.resize(std::max<std::size_t>(cells.size(), 6));
    const auto filled = static_cast<std::size_t>(
      std::count_if(cells.begin(), cells.end(), [](const std::string& c) { return !c.empty(); }));
    if (filled == 0) {
      continue;
    }
    if (cells[0] == "Performance Measures") {
      // A header row, repeated on every page: "2024 Goal" gives the year.
      if (t.year == 0 && cells[1].size() >= 4) {
        t.year = std::atoi(cells[1].substr(0, 4).c_str());
      }
      continue;
    }
    const bool details = !cells[3].empty() || !cells[4].empty() || !cells[5].empty();
    if (t.title.empty() && filled == 1 && !cells[0].empty() && t.sections.empty()) {
      t.title = cells[0];
    } else if (!details) {
      std::string name;
      for (const auto& c : cells) {
        name += c;
      }
      t.sections.push_back({name, {}});
    } else if (cells[0].empty()) {
      diags.error({row_line, 1}, "workplan.import",
                  "a row with details but no measure name: fill in the first column");
    } else {
      if (t.sections.empty()) {
        t.sections.push_back({"Measures", {}});
      }
      t.sections.back().measures.push_back({cells, row_line});
    }
  }
  return t;
}

// The first year (1900-2999) written in a title, 0 when none.
int year_in(const std::string& title)
{
  for (std::size_t i = 0; i + 4 <= title.size(); ++i) {
    const int y = std::atoi(title.substr(i, 4).c_str());
    if (y >= 1900 && y <= 2999 && std::isdigit(static_cast<unsigned char>(title[i]))) {
      return y;
    }
  }
  return 0;
}

// One measure row as YAML, with an id made from its name (unique in the plan) and a warning for
// a goal that looks numeric but holds no target, or none at all.
std::string measure_yaml(const Row& row, std::set<std::string>& ids, Diagnostics& diags)
{
  const auto& c = row.cells;
  std::string measure_id = slug(c[0]);
  for (int n = 2; !ids.insert(measure_id).second; ++n) {
    measure_id = slug(c[0]) + "-" + std::to_string(n);
  }
  std::string out = fmt::format("      - id: {}\n", json::quote(measure_id));
  field(out, "        ", "measure", c[0]);
  field(out, "        ", "goal", c[1]);
  field(out, "        ", "source", c[2]);
  field(out, "        ", "owner", c[3]);
  field(out, "        ", "timeframe", c[4]);
  field(out, "        ", "reporting", c[5]);
  for (const auto& part : parse_goal(c[1]).unparsed) {
    diags.warning({row.line, 1}, "workplan.goal",
                  fmt::format("goal \"{}\" of \"{}\" looks numeric but holds no target "
                              "qicase can read: it is imported as written",
                              part, c[0]));
  }
  if (c[1].empty()) {
    diags.warning({row.line, 1}, "workplan.goal", fmt::format("\"{}\" has no goal: fill in `goal:`", c[0]));
  }
  return out;
}

} // namespace

std::string import_table(std::string_view text, std::string_view id, Diagnostics& diags)
{
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3); // a byte-order mark from a spreadsheet
  }
  // The workplan written is UTF-8 YAML: a table in another encoding (or binary) would make a
  // file that no tool reads back. (Found by the table fuzzer.)
  const auto bad = std::min(text.find('\0'), invalid_utf8(text));
  if (bad != std::string_view::npos) {
    diags.error(position_at(text, bad), "workplan.import",
                fmt::format("byte 0x{:02X} is not UTF-8 text: export the table as UTF-8 (in a "
                            "spreadsheet: CSV UTF-8, or Unicode text)",
                            static_cast<unsigned>(static_cast<unsigned char>(text[bad]))));
    return {};
  }
  auto table = read_rows(text, diags);
  if (table.year == 0) {
    table.year = year_in(table.title);
  }
  if (table.sections.empty()) {
    diags.error({1, 1}, "workplan.import",
                "no measures found: expected rows of Performance Measures, Goal, Supporting "
                "Document, Responsible Staff, Timeframe and Committee & Reporting Frequency");
    diags.set_unusable();
    return {};
  }

  std::string out = "# Imported by `qicase workplan import`: add `results:` per measure as the year goes.\n";
  out += "kind: workplan\n";
  out += fmt::format(
    "id: {}\n",
    json::quote(id.empty() ? slug(table.title.empty() ? "work plan" : table.title, 8) : std::string(id)));
  field(out, "", "title", table.title);
  out += fmt::format("year: {}\n", table.year == 0 ? 2000 : table.year);
  if (table.year == 0) {
    diags.warning({1, 1}, "workplan.import", "no year in the title or the header: set `year:`");
  }
  out += "sections:\n";
  std::set<std::string> ids;
  for (const auto& section : table.sections) {
    out += fmt::format("  - title: {}\n", json::quote(section.title));
    out += section.measures.empty() ? "    measures: []\n" : "    measures:\n";
    for (const auto& row : section.measures) {
      out += measure_yaml(row, ids, diags);
    }
  }
  return out;
}

} // namespace qicase::workplan

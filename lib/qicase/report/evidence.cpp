#include <qicase/report/evidence.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include <qicase/core/json.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>
#include <qicase/xlsx/workbook.hpp>

namespace qicase::report {

std::string render_evidence_xlsx(const evidence::Entries& entries)
{
  using xlsx::Cell;
  const auto rows = [&entries](const std::function<void(const xlsx::Row&)>& put) {
    for (const auto& e : entries) {
      const auto& c = e.citation;
      const bool present = c.verdict == evidence::Verdict::ok || c.verdict == evidence::Verdict::unpinned
                           || c.verdict == evidence::Verdict::changed;
      put({Cell::of(e.case_id), Cell::of(e.kind), Cell::of(e.delegate), Cell::of(c.item), Cell::day(c.date),
           Cell::of(c.shown), Cell::of(present ? "true" : "false"),
           c.size_now ? Cell::number(static_cast<long long>(*c.size_now)) : Cell(), Cell::of(c.sha256_now),
           Cell::of(c.sha256.value_or("")), Cell::of(evidence::to_string(c.verdict)), Cell::of(e.path),
           Cell::number(c.mark.line)});
    }
  };
  const xlsx::Sheet sheet{"evidence",
                          {"case", "kind", "delegate", "item", "date", "path", "present", "size", "sha256",
                           "sha256_recorded", "verdict", "case_file", "line"},
                          rows};
  return xlsx::workbook({sheet});
}

namespace {

std::string size_text(const std::optional<std::uint64_t>& size)
{
  return size ? std::to_string(*size) : std::string();
}

std::string summary_line(const evidence::Entries& entries)
{
  std::map<evidence::Verdict, std::size_t> n;
  for (const auto& e : entries) {
    ++n[e.citation.verdict];
  }
  std::string out = fmt::format("{} document{} cited:", entries.size(), entries.size() == 1 ? "" : "s");
  bool first = true;
  for (auto v : {evidence::Verdict::ok, evidence::Verdict::changed, evidence::Verdict::missing,
                 evidence::Verdict::unpinned, evidence::Verdict::outside, evidence::Verdict::url}) {
    out += fmt::format("{} {} {}", first ? "" : ",", n[v], evidence::to_string(v));
    first = false;
  }
  return out + "\n";
}

} // namespace

evidence::Entries manifest(const std::vector<check::FileResult>& results)
{
  evidence::Entries out;
  for (const auto& r : results) {
    out.insert(out.end(), r.evidence.begin(), r.evidence.end());
  }
  return out;
}

std::string render_evidence_text(const evidence::Entries& entries)
{
  std::string out;
  for (const auto& e : entries) {
    const auto& c = e.citation;
    out += fmt::format("{:<9} {}  {}  {}  {}\n", evidence::to_string(c.verdict), e.case_id,
                       c.item.empty() ? "-" : c.item, c.date ? c.date->str() : "-", c.shown);
  }
  if (!out.empty()) {
    out += "\n";
  }
  return out + summary_line(entries);
}

std::string render_evidence_json(const evidence::Entries& entries, std::string_view as_of)
{
  json::Value doc = json::Value::object();
  doc.set("qicase", k_version);
  doc.set("as_of", std::string(as_of));
  json::Value summary = json::Value::object();
  for (auto v : {evidence::Verdict::ok, evidence::Verdict::changed, evidence::Verdict::missing,
                 evidence::Verdict::unpinned, evidence::Verdict::outside, evidence::Verdict::url}) {
    summary.set(std::string(evidence::to_string(v)),
                static_cast<long long>(std::count_if(
                  entries.begin(), entries.end(), [&](const auto& e) { return e.citation.verdict == v; })));
  }
  doc.set("summary", std::move(summary));
  json::Value list = json::Value::array();
  const auto opt = [](const std::string& s) { return s.empty() ? json::Value() : json::Value(s); };
  for (const auto& e : entries) {
    const auto& c = e.citation;
    json::Value v = json::Value::object();
    v.set("case", e.case_id);
    v.set("kind", e.kind);
    v.set("delegate", opt(e.delegate));
    v.set("item", opt(c.item));
    v.set("date", calendar::to_json(c.date));
    v.set("path", c.shown);
    v.set("present", c.verdict == evidence::Verdict::ok || c.verdict == evidence::Verdict::unpinned
                       || c.verdict == evidence::Verdict::changed);
    v.set("size", c.size_now ? json::Value(static_cast<long long>(*c.size_now)) : json::Value());
    v.set("sha256", opt(c.sha256_now));
    v.set("sha256_recorded", c.sha256 ? json::Value(*c.sha256) : json::Value());
    v.set("size_recorded", c.size ? json::Value(static_cast<long long>(*c.size)) : json::Value());
    v.set("verdict", std::string(evidence::to_string(c.verdict)));
    v.set("case_file", e.path);
    v.set("line", c.mark.line);
    v.set("column", c.mark.column);
    list.push(std::move(v));
  }
  doc.set("evidence", std::move(list));
  return doc.dump(2) + "\n";
}

std::string render_evidence_csv(const evidence::Entries& entries)
{
  std::string out =
    "case,kind,delegate,item,date,path,present,size,sha256,sha256_recorded,verdict,case_file,line\r\n";
  for (const auto& e : entries) {
    const auto& c = e.citation;
    const bool present = c.verdict == evidence::Verdict::ok || c.verdict == evidence::Verdict::unpinned
                         || c.verdict == evidence::Verdict::changed;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(e.case_id), e.kind,
                       csv_field(e.delegate), csv_field(c.item), calendar::text(c.date), csv_field(c.shown),
                       present ? "true" : "false", size_text(c.size_now), c.sha256_now, c.sha256.value_or(""),
                       evidence::to_string(c.verdict), csv_field(e.path), c.mark.line);
  }
  return out;
}

namespace {

// The lines of a text, without their '\n' (a '\r' kept).
std::vector<std::string_view> split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return lines;
}

std::size_t indentation(std::string_view line)
{
  const auto n = line.find_first_not_of(' ');
  return n == std::string_view::npos ? line.size() : n;
}

bool blank_or_comment(std::string_view line)
{
  const auto t = trim(line, " \t\r");
  return t.empty() || t.front() == '#';
}

// Where the two lines of a pin can go: right under the citation's `file:` line, at its key's
// indentation. Only when that keeps the case what it was (a block mapping item whose `file:`
// holds a one-line scalar, and no `sha256`/`size` written yet); else why not (the analyst is
// told the values to write).
std::optional<std::string_view> pin_place(const evidence::Citation& c,
                                          const std::vector<std::string_view>& lines, std::size_t& key)
{
  const auto n = static_cast<std::size_t>(c.mark.line);
  const auto item = static_cast<std::size_t>(c.item_mark.line);
  if (n == 0 || n > lines.size() || item == 0 || item > n) {
    return "it is not where the case file says";
  }
  const auto first = lines[item - 1];
  const auto at = static_cast<std::size_t>(c.item_mark.column - 1);
  if (at < first.size() && (first[at] == '{' || first[at] == '[')) {
    return "it is written in a flow mapping";
  }
  const auto line = lines[n - 1];
  key = line.find("file:");
  // `file:` alone on its line (after spaces or `- `), at the item's own column: a block mapping.
  if (key == std::string_view::npos || line.substr(0, key).find_first_not_of(" -") != std::string_view::npos
      || key != at) {
    return "it is not written as `file:` in a block mapping";
  }
  // No `sha256:` or `size:` of the item yet, valid or not: a second would be a duplicate key.
  for (std::size_t i = item - 1; i < lines.size(); ++i) {
    const auto l = lines[i];
    if (i > item - 1 && !blank_or_comment(l) && indentation(l) < key) {
      break;
    }
    if (l.size() > key && (l.substr(key).starts_with("sha256:") || l.substr(key).starts_with("size:"))) {
      return "it records a size or hash already";
    }
  }
  // A one-line scalar: not a block scalar, not continued on the lines below, no flow syntax.
  auto value = trim(line.substr(key + 5), " \t\r");
  if (const auto hash = value.find(" #");
      hash != std::string_view::npos && value.front() != '"' && value.front() != '\'') {
    value = trim(value.substr(0, hash), " \t");
  }
  const bool quoted = !value.empty() && (value.front() == '"' || value.front() == '\'');
  if (value.empty() || value.front() == '|' || value.front() == '>' || value.front() == '&'
      || value.front() == '*' || value.front() == '!') {
    return "its `file:` value is not written on its line";
  }
  if (quoted && (value.size() < 2 || value.back() != value.front())) {
    return "its `file:` value goes on over several lines";
  }
  if (!quoted && value.find_first_of("{}[],") != std::string_view::npos) {
    return "it is written in a flow mapping";
  }
  for (std::size_t next = n; next < lines.size(); ++next) {
    if (blank_or_comment(lines[next])) {
      continue;
    }
    if (indentation(lines[next]) > key) {
      return "its `file:` value goes on over several lines";
    }
    break;
  }
  return std::nullopt;
}

// pin_edit() over the text's lines.
PinEdit pin_lines(const evidence::Citation& c, const std::vector<std::string_view>& lines)
{
  PinEdit edit;
  std::size_t key = 0;
  if (const auto why = pin_place(c, lines, key)) {
    edit.why = std::string(*why);
    return edit;
  }
  const auto n = static_cast<std::size_t>(c.mark.line);
  const auto line = lines[n - 1];
  const std::string indent(key, ' ');
  const std::string eol = !line.empty() && line.back() == '\r' ? "\r\n" : "\n";
  edit.before = n + 1;
  edit.lines = fmt::format("{}sha256: \"{}\"{}{}size: {}{}", indent, c.sha256_now, eol, indent,
                           size_text(c.size_now), eol);
  return edit;
}

// The hunks of one case file, its citations in order of line: two lines after each `file:` line,
// or a line of `skipped` where the pin cannot be written there safely.
std::string file_hunks(const std::string& path, const std::vector<std::string_view>& lines,
                       const std::vector<const evidence::Entry*>& list, std::vector<std::string>& skipped)
{
  std::string hunks;
  int added = 0;
  for (const auto* e : list) {
    const auto& c = e->citation;
    const auto edit = pin_lines(c, lines);
    if (!edit.why.empty()) {
      skipped.push_back(fmt::format("{}:{}: {}: write `sha256: \"{}\"` and `size: {}` into this item", path,
                                    c.mark.line, edit.why, c.sha256_now, size_text(c.size_now)));
      continue;
    }
    const auto n = static_cast<std::size_t>(c.mark.line);
    const auto line = lines[n - 1];
    // One line of context either side (git apply anchors a hunk without trailing context to
    // the end of the file).
    const bool next = n < lines.size();
    std::string added_lines;
    for (const auto l : split_lines(edit.lines)) {
      added_lines += fmt::format("+{}\n", l);
    }
    hunks += fmt::format("@@ -{},{} +{},{} @@\n {}\n{}", n, next ? 2 : 1, static_cast<int>(n) + added,
                         next ? 4 : 3, line, added_lines);
    if (next) {
      hunks += fmt::format(" {}\n", lines[n]);
    }
    added += 2;
  }
  return hunks;
}

// A path in a patch header as git writes one that needs it, C-style quoted ("a/q\tx.yaml",
// octal escapes for other bytes), which GNU patch and git apply both read: a line feed in a
// name cannot start another header, and a tab or space cannot end the name early.
std::string patch_path(std::string_view prefix, std::string_view path)
{
  const std::string whole = std::string(prefix) + std::string(path);
  const bool plain = std::all_of(whole.begin(), whole.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7F && c != '"' && c != '\\';
  });
  if (plain) {
    return whole;
  }
  std::string out = "\"";
  for (char ch : whole) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    default:
      if (c < 0x20 || c >= 0x7F) {
        out += fmt::format("\\{:03o}", c);
      } else {
        out += ch;
      }
    }
  }
  return out + "\"";
}

} // namespace

PinEdit pin_edit(const evidence::Citation& c, std::string_view text)
{
  return pin_lines(c, split_lines(text));
}

Pin render_pins(const evidence::Entries& entries,
                const std::function<std::optional<std::string>(const std::string&)>& read)
{
  Pin pin;
  // By case file, in order of line: each hunk adds two lines after a `file:` line.
  std::map<std::string, std::vector<const evidence::Entry*>> by_file;
  for (const auto& e : entries) {
    if (e.citation.verdict == evidence::Verdict::unpinned && !e.citation.sha256_now.empty()) {
      by_file[e.path].push_back(&e);
    }
  }
  for (auto& [path, list] : by_file) {
    const auto text = read(path);
    if (!text) {
      for (const auto* e : list) {
        pin.skipped.push_back(
          fmt::format("{}:{}: the case file cannot be read again", path, e->citation.mark.line));
      }
      continue;
    }
    std::sort(list.begin(), list.end(),
              [](const auto* a, const auto* b) { return a->citation.mark.line < b->citation.mark.line; });
    const auto hunks = file_hunks(path, split_lines(*text), list, pin.skipped);
    if (!hunks.empty()) {
      pin.patch += fmt::format("--- {}\n+++ {}\n{}", patch_path("a/", path), patch_path("b/", path), hunks);
    }
  }
  return pin;
}

} // namespace qicase::report

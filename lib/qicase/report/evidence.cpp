#include <qicase/report/evidence.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include <qicase/core/json.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>

namespace qicase::report {

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

// The hunks of one case file, its citations in order of line: two lines after each `file:` line,
// or a line of `skipped` where the pin cannot be written there.
std::string file_hunks(const std::string& path, const std::vector<std::string_view>& lines,
                       const std::vector<const evidence::Entry*>& list, std::vector<std::string>& skipped)
{
  std::string hunks;
  int added = 0;
  for (const auto* e : list) {
    const auto& c = e->citation;
    const auto n = static_cast<std::size_t>(c.mark.line);
    if (n == 0 || n > lines.size()) {
      continue;
    }
    auto line = lines[n - 1];
    const bool crlf = !line.empty() && line.back() == '\r';
    const auto key = line.find("file:");
    const auto before = key == std::string_view::npos ? std::string_view() : line.substr(0, key);
    // Only `file:` alone on its line (after spaces or `- `) can take lines under it.
    if (key == std::string_view::npos || before.find_first_not_of(" -") != std::string_view::npos) {
      skipped.push_back(fmt::format("{}:{}: write `sha256: \"{}\"` and `size: {}` into this item", path,
                                    c.mark.line, c.sha256_now, size_text(c.size_now)));
      continue;
    }
    const std::string indent(key, ' ');
    const std::string eol = crlf ? "\r\n" : "\n";
    // One line of context either side (git apply anchors a hunk without trailing context to
    // the end of the file).
    const bool next = n < lines.size();
    hunks += fmt::format("@@ -{},{} +{},{} @@\n {}\n+{}sha256: \"{}\"{}+{}size: {}{}", n, next ? 2 : 1,
                         static_cast<int>(n) + added, next ? 4 : 3, line, indent, c.sha256_now, eol, indent,
                         size_text(c.size_now), eol);
    if (next) {
      hunks += fmt::format(" {}\n", lines[n]);
    }
    added += 2;
  }
  return hunks;
}

} // namespace

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
      pin.patch += fmt::format("--- a/{}\n+++ b/{}\n{}", path, path, hunks);
    }
  }
  return pin;
}

} // namespace qicase::report

#include <qicase/check/baseline.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include <qicase/core/file.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/rules.hpp>
#include <qicase/core/text.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/loader.hpp>

namespace qicase::check {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_baseline_fields[] = {
  {"qicase-baseline", As::integer, Req::yes, {"config.value", "`qicase-baseline: 1` (what `qicase check --format baseline` writes)"}},
  {"findings",        As::list,    Req::no},
};
const yaml::Field k_entry_fields[] = {
  {"file",  As::text,    Req::yes, {"config.value", "the case file, as `check` shows it"}},
  {"case",  As::text,    Req::no},
  {"rule",  As::text,    Req::yes, {"config.value", "the rule id of the finding"}},
  {"item",  As::text,    Req::no},
  {"count", As::integer, Req::no},
};
// clang-format on

using Key = std::tuple<std::string, std::string, std::string, std::string>; // file, case, rule, item

std::string case_id(const FileResult& r)
{
  return r.doc ? r.doc->id : std::string();
}

bool baselined(const Diagnostic& d)
{
  return is_finding(d.rule);
}

// A case file as a baseline names it: its path within its repository, so that neither the
// folder qicase runs in nor where the baseline file lies changes the key.
std::string file_key(const FileResult& r)
{
  auto path = repo_path(r);
  return path.empty() ? r.path : path;
}

} // namespace

std::optional<Baseline> read_baseline(const std::string& path, Diagnostics& diags)
{
  auto read = read_file(path, k_baseline_limits.max_bytes, /*regular_only=*/true);
  if (!read.error.empty() || read.too_large) {
    diags.error({}, "config.file",
                read.too_large ? "the baseline is over 32 MiB"
                               : fmt::format("cannot read the baseline: {}", read.error));
    diags.set_unusable();
    return std::nullopt;
  }
  return parse_baseline(path, read.text, diags);
}

std::optional<Baseline> parse_baseline(const std::string& path, std::string_view text, Diagnostics& diags)
{
  Baseline b;
  b.path = path;
  const auto limits = k_baseline_limits;
  auto root = yaml::parse(text, diags, limits);
  if (!root) {
    return std::nullopt;
  }
  yaml::Fields top(&*root, diags, k_baseline_fields, "the baseline");
  const auto version = top.integer("qicase-baseline", 1, 1);
  if (!version) {
    return std::nullopt;
  }
  if (const auto* list = top.list("findings")) {
    b.entries.reserve(list->children.size());
    for (const auto& item : list->children) {
      yaml::Fields f(&item, diags, k_entry_fields, "a baseline entry", item.mark);
      if (!f.ok()) {
        continue;
      }
      BaselineEntry e;
      e.mark = item.mark;
      e.file = f.text("file").value_or("");
      e.case_id = f.text("case").value_or("");
      e.rule = f.text("rule").value_or("");
      e.item = f.text("item").value_or("");
      e.count = static_cast<std::size_t>(f.integer("count", 1, 1'000'000'000).value_or(1));
      if (!e.rule.empty() && !is_finding(e.rule)) {
        diags.error(f.mark_of("rule"), "config.value",
                    fmt::format("`{}` is not a finding{}: a file problem is never baselined, fix it",
                                utf8_prefix(e.rule, 60),
                                find_rule(e.rule) == nullptr ? " (no such rule)" : ""));
        continue;
      }
      if (!e.file.empty() && !e.rule.empty()) {
        b.entries.push_back(std::move(e));
      }
    }
  }
  return b;
}

std::string render_baseline(const std::vector<FileResult>& results)
{
  std::map<Key, std::size_t> counts;
  for (const auto& r : results) {
    for (const auto& d : r.diags.items()) {
      if (baselined(d)) {
        ++counts[Key{file_key(r), case_id(r), d.rule, d.item}];
      }
    }
  }
  std::string out =
    "# Known findings: `qicase check --baseline FILE` fails only on findings not listed here.\n"
    "# Made by `qicase check --format baseline PATH...`. A finding is known by its file (its path\n"
    "# in its repository), case, rule and item (keys and item ids, not lines). File problems are\n"
    "# never listed: they must be fixed. See qicase-check(1), BASELINE.\n"
    "qicase-baseline: 1\n";
  if (counts.empty()) {
    return out + "findings: []\n";
  }
  out += "findings:\n";
  for (const auto& [key, n] : counts) {
    const auto& [file, id, rule, item] = key;
    // JSON strings are YAML double-quoted scalars: any text reads back exactly.
    out += fmt::format("  - {{file: {}, case: {}, rule: {}, item: {}{}}}\n", json::quote(file),
                       json::quote(id), json::quote(rule), json::quote(item),
                       n > 1 ? fmt::format(", count: {}", n) : "");
  }
  return out;
}

void know_all(std::vector<FileResult>& results)
{
  for (auto& r : results) {
    for (auto& d : r.diags.items()) {
      if (baselined(d)) {
        d.baseline = BaselineState::unchanged;
      }
    }
  }
}

std::vector<BaselineEntry> apply_baseline(std::vector<FileResult>& results, const Baseline& baseline,
                                          const std::string& root)
{
  std::map<Key, std::size_t> left; // how many more findings each key may cover
  std::map<Key, const BaselineEntry*> first;
  for (const auto& e : baseline.entries) {
    Key key{std::filesystem::path(e.file).lexically_normal().generic_string(), e.case_id, e.rule, e.item};
    left[key] += e.count;
    first.emplace(key, &e);
  }
  std::set<std::string> files; // of the run: only their known findings can be found absent
  for (auto& r : results) {
    if (!root.empty() && r.repo_root != root) {
      continue; // another repository's files: its own baseline judges them
    }
    files.insert(file_key(r));
    for (auto& d : r.diags.items()) {
      if (!baselined(d)) {
        continue;
      }
      auto it = left.find(Key{file_key(r), case_id(r), d.rule, d.item});
      if (it != left.end() && it->second > 0) {
        --it->second;
        d.baseline = BaselineState::unchanged;
      } else {
        d.baseline = BaselineState::new_finding;
      }
    }
  }
  std::vector<BaselineEntry> absent;
  for (const auto& [key, n] : left) {
    if (n > 0 && files.count(std::get<0>(key)) != 0) {
      BaselineEntry e = *first.at(key);
      e.count = n;
      absent.push_back(std::move(e));
    }
  }
  return absent;
}

} // namespace qicase::check

#include <cli/config.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cli/app.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/file.hpp>
#include <qicase/core/text.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/loader.hpp>

namespace qicase::cli {

namespace fs = std::filesystem;

const std::vector<std::string_view>& config_keys()
{
  static const std::vector<std::string_view> k_keys = {
    "calendar", "policy", "exclude", "schema-dir", "soon", "format", "baseline", "require-pinned-evidence"};
  return k_keys;
}

namespace {

// The nearest folder from `folder` up that holds .qicase.yaml; none past one that holds .git.
std::string find_config(const std::string& folder)
{
  fs::path p(folder);
  std::error_code ec;
  for (int guard = 0; guard < 256; ++guard) {
    // Whatever is there (a pipe, a folder, a link that loops): reading it says what is wrong,
    // rather than a configuration silently ignored.
    if (fs::exists(fs::symlink_status(p / ".qicase.yaml", ec))) {
      return (p / ".qicase.yaml").string();
    }
    if (fs::exists(p / ".git", ec) || !p.has_parent_path() || p.parent_path() == p) {
      break;
    }
    p = p.parent_path();
  }
  return {};
}

} // namespace

namespace {

using yaml::As;
using yaml::Req;
// clang-format off
constexpr yaml::Field k_config_fields[] = {
  {"calendar",   As::text, Req::no},
  {"policy",     As::text, Req::no},
  {"exclude",    As::texts, Req::no},
  {"schema-dir", As::text, Req::no},
  {"soon",       As::text, Req::no},
  {"format",     As::map,  Req::no},
  {"baseline",   As::text, Req::no},
  {"require-pinned-evidence", As::boolean, Req::no},
};
// clang-format on

// Where a setting was written: "path:line".
using Origin = std::function<std::string(Mark)>;

// The configuration file's tree: none when it cannot be read, holds nothing (it only marks the
// repository root) or is not YAML (said in `diags`).
// A configuration is a few lines: 64 KiB bounds what a stray file can cost every run.
constexpr yaml::Limits k_config_limits{64u << 10, 64, 250000};

std::optional<yaml::Node> parse_tree(std::string_view text, const std::string& shown, Diagnostics& diags)
{
  if (text.size() > k_config_limits.max_bytes) {
    diags.error({}, "config.file", "over 64 KiB: a configuration is a few lines");
    return std::nullopt;
  }
  if (trim(text, " \t\r\n").empty()) {
    return std::nullopt; // an empty file only marks the repository root
  }
  Diagnostics parsed(shown);
  auto root = yaml::parse(text, parsed, k_config_limits);
  if (!root) {
    // Only comments (or nothing): a file that just marks the root.
    const bool empty = parsed.items().size() == 1 && parsed.items()[0].rule == "file.empty";
    if (!empty) {
      diags.append(parsed);
    }
    return std::nullopt;
  }
  diags.append(parsed);
  if (root->is_null()) {
    return std::nullopt;
  }
  return root;
}

// The settings of one value each: calendar, policy, schema-dir, soon, baseline. A calendar or
// baseline file is named relative to the configuration.
void read_settings(yaml::Fields& top, Config& c, const Origin& origin, Diagnostics& diags)
{
  const auto text = [&](std::string_view key, std::optional<Setting>& out) {
    if (auto v = top.text(key)) {
      out = Setting{*v, origin(top.mark_of(key))};
    }
  };
  text("calendar", c.calendar);
  text("policy", c.policy);
  text("schema-dir", c.schema_dir);
  text("soon", c.soon);
  text("baseline", c.baseline);
  if (auto pinned = top.boolean("require-pinned-evidence")) {
    c.require_pinned = Setting{*pinned ? "true" : "false", origin(top.mark_of("require-pinned-evidence"))};
  }
  if (c.baseline) {
    c.baseline->value = shown_path((fs::path(c.folder) / c.baseline->value).lexically_normal().string());
  }
  if (c.calendar) {
    // A calendar file is named relative to the configuration; an id is as it is.
    std::error_code ec;
    const auto file = fs::path(c.folder) / c.calendar->value;
    if (fs::is_regular_file(file, ec)) {
      c.calendar->value = shown_path(file.lexically_normal().string());
    }
  }
  if (c.soon && !calendar::parse_duration(c.soon->value).duration) {
    diags.error(
      top.mark_of("soon"), "config.value",
      fmt::format("`soon: {}` is not a duration: write e.g. 7d, 5bd or 2w", utf8_prefix(c.soon->value, 40)));
    c.soon.reset();
  }
}

// `exclude`: one pattern or a list of them.
void read_exclude(yaml::Fields& top, Config& c, const Origin& origin, Diagnostics& diags)
{
  if (const yaml::Node* exclude = top.find("exclude")) {
    if (exclude->is_scalar()) {
      c.exclude.push_back({exclude->text, origin(exclude->mark)});
    } else if (const auto* list = top.list("exclude")) {
      for (const auto& item : list->children) {
        if (auto v = yaml::read_text(item, diags, "an exclude pattern")) {
          c.exclude.push_back({*v, origin(item.mark)});
        }
      }
    }
  }
}

// `format`: a command's default format, one it prints.
void read_formats(yaml::Fields& top, Config& c, const Origin& origin, Diagnostics& diags)
{
  const auto* formats = top.map("format");
  if (formats == nullptr) {
    return;
  }
  std::vector<std::string_view> names;
  for (const auto& command : commands()) {
    names.push_back(command.name);
  }
  for (std::size_t i = 0; i < formats->keys.size(); ++i) {
    const auto& key = formats->keys[i];
    const auto& value = formats->children[i];
    const auto known = std::find(names.begin(), names.end(), key.name) != names.end();
    if (!known) {
      diags.error(key.mark, "config.key",
                  fmt::format("`format: {}`: not a command{}", utf8_prefix(key.name, 40),
                              did_you_mean(key.name, names)));
      continue;
    }
    auto v = yaml::read_text(value, diags, "a format");
    if (!v) {
      continue;
    }
    const auto& offered = formats_of(key.name);
    if (std::find(offered.begin(), offered.end(), *v) == offered.end()) {
      diags.error(value.mark, "config.value",
                  fmt::format("`{}: {}`: {} prints {}", key.name, utf8_prefix(*v, 40), key.name,
                              fmt::join(offered, ", ")));
      continue;
    }
    c.format[key.name] = Setting{*v, origin(value.mark)};
  }
}

} // namespace

Config load_config(const std::string& folder, Diagnostics& diags)
{
  const auto path = find_config(folder);
  if (path.empty()) {
    return {};
  }
  const std::string shown = shown_path(path);
  auto read = read_file(path, k_config_limits.max_bytes, /*regular_only=*/true);
  if (!read.error.empty() || read.too_large) {
    Config c;
    c.path = path;
    c.folder = fs::path(path).parent_path().string();
    diags = Diagnostics(shown);
    diags.error({}, "config.file",
                read.too_large ? "over 64 KiB: a configuration is a few lines"
                               : fmt::format("cannot read it: {}", read.error));
    return c;
  }
  return parse_config(path, shown, read.text, diags);
}

Config parse_config(const std::string& path, const std::string& shown, std::string_view text,
                    Diagnostics& diags)
{
  Config c;
  c.path = path;
  c.folder = fs::path(c.path).parent_path().string();
  diags = Diagnostics(shown);
  const auto root = parse_tree(text, shown, diags);
  if (!root) {
    return c;
  }
  const Origin origin = [&](Mark m) { return fmt::format("{}:{}", shown, m.line); };
  yaml::Fields top(&*root, diags, k_config_fields, "the configuration");
  read_settings(top, c, origin, diags);
  read_exclude(top, c, origin, diags);
  read_formats(top, c, origin, diags);
  return c;
}

} // namespace qicase::cli

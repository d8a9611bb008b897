// qicase config: the settings in effect for a run from this folder, and where each comes from
// (.qicase.yaml, the command line, or the default): what `git config --show-origin` gives.
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/text.hpp>
#include <qicase/workspace/document.hpp>

namespace qicase::cli {

namespace {

// One setting in effect: its key, its value and where it comes from.
struct Row
{
  std::string key;
  std::string value;
  std::string origin;
};

// What `config` prints: the file read (none: "") and every setting.
struct Settings
{
  std::string file;
  std::vector<Row> rows;
};

// The settings of a run prepared from here: each the command line's, else the file's, else
// the default.
Settings settings(const Runtime& rt)
{
  const Config& c = rt.config();
  Settings out{c.path.empty() ? std::string() : shown_path(c.path), {}};
  const auto add = [&](std::string key, const std::optional<Setting>& s, const std::string& fallback,
                       bool given = false, const std::string& value = {}) {
    out.rows.push_back(given ? Row{std::move(key), value, "command line"}
                       : s   ? Row{std::move(key), s->value, s->origin}
                             : Row{std::move(key), fallback, "default"});
  };
  add("calendar", c.calendar, "us-federal", rt.options.calendar_given, rt.options.calendar);
  add("policy", c.policy, "lre-4.9a");
  add("schema-dir", c.schema_dir, "(the installed schemas)");
  add("baseline", c.baseline, "(none)");
  add("require-pinned-evidence", c.require_pinned, "false");
  add("soon", c.soon, "7d");
  const std::size_t from_file = c.exclude.size();
  for (std::size_t i = 0; i < rt.options.exclude.size(); ++i) {
    out.rows.push_back(
      {"exclude", rt.options.exclude[i], i < from_file ? c.exclude[i].origin : "command line"});
  }
  for (const auto& command : commands()) {
    if (auto it = c.format.find(std::string(command.name)); it != c.format.end()) {
      out.rows.push_back({"format." + std::string(command.name), it->second.value, it->second.origin});
    }
  }
  return out;
}

std::string settings_text(const Settings& s)
{
  std::string out = fmt::format(
    "# {}\n", s.file.empty() ? "no .qicase.yaml from here up to the repository root" : s.file);
  for (const auto& r : s.rows) {
    out += fmt::format("{:<24} {:<28} {}\n", r.key, r.value, r.origin);
  }
  return out;
}

std::string settings_json(const Settings& s)
{
  json::Value doc = json::Value::object();
  doc.set("file", s.file.empty() ? json::Value() : json::Value(s.file));
  json::Value list = json::Value::array();
  for (const auto& r : s.rows) {
    json::Value item = json::Value::object();
    item.set("key", r.key);
    item.set("value", r.value);
    item.set("origin", r.origin);
    list.push(std::move(item));
  }
  doc.set("settings", std::move(list));
  return doc.dump(2) + "\n";
}

constexpr Format<Settings> k_config_formats[] = {{"text", &settings_text}, {"json", &settings_json}};

} // namespace

void setup_config(CLI::App& cmd, Runtime& rt)
{
  auto path = std::make_shared<std::string>();
  cmd
    .add_option("path", *path,
                "a case file or folder: the settings of its repository (default: the current folder)")
    ->type_name("PATH");
  cmd.callback([&rt, path] {
    if (!path->empty() && !std::filesystem::exists(*path)) {
      rt.usage_error(fmt::format("{}: no such file or folder", escape_line(*path)));
      return;
    }
    if (!rt.prepare(formats_of("config"), path->empty() ? std::vector<std::string>{} : std::vector{*path})) {
      return;
    }
    rt.emit(Formats<Settings>(k_config_formats), settings(rt));
  });
}

} // namespace qicase::cli

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
    const Config& c = rt.config();
    struct Row
    {
      std::string key;
      std::string value;
      std::string origin;
    };
    std::vector<Row> rows;
    const auto from = [&](const std::optional<Setting>& s, bool given, const std::string& value,
                          const std::string& fallback) -> Row {
      if (given) {
        return {"", value, "command line"};
      }
      return s ? Row{"", s->value, s->origin} : Row{"", fallback, "default"};
    };
    auto calendar = from(c.calendar, rt.options.calendar_given, rt.options.calendar, "us-federal");
    calendar.key = "calendar";
    rows.push_back(calendar);
    auto policy = from(c.policy, false, "", "lre-4.9a");
    policy.key = "policy";
    rows.push_back(policy);
    auto schema_dir = from(c.schema_dir, false, "", "(the installed schemas)");
    schema_dir.key = "schema-dir";
    rows.push_back(schema_dir);
    auto baseline = from(c.baseline, false, "", "(none)");
    baseline.key = "baseline";
    rows.push_back(baseline);
    auto pinned = from(c.require_pinned, false, "", "false");
    pinned.key = "require-pinned-evidence";
    rows.push_back(pinned);
    auto soon = from(c.soon, false, "", "7d");
    soon.key = "soon";
    rows.push_back(soon);
    const std::size_t from_file = c.exclude.size();
    for (std::size_t i = 0; i < rt.options.exclude.size(); ++i) {
      rows.push_back(
        {"exclude", rt.options.exclude[i], i < from_file ? c.exclude[i].origin : "command line"});
    }
    for (const auto& command : commands()) {
      if (auto it = c.format.find(std::string(command.name)); it != c.format.end()) {
        rows.push_back({"format." + std::string(command.name), it->second.value, it->second.origin});
      }
    }
    if (rt.options.format == "json") {
      json::Value doc = json::Value::object();
      doc.set("file", c.path.empty() ? json::Value() : json::Value(shown_path(c.path)));
      json::Value list = json::Value::array();
      for (const auto& r : rows) {
        json::Value item = json::Value::object();
        item.set("key", r.key);
        item.set("value", r.value);
        item.set("origin", r.origin);
        list.push(std::move(item));
      }
      doc.set("settings", std::move(list));
      rt.out() << doc.dump(2) << "\n";
      return;
    }
    rt.out() << fmt::format("# {}\n", c.path.empty() ? "no .qicase.yaml from here up to the repository root"
                                                     : shown_path(c.path));
    for (const auto& r : rows) {
      rt.out() << fmt::format("{:<24} {:<28} {}\n", r.key, r.value, r.origin);
    }
  });
}

} // namespace qicase::cli

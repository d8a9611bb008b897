// qicase cap FILE...: per-deficiency status, monitoring schedule, overdue reports, escalation.
#include <ostream>

#include <cli/commands/commands.hpp>
#include <qicase/cap/cap.hpp>
#include <qicase/report/render.hpp>

namespace qicase::cli {

namespace {
struct CapOptions
{
  std::vector<std::string> files;
};
} // namespace

void setup_cap(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<CapOptions>();
  cmd.add_option("files", opts->files, "CAP files, or folders to search for CAPs")
    ->required()
    ->type_name("FILE");
  cmd.callback([&rt, opts] {
    if (!rt.prepare({"text", "json", "markdown", "csv"})) {
      return;
    }
    auto results = rt.run_files(opts->files, "cap");
    if (!results) {
      return;
    }
    rt.finish(*results);
    if (rt.options.quiet) {
      return;
    }
    const auto& format = rt.options.format;
    if (format == "json") {
      rt.out() << report::render_json(*results, rt.as_of().str(), rt.options.strict);
      return;
    }
    std::vector<cap::Entry> entries;
    std::vector<std::pair<cap::Entry, cap::Cap>> caps;
    for (const auto& r : *results) {
      if (!r.doc || r.doc->kind != "cap") {
        continue;
      }
      cap::Entry entry{r.path, r.doc->id, r.report};
      entries.push_back(entry);
      if (r.doc->usable() && format != "text") {
        Diagnostics scratch(r.path); // reported above
        caps.emplace_back(entry, cap::read_cap(*r.doc, *rt.context(), scratch));
      }
    }
    if (format == "markdown") {
      rt.out() << cap::render_markdown(caps);
    } else if (format == "csv") {
      rt.out() << cap::render_csv(caps);
    } else {
      rt.out() << cap::render_text(entries);
    }
  });
}

} // namespace qicase::cli

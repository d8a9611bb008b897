// qicase cap FILE...: per-deficiency status, monitoring schedule, overdue reports, escalation.
#include <ostream>

#include <cli/app.hpp>
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
    rt.keep_typed = true; // markdown and CSV render the CAP as the run read it
    rt.pack_trees = true;
    auto results = rt.kind_command(opts->files, "cap", formats_of("cap"));
    if (!results) {
      return;
    }
    const auto& format = rt.options.format;
    if (format == "text") {
      rt.out() << cap::render_text(Runtime::entries(*results, "cap"));
      return;
    }
    std::vector<std::pair<json::Entry, cap::Cap>> caps;
    for (const auto& r : *results) {
      if (auto c = Runtime::typed<cap::Cap>(r); c && r.doc->kind == "cap") {
        caps.emplace_back(json::Entry{r.path, r.doc->id, r.report}, *c);
      }
    }
    rt.out() << (format == "markdown" ? cap::render_markdown(caps) : cap::render_csv(caps));
  });
}

} // namespace qicase::cli

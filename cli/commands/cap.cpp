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
    rt.keep_typed = true; // the renderers take the CAP and its result as the run made them
    rt.keep_reports = rt.options.format == "json"; // the only format that prints the report
    rt.pack_trees = true;
    auto results = rt.kind_command(opts->files, "cap", formats_of("cap"));
    if (!results) {
      return;
    }
    const auto caps = Runtime::shown<cap::Cap, cap::Result>(*results, "cap");
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? cap::render_markdown(caps)
                 : format == "csv"    ? cap::render_csv(caps)
                                      : cap::render_text(caps));
  });
}

} // namespace qicase::cli

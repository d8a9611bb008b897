// qicase check PATH...: validate case files of any kind.
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/report/render.hpp>

namespace qicase::cli {

namespace {
struct CheckOptions
{
  std::vector<std::string> paths;
};
} // namespace

void setup_check(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<CheckOptions>();
  cmd.add_option("paths", opts->paths, "case files or folders (walked recursively)")
    ->type_name("PATH");
  cmd.callback([&rt, opts] {
    if (!rt.prepare(formats_of("check"))) {
      return;
    }
    if (opts->paths.empty()) {
      rt.usage_error("give the case files or folders to check, e.g. `qicase check .` (folders "
                     "are walked recursively)");
      return;
    }
    // Only json and markdown print the reports.
    rt.keep_reports = rt.options.format == "json" || rt.options.format == "markdown";
    rt.pack_trees = true; // every format prints only what run() returns
    auto results = rt.run_files(opts->paths, "");
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
    } else if (format == "markdown") {
      rt.out() << report::render_check_markdown(*results);
    } else if (format == "junit") {
      rt.out() << report::render_junit(*results, rt.options.strict);
    } else if (format == "sarif") {
      rt.out() << report::render_sarif(*results);
    } else if (format == "github") {
      rt.out() << report::render_github(*results);
    } else {
      rt.out() << report::render_summary(*results);
    }
  });
}

} // namespace qicase::cli

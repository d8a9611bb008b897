// qicase check PATH...: validate case files of any kind.
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <fmt/format.h>

#include <qicase/check/baseline.hpp>
#include <qicase/core/text.hpp>
#include <qicase/report/render.hpp>

namespace qicase::cli {

namespace {
struct CheckOptions
{
  std::vector<std::string> paths;
  std::string baseline;
};
} // namespace

void setup_check(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<CheckOptions>();
  cmd.add_option("paths", opts->paths, "case files or folders (walked recursively)")->type_name("PATH");
  cmd
    .add_option("--baseline", opts->baseline,
                "fail only on findings not in FILE (made by --format baseline); file problems "
                "always fail")
    ->type_name("FILE");
  cmd.callback([&rt, opts] {
    if (!rt.prepare(formats_of("check"))) {
      return;
    }
    if (opts->paths.empty()) {
      rt.usage_error("give the case files or folders to check, e.g. `qicase check .` (folders "
                     "are walked recursively)");
      return;
    }
    const auto& format = rt.options.format;
    // The baseline: the option's, else the configuration's (Runtime::run_files applies it).
    // `--format baseline` writes a new one, so it lists every finding and reads none.
    if (format == "baseline" && !opts->baseline.empty()) {
      rt.usage_error("--format baseline prints every finding as a new baseline: leave out --baseline");
      return;
    }
    // Only json and markdown print the reports; every format prints only what the run returns.
    auto results = rt.run_files(opts->paths, Request{.keep_reports = format == "json" || format == "markdown",
                                                     .pack_trees = true,
                                                     .baseline = opts->baseline,
                                                     .baseline_all_known = format == "baseline"});
    if (!results) {
      return;
    }
    const auto& absent = rt.baseline_absent();
    rt.finish(*results);
    if (!absent.empty()) {
      std::size_t gone = 0;
      for (const auto& e : absent) {
        gone += e.count;
      }
      rt.err() << fmt::format("qicase: note: {} finding{} of the baseline {} {} no longer found: "
                              "make a new one with `qicase check --format baseline`\n",
                              gone, gone == 1 ? "" : "s", escape_line(rt.baseline_path()),
                              gone == 1 ? "is" : "are");
    }
    if (rt.options.quiet) {
      return;
    }
    if (format == "baseline") {
      rt.out() << check::render_baseline(*results);
    } else if (format == "json") {
      rt.out() << report::render_check_json(*results, rt.as_of().str(), rt.options.strict);
    } else if (format == "markdown") {
      rt.out() << report::render_check_markdown(*results);
    } else if (format == "junit") {
      rt.out() << report::render_junit(*results, rt.options.strict);
    } else if (format == "sarif") {
      rt.out() << report::render_sarif(*results, rt.baseline_path().empty() ? nullptr : &absent,
                                       {rt.command_line, rt.status(), rt.baseline_path()});
    } else if (format == "github") {
      rt.out() << report::render_github(*results);
    } else {
      rt.out() << report::render_summary(*results);
    }
  });
}

} // namespace qicase::cli

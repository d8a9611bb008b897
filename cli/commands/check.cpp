// qicase check PATH...: validate case files of any kind.
#include <algorithm>
#include <filesystem>
#include <optional>
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
  std::vector<std::string> outputs; // --output FORMAT=FILE
};

// What the renderers of `check` take: the run's results, and the runtime for its as-of, status,
// command line and baselines (SARIF records them).
struct Checked
{
  const Runtime& rt;
  const std::vector<check::FileResult>& results;
};

std::string sarif(const Checked& c)
{
  const auto& rt = c.rt;
  return report::render_sarif(c.results, rt.baseline_path().empty() ? nullptr : &rt.baseline_absent(),
                              {rt.command_line, rt.status(), rt.baseline_path()});
}

// The formats of `check`: JSON prints each case's report (markdown lists the files and their
// problems).
constexpr Format<Checked> k_check_formats[] = {
  {"text", [](const Checked& c) { return report::render_summary(c.results); }},
  {"json",
   [](const Checked& c, Sink& out) {
     report::render_check_json(c.results, c.rt.as_of().str(), c.rt.options.strict, out);
   },
   /*reports=*/true},
  {"markdown", [](const Checked& c) { return report::render_check_markdown(c.results); }},
  {"junit", [](const Checked& c) { return report::render_junit(c.results, c.rt.options.strict); }},
  {"sarif", &sarif},
  {"github", [](const Checked& c) { return report::render_github(c.results); }},
  {"baseline", [](const Checked& c) { return check::render_baseline(c.results); }},
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
  add_output_option(cmd, opts->outputs, "sarif=qicase.sarif junit=qicase.xml");
  cmd.callback([&rt, opts] {
    if (!rt.prepare(formats_of("check"), opts->paths)) {
      return;
    }
    if (opts->paths.empty()) {
      rt.usage_error("give the case files or folders to check, e.g. `qicase check .` (folders "
                     "are walked recursively)");
      return;
    }
    // `baseline` changes what the run counts as known: only as --format.
    const auto outputs = rt.outputs(opts->outputs, formats_of("check"), {"baseline"});
    if (!outputs) {
      return;
    }
    const auto& format = rt.options.format;
    // The baseline: the option's, else the configuration's (Runtime::run_files applies it).
    // `--format baseline` writes a new one, so it lists every finding and reads none.
    if (format == "baseline" && !opts->baseline.empty()) {
      rt.usage_error("--format baseline prints every finding as a new baseline: leave out --baseline");
      return;
    }
    // Only the formats that print the reports have them built.
    const Formats<Checked> formats(k_check_formats);
    auto results = rt.run_files(opts->paths, Request{.keep_reports = rt.shows_reports(formats, *outputs),
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
    // Each --output from the same run (one read of every file), never over a file it read.
    rt.emit(formats, Checked{rt, *results}, *outputs, *results);
  });
}

} // namespace qicase::cli

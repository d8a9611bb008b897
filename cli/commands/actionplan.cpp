// qicase actionplan FILE...: S.M.A.R.T. goal checks, cycle timeliness, progress, attainment.
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/actionplan/actionplan.hpp>

namespace qicase::cli {

namespace {
struct ActionplanOptions
{
  std::vector<std::string> files;
};
} // namespace

void setup_actionplan(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<ActionplanOptions>();
  cmd.add_option("files", opts->files, "action plan files, or folders to search for them")
    ->required()
    ->type_name("FILE");
  cmd.callback([&rt, opts] {
    rt.keep_typed = true; // the renderers take the plan and its result as the run made them
    rt.keep_reports = rt.options.format == "json"; // the only format that prints the report
    rt.pack_trees = true;
    auto results = rt.kind_command(opts->files, "actionplan", formats_of("actionplan"));
    if (!results) {
      return;
    }
    const auto plans = Runtime::shown<actionplan::Plan, actionplan::Result>(*results, "actionplan");
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? actionplan::render_markdown(plans)
                 : format == "csv"    ? actionplan::render_csv(plans)
                                      : actionplan::render_text(plans));
  });
}

} // namespace qicase::cli

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
    rt.keep_typed = true; // every format renders the plan as the run read it
    rt.pack_trees = true;
    auto results = rt.kind_command(opts->files, "actionplan", formats_of("actionplan"));
    if (!results) {
      return;
    }
    std::vector<std::pair<json::Entry, actionplan::Plan>> plans;
    for (const auto& r : *results) {
      if (!r.doc || r.doc->kind != "actionplan") {
        continue;
      }
      const auto p = Runtime::typed<actionplan::Plan>(r);
      plans.emplace_back(json::Entry{r.path, r.doc->id, r.report}, p ? *p : actionplan::Plan{});
    }
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? actionplan::render_markdown(plans)
                 : format == "csv"    ? actionplan::render_csv(plans)
                                      : actionplan::render_text(plans));
  });
}

} // namespace qicase::cli

// qicase actionplan FILE...: S.M.A.R.T. goal checks, cycle timeliness, progress, attainment.
#include <cli/commands/case_command.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/actionplan/actionplan.hpp>

namespace qicase::cli {

void setup_actionplan(CLI::App& cmd, Runtime& rt)
{
  setup_case_command<actionplan::Plan, actionplan::Result>(
    cmd, rt, "actionplan", "action plan files, or folders to search for them",
    k_case_formats<actionplan::Plan, actionplan::Result, &actionplan::render_text,
                   &actionplan::render_markdown, &actionplan::render_csv>);
}

} // namespace qicase::cli

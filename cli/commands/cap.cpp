// qicase cap FILE...: per-deficiency status, monitoring schedule, overdue reports, escalation.
#include <cli/commands/case_command.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/cap/cap.hpp>

namespace qicase::cli {

void setup_cap(CLI::App& cmd, Runtime& rt)
{
  setup_case_command<cap::Cap, cap::Result>(
    cmd, rt, "cap", "CAP files, or folders to search for CAPs",
    k_case_formats<cap::Cap, cap::Result, &cap::render_text, &cap::render_markdown, &cap::render_csv>);
}

} // namespace qicase::cli

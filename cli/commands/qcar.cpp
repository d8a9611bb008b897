// qicase qcar FILE...: remediation deadline, extension, coverage of findings, evidence.
#include <cli/commands/case_command.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/qcar/qcar.hpp>

namespace qicase::cli {

void setup_qcar(CLI::App& cmd, Runtime& rt)
{
  setup_case_command<qcar::Qcar, qcar::Result>(
    cmd, rt, "qcar", "QCAR files, or folders to search for QCARs",
    k_case_formats<qcar::Qcar, qcar::Result, &qcar::render_text, &qcar::render_markdown, &qcar::render_csv>);
}

} // namespace qicase::cli

// qicase qcar FILE...: remediation deadline, extension, coverage of findings, evidence.
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/qcar/qcar.hpp>
#include <qicase/report/render.hpp>

namespace qicase::cli {

namespace {
struct QcarOptions
{
  std::vector<std::string> files;
};
} // namespace

void setup_qcar(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<QcarOptions>();
  cmd.add_option("files", opts->files, "QCAR files, or folders to search for QCARs")
    ->required()
    ->type_name("FILE");
  cmd.callback([&rt, opts] {
    rt.keep_typed = true; // the renderers take the QCAR and its result as the run made them
    rt.keep_reports = rt.options.format == "json"; // the only format that prints the report
    rt.pack_trees = true;
    auto results = rt.kind_command(opts->files, "qcar", formats_of("qcar"));
    if (!results) {
      return;
    }
    const auto qcars = Runtime::shown<qcar::Qcar, qcar::Result>(*results, "qcar");
    const auto& format = rt.options.format;
    rt.out() << (format == "csv"        ? qcar::render_csv(qcars)
                 : format == "markdown" ? qcar::render_markdown(qcars)
                                        : qcar::render_text(qcars));
  });
}

} // namespace qicase::cli

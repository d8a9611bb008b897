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
    rt.keep_typed = true; // the CSV renders the QCAR as the run read it
    rt.pack_trees = true;
    auto results = rt.kind_command(opts->files, "qcar", formats_of("qcar"));
    if (!results) {
      return;
    }
    const auto& format = rt.options.format;
    if (format == "csv") {
      std::vector<std::pair<std::string, qcar::Qcar>> qcars;
      for (const auto& r : *results) {
        if (auto q = Runtime::typed<qcar::Qcar>(r); q && r.doc->kind == "qcar") {
          qcars.emplace_back(r.path, *q);
        }
      }
      rt.out() << qcar::render_csv(qcars);
      return;
    }
    const auto entries = Runtime::entries(*results, "qcar");
    rt.out() << (format == "markdown" ? qcar::render_markdown(entries) : qcar::render_text(entries));
  });
}

} // namespace qicase::cli

// qicase evidence [PATH...]: the manifest of every document the cases cite, checked on disk.
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/core/file.hpp>
#include <qicase/core/text.hpp>
#include <qicase/report/evidence.hpp>

namespace qicase::cli {

namespace {
struct EvidenceOptions
{
  std::vector<std::string> paths;
  bool unpinned = false;
};

// What the manifest's renderers take: every document cited, as of --as-of.
struct Manifest
{
  const evidence::Entries& entries;
  std::string as_of;
};

constexpr Format<Manifest> k_evidence_formats[] = {
  {"text", [](const Manifest& m) { return report::render_evidence_text(m.entries); }},
  {"json", [](const Manifest& m) { return report::render_evidence_json(m.entries, m.as_of); }},
  {"csv", [](const Manifest& m) { return report::render_evidence_csv(m.entries); }},
  {"xlsx", [](const Manifest& m) { return report::render_evidence_xlsx(m.entries); }},
};

} // namespace

void setup_evidence(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<EvidenceOptions>();
  cmd.add_option("paths", opts->paths, "case files or folders (default: the current folder)")
    ->type_name("PATH");
  cmd.add_flag("--unpinned", opts->unpinned,
               "print a patch that pins each unpinned document (sha256 and size), for patch -p1 "
               "or git apply");
  cmd.callback([&rt, opts] {
    if (!rt.prepare(formats_of("evidence"), opts->paths)) {
      return;
    }
    const std::vector<std::string> paths = opts->paths.empty() ? std::vector<std::string>{"."} : opts->paths;
    // The manifest shows every document's hash now.
    // It reads nothing but the run's results: trees packed until checked.
    auto results = rt.run_files(
      paths, Request{.keep_reports = false, .pack_trees = true, .evidence = EvidenceMode::manifest});
    if (!results) {
      return;
    }
    rt.finish(*results);
    if (rt.options.quiet) {
      return;
    }
    const auto entries = report::manifest(*results);
    if (opts->unpinned) {
      // Read again only to quote the lines the patch adds under; never written.
      const auto pin = report::render_pins(entries,
                                           [](const std::string& path) -> std::optional<std::string> {
                                             auto read = read_file(path, 4u << 20);
                                             if (!read.error.empty() || read.too_large) {
                                               return std::nullopt;
                                             }
                                             return std::move(read.text);
                                           });
      for (const auto& s : pin.skipped) {
        rt.err() << "qicase: note: " << escape_line(s) << "\n";
      }
      rt.out() << pin.patch;
      return;
    }
    rt.emit(Formats<Manifest>(k_evidence_formats), Manifest{entries, rt.as_of().str()});
  });
}

} // namespace qicase::cli

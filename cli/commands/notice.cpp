// qicase notice FILE...: response deadline and status; --render prints the notice as a letter.
#include <ostream>

#include <cli/commands/commands.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/report/render.hpp>

namespace qicase::cli {

namespace {
struct NoticeOptions
{
  std::vector<std::string> files;
  bool render = false;
};
} // namespace

void setup_notice(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<NoticeOptions>();
  cmd.add_option("files", opts->files, "notice files, or folders to search for notices")
    ->required()
    ->type_name("FILE");
  cmd.add_flag("--render", opts->render,
               "print each notice as a letter in markdown (basis, evidence, response date, "
               "opportunity to contest)");
  cmd.callback([&rt, opts] {
    if (!rt.prepare({"text", "json", "markdown", "csv"})) {
      return;
    }
    auto results = rt.run_files(opts->files, "notice");
    if (!results) {
      return;
    }
    rt.finish(*results);
    if (rt.options.quiet) {
      return;
    }
    if (opts->render) {
      bool first = true;
      for (const auto& r : *results) {
        if (!r.doc || !r.doc->usable() || r.doc->kind != "notice") {
          continue;
        }
        Diagnostics scratch(r.path); // already reported above
        auto n = notice::read_notice(*r.doc, *rt.context(), scratch);
        rt.out() << (first ? "" : "\n---\n\n") << notice::render_letter(n);
        first = false;
      }
      return;
    }
    if (rt.options.format == "json") {
      rt.out() << report::render_json(*results, rt.as_of().str(), rt.options.strict);
      return;
    }
    std::vector<notice::Entry> entries;
    for (const auto& r : *results) {
      if (r.doc && r.doc->kind == "notice") {
        entries.push_back({r.path, r.doc->id, r.report});
      }
    }
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? notice::render_markdown(entries)
                 : format == "csv"    ? notice::render_csv(entries)
                                      : notice::render_text(entries));
  });
}

} // namespace qicase::cli

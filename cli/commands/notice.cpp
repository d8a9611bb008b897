// qicase notice FILE...: response deadline and status; --render prints the notice as a letter.
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
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
    if (opts->render && rt.options.format != "text" && rt.options.format != "markdown") {
      rt.usage_error(fmt::format("--render prints the notice as a markdown letter: drop "
                                 "--format {} (or drop --render for the report)",
                                 rt.options.format));
      return;
    }
    auto results = rt.kind_command(opts->files, Request{.kind = "notice"}, formats_of("notice"));
    if (!results) {
      return;
    }
    const auto notices = Runtime::shown<notice::Notice, notice::Result>(*results, "notice");
    if (opts->render) {
      bool first = true;
      for (const auto& s : notices) {
        if (s.reported()) {
          rt.out() << (first ? "" : "\n---\n\n") << notice::render_letter(*s.read);
          first = false;
        }
      }
      return;
    }
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? notice::render_markdown(notices)
                 : format == "csv"    ? notice::render_csv(notices)
                                      : notice::render_text(notices));
  });
}

} // namespace qicase::cli

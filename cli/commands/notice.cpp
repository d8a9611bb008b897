// qicase notice FILE...: response deadline and status; --render prints the notice as a letter.
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/case_command.hpp>
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
// Each notice as a letter in markdown, the letters apart by a rule (`--render`).
std::string letters(const CaseRun<notice::Notice, notice::Result>& run)
{
  std::string out;
  for (const auto& s : run.cases) {
    if (s.reported()) {
      out += (out.empty() ? "" : "\n---\n\n") + notice::render_letter(*s.read);
    }
  }
  return out;
}

constexpr auto& k_notice_formats = k_case_formats<notice::Notice, notice::Result, &notice::render_text,
                                                  &notice::render_markdown, &notice::render_csv>;
// `--render`: the letter is markdown, in text and markdown alike.
constexpr Format<CaseRun<notice::Notice, notice::Result>> k_notice_letters[] = {{"text", &letters},
                                                                                {"markdown", &letters}};

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
    using Run = CaseRun<notice::Notice, notice::Result>;
    if (opts->render && !Runtime::offers(Formats<Run>(k_notice_letters), rt.options.format)) {
      rt.usage_error(fmt::format("--render prints the notice as a markdown letter: drop "
                                 "--format {} (or drop --render for the report)",
                                 rt.options.format));
      return;
    }
    run_case_command(rt, opts->files, Request{.kind = "notice"}, "notice",
                     opts->render ? Formats<Run>(k_notice_letters) : Formats<Run>(k_notice_formats));
  });
}

} // namespace qicase::cli

// qicase report [PATH...]: the oversight portfolio as of --as-of, one section per delegate, for
// the committee (4.9A K): html (one self-contained page), markdown or json.
#include <algorithm>
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <cli/git.hpp>
#include <qicase/core/text.hpp>
#include <qicase/portfolio/portfolio.hpp>

namespace qicase::cli {

namespace {
struct ReportOptions
{
  std::vector<std::string> paths;
  std::string soon;
  std::string delegate;
  std::string link_base;
  std::vector<std::string> outputs; // --output FORMAT=FILE
};

} // namespace

constexpr Format<portfolio::Portfolio> k_report_formats[] = {
  {"html", &portfolio::render_html},
  {"markdown", &portfolio::render_markdown},
  {"json", &portfolio::render_json},
};

void setup_report(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<ReportOptions>();
  cmd.add_option("paths", opts->paths, "case files or folders (default: the current folder)")
    ->type_name("PATH");
  add_output_option(cmd, opts->outputs, "json=portfolio.json markdown=portfolio.md");
  cmd.add_option("--soon", opts->soon, "due-soon means due within DURATION (default 7d, as for due)")
    ->type_name("DURATION");
  cmd
    .add_option(
      "--delegate", opts->delegate,
      "one delegate's packet: its registry id, a name or an alias (else the delegates whose name or id "
      "contains TEXT); none: exit 2")
    ->type_name("TEXT");
  cmd
    .add_option("--link-base", opts->link_base,
                "links to case files start with URL (ending in /): ../ for a page written one "
                "folder down, or the repository's web view")
    ->type_name("URL");
  cmd.callback([&rt, opts] {
    if (!rt.prepare(formats_of("report"), opts->paths)) {
      return;
    }
    const auto outputs = rt.outputs(opts->outputs, formats_of("report"));
    if (!outputs) {
      return;
    }
    if (!opts->link_base.empty() && !portfolio::valid_link_base(opts->link_base)) {
      rt.usage_error(fmt::format("--link-base {}: write a relative folder or an http(s) URL "
                                 "ending in /, e.g. ../ or https://git.example/repo/blob/main/",
                                 escape_line(utf8_prefix(opts->link_base, 80))));
      return;
    }
    const auto soon = rt.soon_arg(opts->soon);
    if (!soon) {
      return;
    }
    const std::vector<std::string> paths = opts->paths.empty() ? std::vector<std::string>{"."} : opts->paths;
    // The portfolio is built from each case's typed reading and result and renders its own
    // JSON, never a case's report. What it shows of obligations: those not met (next deadline,
    // overdue, due soon) and those met late; one met on time is only counted as done.
    const Request request{.obligations = true,
                          .keep_obligation = [](const Obligation& o) { return !o.done || o.met_late(); },
                          .keep_reports = false,
                          .keep_typed = true,
                          .pack_trees = true};
    long soon_days = 7;
    auto results = rt.run_files(paths, request, [&](Request&, const Context& ctx) {
      soon_days = Runtime::soon_days(ctx, *soon);
      return true;
    });
    if (!results) {
      return;
    }
    rt.finish(*results);
    std::optional<check::DelegatesNamed> only;
    if (!opts->delegate.empty()) {
      only = rt.delegates_named(*results, opts->delegate);
      if (!only) {
        return;
      }
    }
    auto portfolio = portfolio::build(*results, *rt.context(), soon_days, only ? &*only : nullptr);
    portfolio.link_base = opts->link_base;
    // What it was made from: the commit of the repository of the first file read, if any.
    const auto first = std::find_if(results->begin(), results->end(),
                                    [](const check::FileResult& r) { return !r.repo_root.empty(); });
    if (const auto revision = first == results->end() ? std::nullopt : revision_of(first->repo_root)) {
      portfolio.commit = revision->commit;
      portfolio.dirty = revision->dirty;
    }
    // Each --output from the same run, e.g. the page and its JSON figures.
    rt.emit(Formats<portfolio::Portfolio>(k_report_formats), portfolio, *outputs, *results);
  });
}

} // namespace qicase::cli

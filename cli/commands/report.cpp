// qicase report [PATH...]: the oversight portfolio as of --as-of, one section per delegate, for
// the committee (4.9A K): html (one self-contained page), markdown or json.
#include <algorithm>
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <cli/git.hpp>
#include <cli/revisions.hpp>
#include <qicase/core/text.hpp>
#include <qicase/diff/diff.hpp>
#include <qicase/portfolio/portfolio.hpp>

namespace qicase::cli {

namespace {
struct ReportOptions
{
  std::vector<std::string> paths;
  std::string soon;
  std::string delegate;
  std::string link_base;
  std::string from, to;             // --from, --to: the period of the packet
  std::string since;                // --since REV
  std::vector<std::string> outputs; // --output FORMAT=FILE
};

// `--from DATE --to DATE`: both or neither, from on or before to; judged as of `to`, so an
// `--as-of` of another day is refused. Nullopt with no period; false after a usage error.
std::optional<portfolio::Period> period_of(Runtime& rt, const ReportOptions& opts, bool& ok)
{
  ok = true;
  if (opts.from.empty() && opts.to.empty()) {
    return std::nullopt;
  }
  ok = false;
  if (opts.from.empty() || opts.to.empty()) {
    rt.usage_error("a period needs both --from DATE and --to DATE (e.g. --from 2024-07-01 --to 2024-09-30)");
    return std::nullopt;
  }
  const auto from = rt.date_arg(opts.from, "--from");
  const auto to = from ? rt.date_arg(opts.to, "--to") : std::nullopt;
  if (!to) {
    return std::nullopt;
  }
  if (*to < *from) {
    rt.usage_error(fmt::format("--to {} is before --from {}", to->str(), from->str()));
    return std::nullopt;
  }
  if (!rt.options.as_of.empty() && rt.as_of() != *to) {
    rt.usage_error(fmt::format("a packet for a period is judged as of its last day (--to {}): drop "
                               "--as-of {}",
                               to->str(), rt.as_of().str()));
    return std::nullopt;
  }
  ok = true;
  return portfolio::Period{*from, *to};
}

// `--since REV`: the repository at REV (from git) against the working tree, compared case by case
// as `diff` compares two revisions, under the report's paths; each change in words. Nullopt after
// a problem was printed.
std::optional<std::vector<portfolio::RecordChange>> changes_since(Runtime& rt, const std::string& rev,
                                                                  const std::vector<std::string>& paths)
{
  if (rev.starts_with("-")) {
    rt.usage_error(fmt::format("--since `{}`: a revision cannot begin with `-`; name a commit, branch or tag",
                               escape_line(utf8_prefix(rev, 80))));
    return std::nullopt;
  }
  Revisions revisions(rt);
  auto before = revisions.at(rev);
  auto after = before ? revisions.working_tree() : std::nullopt;
  auto compared = after ? revisions.compare(std::move(*before), std::move(*after), paths) : std::nullopt;
  if (!compared) {
    return std::nullopt;
  }
  std::vector<portfolio::RecordChange> out;
  const auto changes = changes_of(*compared);
  for (const auto& r : changes.results) {
    if (r.changes.empty()) {
      continue; // a file edited with nothing that matters
    }
    portfolio::RecordChange c{r.delegate, r.id, r.kind, diff::case_note(r, rt.as_of()), {}, r.unbacked()};
    for (const auto& change : r.changes) {
      c.lines.push_back(fmt::format("{} {} {}", diff::category_name(change.category), change.change,
                                    diff::change_text(change)));
    }
    out.push_back(std::move(c));
  }
  return out;
}

} // namespace

constexpr Format<portfolio::Portfolio> k_report_formats[] = {
  {"html", &portfolio::render_html},
  {"markdown", &portfolio::render_markdown},
  {"json", &portfolio::render_json},
  {"xlsx", &portfolio::render_xlsx},
};

namespace {

// What the command line asks of a report, checked before any file is read.
struct Asked
{
  std::vector<Runtime::Output> outputs;
  calendar::Duration soon;
  std::optional<portfolio::Period> period;
  std::vector<std::string> paths;
};

std::optional<Asked> asked_of(Runtime& rt, const ReportOptions& opts)
{
  if (!rt.prepare(formats_of("report"), opts.paths)) {
    return std::nullopt;
  }
  auto outputs = rt.outputs(opts.outputs, formats_of("report"));
  if (!outputs) {
    return std::nullopt;
  }
  if (!opts.link_base.empty() && !portfolio::valid_link_base(opts.link_base)) {
    rt.usage_error(fmt::format("--link-base {}: write a relative folder or an http(s) URL "
                               "ending in /, e.g. ../ or https://git.example/repo/blob/main/",
                               escape_line(utf8_prefix(opts.link_base, 80))));
    return std::nullopt;
  }
  const auto soon = rt.soon_arg(opts.soon);
  if (!soon) {
    return std::nullopt;
  }
  bool period_ok = true;
  auto period = period_of(rt, opts, period_ok);
  if (!period_ok) {
    return std::nullopt;
  }
  return Asked{std::move(*outputs), *soon, period,
               opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths};
}

// The portfolio is built from each case's typed reading and result and renders its own JSON,
// never a case's report. What it shows of obligations: those not met (next deadline, overdue, due
// soon) and those met late; one met on time is only counted as done, unless a period asks what
// fell due and was met in it.
Request report_request(const std::optional<portfolio::Period>& period)
{
  const auto from = period ? std::optional<calendar::Date>(period->from) : std::nullopt;
  return Request{.obligations = true,
                 .keep_obligation =
                   [from](const Obligation& o) {
                     return !o.done || o.met_late()
                            || (from && ((o.done_on && *o.done_on >= *from) || o.due >= *from));
                   },
                 .keep_reports = false,
                 .keep_typed = true,
                 .keep_part_only = true,
                 .pack_trees = true};
}

// A period's findings as of the day before it began, from a run of their own (its results kept
// only as each case's findings); the next run is judged as of its last day. Nullopt after a
// problem was printed.
std::optional<portfolio::FindingsByCase> findings_before(Runtime& rt, const Asked& asked)
{
  rt.judge_on(asked.period->from.plus_days(-1));
  auto before = rt.run_files(asked.paths, Request{.keep_reports = false, .pack_trees = true});
  rt.judge_on(asked.period->to);
  if (!before) {
    return std::nullopt;
  }
  return portfolio::findings_by_case(*before);
}

// What the report was made from: the commit of the repository of the first file read, if any.
void made_from(portfolio::Portfolio& p, const std::vector<check::FileResult>& results)
{
  const auto first = std::find_if(results.begin(), results.end(),
                                  [](const check::FileResult& r) { return !r.repo_root.empty(); });
  if (const auto revision = first == results.end() ? std::nullopt : revision_of(first->repo_root)) {
    p.commit = revision->commit;
    p.dirty = revision->dirty;
  }
}

void run_report(Runtime& rt, const ReportOptions& opts)
{
  const auto asked = asked_of(rt, opts);
  if (!asked) {
    return;
  }
  std::optional<portfolio::FindingsByCase> start;
  if (asked->period && !(start = findings_before(rt, *asked))) {
    return;
  }
  // `--since REV`: read before the run whose context the portfolio takes.
  std::optional<std::vector<portfolio::RecordChange>> since;
  if (!opts.since.empty()) {
    if (!(since = changes_since(rt, opts.since, asked->paths))) {
      return;
    }
    give_back_freed_memory(); // both versions read are freed: the run below starts afresh
  }
  long soon_days = 7;
  auto results = rt.run_files(asked->paths, report_request(asked->period), [&](Request&, const Context& ctx) {
    soon_days = Runtime::soon_days(ctx, asked->soon);
    return true;
  });
  if (!results) {
    return;
  }
  rt.finish(*results);
  std::optional<check::DelegatesNamed> only;
  if (!opts.delegate.empty() && !(only = rt.delegates_named(*results, opts.delegate))) {
    return;
  }
  auto portfolio = portfolio::build(*results, *rt.context(), soon_days, only ? &*only : nullptr,
                                    asked->period ? &*asked->period : nullptr, start ? &*start : nullptr,
                                    since ? &*since : nullptr);
  portfolio.since = opts.since;
  portfolio.link_base = opts.link_base;
  made_from(portfolio, *results);
  // Each --output from the same run, e.g. the page and its JSON figures.
  rt.emit(Formats<portfolio::Portfolio>(k_report_formats), portfolio, asked->outputs, *results);
}

} // namespace

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
  cmd.add_option("--from", opts->from, "the packet's period begins on DATE (with --to)")->type_name("DATE");
  cmd
    .add_option("--to", opts->to,
                "the packet's period ends on DATE (with --from): what happened in it, and what is open at "
                "its end, judged as of DATE")
    ->type_name("DATE");
  cmd
    .add_option("--since", opts->since,
                "add what changed in the record since REV (a commit, branch or tag), as diff REV lists it")
    ->type_name("REV");
  cmd.callback([&rt, opts] { run_report(rt, *opts); });
}

} // namespace qicase::cli

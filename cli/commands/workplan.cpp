// qicase workplan FILE... [--period P] [--evaluation] | workplan import FILE [--id ID]
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/case_command.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/core/file.hpp>
#include <qicase/core/text.hpp>
#include <qicase/report/render.hpp>
#include <qicase/workplan/workplan.hpp>

namespace qicase::cli {

namespace {

struct WorkplanOptions
{
  std::vector<std::string> files;
  std::string period;
  bool evaluation = false;
  std::string import_file;
  std::string id;
};

// `workplan import TABLE`: a work plan table (TSV or CSV exported from a document) printed as a
// workplan file.
void run_import(Runtime& rt, const WorkplanOptions& opts)
{
  if (!rt.prepare({"text"})) {
    return;
  }
  // At most 4 MiB, as for case files: /dev/zero or a runaway pipe must not eat the memory.
  constexpr std::size_t k_max = 4u << 20;
  auto read = read_file(opts.import_file, k_max);
  if (!read.error.empty() || read.too_large) {
    rt.err() << fmt::format("{}: error: {}\n", escape_line(opts.import_file),
                            read.too_large
                              ? fmt::format("the table is over {} bytes: export only "
                                            "the work plan table [file.too-large]",
                                            k_max)
                              : fmt::format("cannot read the file: {} [file.unreadable]", read.error));
    rt.raise(2);
    return;
  }
  Diagnostics diags(opts.import_file);
  const auto yaml = workplan::import_table(read.text, opts.id, diags);
  for (const auto& d : diags.items()) {
    rt.err() << report::diagnostic_line(d, rt.color());
  }
  rt.raise(static_cast<int>(diags.status(rt.options.strict)));
  if (!rt.options.quiet) {
    rt.out() << yaml;
  }
}

using WorkplanRun = CaseRun<workplan::Workplan, workplan::Result>;

// The year-end program evaluation of every plan reported (markdown).
std::string evaluations(const WorkplanRun& run)
{
  std::string out;
  for (const auto& plan : run.cases) {
    if (plan.reported()) {
      out += (out.empty() ? "" : "\n") + workplan::render_evaluation(plan, run.rt.as_of());
    }
  }
  return out;
}

// Every plan reported as its work plan table, one row per measure.
std::string tables(const WorkplanRun& run)
{
  std::string out;
  for (const auto& plan : run.cases) {
    if (plan.reported()) {
      out += workplan::render_table_csv(*plan.read);
    }
  }
  return out;
}

constexpr Format<WorkplanRun> k_workplan_formats[] = {
  {"text", &cases_in<workplan::Workplan, workplan::Result, &workplan::render_text>},
  {"json", &reports_in<workplan::Workplan, workplan::Result>, /*reports=*/true},
  {"markdown", &evaluations},
  {"csv", &tables},
};
// `--evaluation`: the evaluation in every format but JSON.
constexpr Format<WorkplanRun> k_evaluation_formats[] = {
  {"text", &evaluations},
  {"json", &reports_in<workplan::Workplan, workplan::Result>, /*reports=*/true},
  {"markdown", &evaluations},
  {"csv", &evaluations},
};

// `workplan FILE...`: every plan judged as of --as-of, or on --period (the run's request: each
// plan is read and evaluated once, on that period).
void run_plans(Runtime& rt, const WorkplanOptions& opts)
{
  if (opts.files.empty()) {
    rt.usage_error("workplan: give work plan files (or `workplan import TABLE`)");
    return;
  }
  if (!opts.period.empty() && !workplan::parse_period(opts.period)) {
    rt.usage_error(fmt::format("--period {}: write 2024-Q1, 2024-H1, 2024-03 or 2024", opts.period));
    return;
  }
  run_case_command(rt, opts.files, Request{.kind = "workplan", .period = opts.period}, "workplan",
                   opts.evaluation ? Formats<WorkplanRun>(k_evaluation_formats)
                                   : Formats<WorkplanRun>(k_workplan_formats));
}

} // namespace

void setup_workplan(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<WorkplanOptions>();
  cmd.add_option("files", opts->files, "work plan files, or folders to search for work plans")
    ->type_name("FILE");
  cmd
    .add_option("--period", opts->period,
                "judge every measure on one period: 2024-Q2, 2024-H1, 2024-05 or 2024")
    ->type_name("PERIOD");
  cmd.add_flag("--evaluation", opts->evaluation,
               "print the year-end program evaluation (markdown): per section each measure's "
               "goal, results and whether it was met");

  auto* import = cmd.add_subcommand("import", "read a work plan table (TSV or CSV exported from "
                                              "a document) and print it as a workplan file");
  import->add_option("file", opts->import_file, "the table")->required()->type_name("FILE");
  import->add_option("--id", opts->id, "the id of the work plan (default: from its title)")->type_name("ID");
  import->callback([&rt, opts] { run_import(rt, *opts);
});
cmd.callback([&rt, opts, import] {
  if (!import->parsed()) {
    run_plans(rt, *opts);
  }
});
} // namespace qicase::cli

} // namespace qicase::cli

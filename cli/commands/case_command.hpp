#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <cli/app.hpp>
#include <cli/runtime.hpp>
#include <qicase/report/render.hpp>
#include <qicase/workspace/shown.hpp>

namespace qicase::cli {

// What a case kind's command renders: its cases, each typed with its result and findings, and
// the run's results (the JSON document lists every file as `check --format json` does).
template <class T, class R> struct CaseRun
{
  const Runtime& rt;
  const std::vector<check::FileResult>& results;
  std::vector<Shown<T, R>> cases;
};

// A kind's renderer of its cases (its render_text, render_markdown, render_csv), as a row's.
template <class T, class R, std::string (*render)(const std::vector<Shown<T, R>>&)>
std::string cases_in(const CaseRun<T, R>& run)
{
  return render(run.cases);
}

// The JSON document: every case's report, with its findings.
template <class T, class R> void reports_in(const CaseRun<T, R>& run, Sink& out)
{
  report::render_json(run.results, run.rt.as_of().str(), run.rt.options.strict, out);
}

// The table of a case kind's command: text, JSON, markdown and CSV, the formats commands()
// gives it.
template <class T, class R, std::string (*text)(const std::vector<Shown<T, R>>&),
          std::string (*markdown)(const std::vector<Shown<T, R>>&),
          std::string (*csv)(const std::vector<Shown<T, R>>&)>
inline constexpr Format<CaseRun<T, R>> k_case_formats[] = {
  {"text", &cases_in<T, R, text>},
  {"json", &reports_in<T, R>, /*reports=*/true},
  {"markdown", &cases_in<T, R, markdown>},
  {"csv", &cases_in<T, R, csv>},
};

// A case kind's run from files to output: `request` over `files` (each case kept typed, its
// JSON report built only when a format shows it), the diagnostics printed, then the cases of
// `kind` rendered by their row of `formats`. False after a problem was printed.
template <class T, class R>
bool run_case_command(Runtime& rt, const std::vector<std::string>& files, Request request,
                      std::string_view command, Formats<CaseRun<T, R>> formats)
{
  const std::string kind = request.kind;
  auto results = rt.kind_command(files, std::move(request), formats_of(command),
                                 [&rt, formats] { return rt.shows_reports(formats); });
  if (!results) {
    return false;
  }
  rt.emit(formats, CaseRun<T, R>{rt, *results, Runtime::shown<T, R>(*results, kind)});
  return true;
}

// The command of a case kind with no option of its own (`qicase qcar FILE...`): its files
// checked once and rendered in the run's format by the kind's table.
template <class T, class R>
void setup_case_command(CLI::App& cmd, Runtime& rt, std::string_view kind, const std::string& files_help,
                        Formats<CaseRun<T, R>> formats)
{
  auto files = std::make_shared<std::vector<std::string>>();
  cmd.add_option("files", *files, files_help)->required()->type_name("FILE");
  cmd.callback([&rt, files, kind, formats] {
    run_case_command<T, R>(rt, *files, Request{.kind = std::string(kind)}, kind, formats);
  });
}

// The whole command of a case kind with no option of its own, as a row of the command table
// takes it (cli/app.cpp): `&case_command<qcar::Qcar, qcar::Result, &qcar::render_text,
// &qcar::render_markdown, &qcar::render_csv>`. The command is named after its kind.
template <class T, class R, std::string (*text)(const std::vector<Shown<T, R>>&),
          std::string (*markdown)(const std::vector<Shown<T, R>>&),
          std::string (*csv)(const std::vector<Shown<T, R>>&)>
void case_command(CLI::App& cmd, Runtime& rt)
{
  const std::string& kind = cmd.get_name(); // lives as long as the app
  setup_case_command<T, R>(cmd, rt, kind, kind + " files, or folders to search for them",
                           k_case_formats<T, R, text, markdown, csv>);
}

} // namespace qicase::cli

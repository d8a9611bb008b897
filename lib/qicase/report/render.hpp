#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <qicase/check/baseline.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/sink.hpp>

namespace qicase::report {

// `PATH:LINE:COL: error|warning: MESSAGE [RULE]` (the form compilers and editors parse);
// `PATH: error: ...` when the problem is with the file as a whole.
std::string diagnostic_line(const Diagnostic& d, bool color);
// Every diagnostic of every result, one a line, in result order.
std::string render_diagnostics(const std::vector<check::FileResult>& results, bool color);

// One entry of the JSON document's `files`: {path, kind, id, valid, diagnostics, report}, with
// `report` the result's own unless another is given.
json::Value file_json(const check::FileResult& result, bool strict, const json::Value* report = nullptr);

// The JSON document of the spec: {"qicase", "as_of", "files": [{path, kind, id, valid,
// diagnostics, report}]}.
// Written into `out` a file at a time.
void render_json(const std::vector<check::FileResult>& results, std::string_view as_of, bool strict,
                 Sink& out);

// `check` summary line: "3 files checked: 1 error, 2 warnings".
std::string render_summary(const std::vector<check::FileResult>& results);
// What render_summary() counts: files checked, files with errors, errors and warnings the
// baseline does not know, known findings (when a baseline applied), paths that gave no file.
struct Counts
{
  std::size_t files = 0;
  std::size_t with_errors = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t known_findings = 0;
  bool baseline = false;
  std::size_t paths = 0;
};
Counts count(const std::vector<check::FileResult>& results);
// `check --format json`: render_json() with a `summary` of the same counts as the text.
void render_check_json(const std::vector<check::FileResult>& results, std::string_view as_of, bool strict,
                       Sink& out);
// Markdown table of diagnostics per file, for `check --format markdown`.
std::string render_check_markdown(const std::vector<check::FileResult>& results);
// CI formats of `check`.
std::string render_junit(const std::vector<check::FileResult>& results, bool strict);
// What SARIF says of the run (3.20, an invocation): the command line as given, the exit code,
// and the baseline file(s) that justify a known finding's suppression.
struct SarifRun
{
  std::string command_line;
  int exit_code = 0;
  std::string baseline;
};
// With `absent` (a baseline was given): each result has its baselineState (new, unchanged), a
// known finding also a suppression (kind external, the baseline as its justification), and each
// known finding no longer found is a result of kind pass, state absent. A file in a repository
// is named by its path from the repository root, with uriBaseId %SRCROOT% (as code scanning
// reads it, whatever folder qicase ran in).
std::string render_sarif(const std::vector<check::FileResult>& results,
                         const std::vector<check::BaselineEntry>* absent = nullptr, const SarifRun& run = {});
std::string render_github(const std::vector<check::FileResult>& results);

} // namespace qicase::report

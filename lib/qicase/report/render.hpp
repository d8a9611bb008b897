#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <qicase/check/baseline.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/diagnostics.hpp>

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
std::string render_json(const std::vector<check::FileResult>& results, std::string_view as_of, bool strict);

// `check` summary line: "3 files checked: 1 error, 2 warnings".
std::string render_summary(const std::vector<check::FileResult>& results);
// Markdown table of diagnostics per file, for `check --format markdown`.
std::string render_check_markdown(const std::vector<check::FileResult>& results);
// CI formats of `check`.
std::string render_junit(const std::vector<check::FileResult>& results, bool strict);
// With `absent` (a baseline was given): each result has its baselineState (new, unchanged),
// and each known finding no longer found is a result of kind pass, state absent.
std::string render_sarif(const std::vector<check::FileResult>& results,
                         const std::vector<check::BaselineEntry>* absent = nullptr);
std::string render_github(const std::vector<check::FileResult>& results);

} // namespace qicase::report

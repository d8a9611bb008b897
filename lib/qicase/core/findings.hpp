#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>

namespace qicase {

// What qicase found in a case (spec README, "two kinds of error"), split from its diagnostics:
// its findings (the procedure broken, by the rule catalogue's class) and, as `unread`, the file
// problems (errors) that left a part of it out of its report. A warning about the file's form
// is neither. In the order found, as the report lists them (a run sorts a file's diagnostics by
// line afterwards, for standard error).
struct Found
{
  std::vector<Diagnostic> findings;
  std::vector<Diagnostic> unread;
};
Found found_in(const Diagnostics& diags);

// The report's `findings` and `unread` arrays (rule, clause, severity, item, line, column,
// message).
void attach_findings(json::Value& report, const Found& found);

// The first line of a case in a text report: "PATH: ID  STATUS".
std::string text_heading(std::string_view path, std::string_view id, std::string_view status);
// The same for a file that could not be read as a case: "PATH: not reported: fix the errors above".
std::string text_not_reported(std::string_view path);

// The lines of a case's text report that list its findings and what a file problem left out
// of it ("" when it has neither): "  findings     2: rule (clause) ...", "  unread ...".
std::string text_findings(const Found& found);

// The same as a markdown list under a "Findings: ID" heading of level `level` ("" when none).
std::string markdown_findings(std::string_view path, std::string_view id, const Found& found, int level = 3);

} // namespace qicase

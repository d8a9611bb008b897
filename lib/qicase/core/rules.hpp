#pragma once

#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>

namespace qicase {

// What a diagnostic of a rule says about the case (qicase(1), FINDINGS AND FILE PROBLEMS).
// A file problem: the file cannot be read as a case of its kind there (YAML, types, impossible
// dates, unknown or missing required fields, dangling references); what it makes unreadable is
// left out of the report. A finding: the case, read correctly, breaks a rule of the procedure;
// it is part of the report, drives its status and never withholds it.
enum class RuleClass { problem, finding };

// One rule a diagnostic can name: what SARIF's tool.driver.rules lists and results point at.
struct Rule
{
  std::string_view id;
  Severity level; // the level it fires at (some rules also warn in milder cases)
  RuleClass cls;
  std::string_view clause; // the clause it enforces, "" for rules of the file format
  std::string_view page;   // the man page that documents it (a test holds it to the page)
  std::string_view text;   // what it finds, one sentence
};

// Every rule qicase can fire, sorted by id. A unit test holds it to the rule ids of the source.
const std::vector<Rule>& rules();
// The rule with this id, or null.
const Rule* find_rule(std::string_view id);
// Whether a diagnostic of rule `id` is a finding (an unknown id is a file problem).
bool is_finding(std::string_view id);
// Whether `diags` holds an error that is a file problem: part of the case was not read.
bool has_file_problems(const Diagnostics& diags);

} // namespace qicase

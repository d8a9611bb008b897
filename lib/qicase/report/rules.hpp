#pragma once

#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>

namespace qicase::report {

// One rule a diagnostic can name: what SARIF's tool.driver.rules lists and results point at.
struct Rule
{
  std::string_view id;
  Severity level;          // the level it fires at (some rules also warn in milder cases)
  std::string_view clause; // the clause it enforces, "" for rules of the file format
  std::string_view text;   // what it finds, one sentence
  std::string_view page;   // the man page that documents it
};

// Every rule qicase can fire, sorted by id. A unit test holds it to the rule ids of the source.
const std::vector<Rule>& rules();
// The rule with this id, or null.
const Rule* find_rule(std::string_view id);

} // namespace qicase::report

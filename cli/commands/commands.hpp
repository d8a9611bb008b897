#pragma once

#include <CLI/CLI.hpp>

#include <cli/runtime.hpp>

namespace qicase::cli {

// One per file in this folder; registered from the table in cli/app.cpp.
void setup_check(CLI::App& command, Runtime& runtime);
void setup_notice(CLI::App& command, Runtime& runtime);
void setup_qcar(CLI::App& command, Runtime& runtime);
void setup_cap(CLI::App& command, Runtime& runtime);
void setup_workplan(CLI::App& command, Runtime& runtime);
void setup_audit_score(CLI::App& command, Runtime& runtime);
void setup_actionplan(CLI::App& command, Runtime& runtime);
void setup_due(CLI::App& command, Runtime& runtime);
void setup_evidence(CLI::App& command, Runtime& runtime);
void setup_report(CLI::App& command, Runtime& runtime);
void setup_calendar(CLI::App& command, Runtime& runtime);
void setup_schema(CLI::App& command, Runtime& runtime);
void setup_new(CLI::App& command, Runtime& runtime);
void setup_show(CLI::App& command, Runtime& runtime);
void setup_completion(CLI::App& command, Runtime& runtime);
void setup_diff(CLI::App& command, Runtime& runtime);
void setup_config(CLI::App& command, Runtime& runtime);

// `--output FORMAT=FILE` (repeatable) of a command with several formats: also write the same
// run in FORMAT to FILE (Runtime::outputs, Runtime::write_outputs).
inline void add_output_option(CLI::App& command, std::vector<std::string>& specs, const std::string& example)
{
  command
    .add_option("--output", specs, "also write the run in FORMAT to FILE (repeatable; e.g. " + example + ")")
    ->type_name("FORMAT=FILE")
    ->allow_extra_args(false)
    ->take_all();
}

} // namespace qicase::cli

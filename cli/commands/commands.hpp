#pragma once

#include <CLI/CLI.hpp>

#include <cli/runtime.hpp>

namespace qicase::cli {

// What the command files share. Each file defines its `setup_<command>()`, declared beside its
// row in cli/app.cpp's table: a command is that file and that row.

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

#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include <cli/runtime.hpp>

namespace qicase::cli {

// One row per subcommand: its name, its one-line help, and the function that adds its flags
// and its callback to the app. Help, "did you mean" and the man-page test come from this table.
struct Command
{
  std::string_view name;
  std::string_view help;
  void (*setup)(CLI::App& command, Runtime& runtime);
  std::vector<std::string_view> formats; // what --format it prints, the first the default
};

const std::vector<Command>& commands();
// The formats `command` prints (its row's), for Runtime::prepare, its help and completion.
const std::vector<std::string_view>& formats_of(std::string_view command);

// Builds the command line on `app`: the global options and every subcommand with its help line.
// Every subcommand's flags and callback too, or, given `only`, that one command's alone: a run
// builds just the command it runs (start-up, issue #11). Help, completion and tests build all.
void setup_app(CLI::App& app, Runtime& runtime, std::string_view only = {});

// Runs qicase with `args` (without the program name), writing to `out` and `err`; returns the
// exit status. `today` is the default --as-of (cli/main reads the clock once, tests pass a date).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Environment& env);

int main(int argc, char** argv);

} // namespace qicase::cli

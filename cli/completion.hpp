#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace qicase::cli {

// The shells `qicase completion` writes a script for.
const std::vector<std::string_view>& completion_shells();

// A completion script for `shell` (bash, zsh or fish) generated from `app`, the command line
// setup_app() built: the same table that drives dispatch and help, so a new command or flag is
// completed without editing a script. Nullopt for an unknown shell.
std::optional<std::string> completion_script(const CLI::App& app, std::string_view shell);

} // namespace qicase::cli

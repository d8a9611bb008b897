// qicase completion SHELL: print a completion script for bash, zsh or fish, generated from the
// same command table as dispatch and help (cli/completion.cpp).
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <cli/completion.hpp>

#include <qicase/core/text.hpp>

namespace qicase::cli {

void setup_completion(CLI::App& cmd, Runtime& rt)
{
  auto shell = std::make_shared<std::string>();
  cmd.add_option("shell", *shell, "bash, zsh or fish")->required()->type_name("SHELL");
  cmd.callback([&rt, &cmd, shell] {
    if (!rt.prepare(formats_of("completion"))) {
      return;
    }
    const auto script = completion_script(*cmd.get_parent(), *shell);
    if (!script) {
      rt.usage_error(fmt::format("no completion for shell `{}`{}: the shells are bash, zsh and fish",
                                 utf8_prefix(*shell, 40), did_you_mean(*shell, completion_shells())));
      return;
    }
    rt.out() << *script;
  });
}

} // namespace qicase::cli

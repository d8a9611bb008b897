// qicase lsp: a Language Server Protocol server on standard input and output (cli/lsp/).
#include <ostream>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <cli/lsp/server.hpp>
#include <cli/lsp/transport.hpp>

namespace qicase::cli {

void setup_lsp(CLI::App& command, Runtime& rt)
{
  static bool stdio = false;
  command.add_flag("--stdio", stdio, "talk on standard input and output (the only way; clients pass it)");
  command.callback([&rt] {
    // Standard output carries the protocol only; problems go to standard error (the client's
    // log).
    std::ostream out(rt.protocol_out());
    lsp::Transport transport(0, out);
    lsp::Server server(rt);
    for (;;) {
      auto batch = transport.next();
      for (const auto& message : server.handle(batch.messages)) {
        transport.send(message);
      }
      if (server.exited()) {
        rt.raise(server.exit_code());
        return;
      }
      if (batch.end) {
        if (!batch.error.empty()) {
          rt.err() << "qicase: error: lsp: " << batch.error << ": the messages can no longer be read\n";
        }
        rt.raise(1); // the input ended without `exit`
        return;
      }
    }
  });
}

} // namespace qicase::cli

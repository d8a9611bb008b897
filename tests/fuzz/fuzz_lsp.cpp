// Fuzz target: `qicase lsp`'s JSON-RPC, framing and all. The input is what a client writes on the
// server's standard input; the server must answer or stop, never crash or hang, and everything
// it writes must be whole framed messages of valid JSON.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include <cli/lsp/server.hpp>
#include <cli/lsp/transport.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  const int fd = memfd_create("lsp-input", 0);
  if (fd < 0) {
    return 0;
  }
  for (std::size_t at = 0; at < size;) {
    const auto n = write(fd, data + at, size - at);
    if (n <= 0) {
      close(fd);
      return 0;
    }
    at += static_cast<std::size_t>(n);
  }
  lseek(fd, 0, SEEK_SET);
  std::ostringstream out;
  std::ostringstream err;
  cli::Environment env;
  env.today = "2024-07-30";
  cli::Runtime rt{out, err, env};
  rt.command = "lsp";
  cli::lsp::Transport transport(fd, out);
  cli::lsp::Server server(rt);
  // Bounded: every batch takes at least one message or ends the input.
  for (std::size_t round = 0; round <= size; ++round) {
    auto batch = transport.next();
    for (const auto& m : server.handle(batch.messages)) {
      transport.send(m);
    }
    if (server.exited() || batch.end) {
      break;
    }
  }
  close(fd);
  // What was written reads back as framed JSON messages.
  const auto written = out.str();
  for (std::size_t at = 0; at < written.size();) {
    const auto head = written.find("\r\n\r\n", at);
    if (head == std::string::npos || written.compare(at, 16, "Content-Length: ") != 0) {
      std::abort();
    }
    const auto length = std::strtoull(written.c_str() + at + 16, nullptr, 10);
    const auto body = written.substr(head + 4, length);
    if (body.size() != length || nlohmann::json::parse(body, nullptr, false).is_discarded()) {
      std::abort();
    }
    at = head + 4 + length;
  }
  return 0;
}

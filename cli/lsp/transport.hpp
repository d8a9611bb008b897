#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// The Language Server Protocol's base protocol: each message a `Content-Length: N` header (and
// perhaps a `Content-Type`), a blank line and N bytes of JSON, on a file descriptor in and a
// stream out. Bounded: a header block over 8 KiB, a length over 64 MiB or a header without a
// length ends the session with an error (the stream can no longer be framed); a body that is not
// JSON is answered with a parse error and the session goes on.
namespace qicase::cli::lsp {

struct Batch
{
  // In the order read; a body that was not JSON is a discarded value (Server::handle answers it
  // ParseError in its place).
  std::vector<nlohmann::json> messages;
  bool end = false; // the input ended (or cannot be framed: `error` says why)
  std::string error;
};

class Transport
{
public:
  Transport(int in, std::ostream& out) : m_in(in), m_out(out) {}
  // Waits for one message, then takes every whole message already waiting (a burst of changes
  // is then handled as one batch).
  Batch next();
  void send(const nlohmann::json& message);

  static constexpr std::size_t k_max_header = 8u << 10;
  static constexpr std::size_t k_max_body = 64u << 20;

private:
  // Reads what is waiting (blocking: at least one byte, else until the input ends); false at
  // the end of input.
  bool fill(bool block);
  // One whole message off the front of the buffer, if there is one. A framing error sets
  // `error`.
  bool take(Batch& batch);
  int m_in;
  std::ostream& m_out;
  std::string m_buffer;
  bool m_eof = false;
};

} // namespace qicase::cli::lsp

#include <cli/lsp/transport.hpp>

#include <array>
#include <cerrno>

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <qicase/core/text.hpp>

namespace qicase::cli::lsp {

bool Transport::fill(bool block)
{
  if (m_eof) {
    return false;
  }
  pollfd fd{m_in, POLLIN, 0};
  const int ready = poll(&fd, 1, block ? -1 : 0);
  if (ready < 0 && errno == EINTR) {
    return true;
  }
  if (ready <= 0) {
    return !block; // nothing waiting
  }
  std::array<char, 65536> chunk{};
  const auto n = read(m_in, chunk.data(), chunk.size());
  if (n < 0 && errno == EINTR) {
    return true;
  }
  if (n <= 0) {
    m_eof = true;
    return false;
  }
  m_buffer.append(chunk.data(), static_cast<std::size_t>(n));
  return true;
}

bool Transport::take(Batch& batch)
{
  auto end = m_buffer.find("\r\n\r\n");
  std::size_t sep = 4;
  if (end == std::string::npos) {
    if (m_buffer.size() > k_max_header) {
      batch.error = fmt::format("a header of over {} bytes", k_max_header);
    }
    return false;
  }
  if (end > k_max_header) {
    batch.error = fmt::format("a header of over {} bytes", k_max_header);
    return false;
  }
  std::optional<std::size_t> length;
  std::string_view headers(m_buffer.data(), end);
  while (!headers.empty()) {
    const auto eol = headers.find("\r\n");
    const auto line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      batch.error = fmt::format("a header line without a colon: `{}`", escape_line(utf8_prefix(line, 80)));
      return false;
    }
    auto name = std::string(line.substr(0, colon));
    for (auto& c : name) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    const auto value = trim(line.substr(colon + 1), " \t");
    if (name == "content-length") {
      std::size_t n = 0;
      bool ok = !value.empty() && value.size() <= 12;
      for (const char c : value) {
        ok = ok && c >= '0' && c <= '9';
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      if (!ok || n > k_max_body) {
        batch.error = ok ? fmt::format("a message of over {} bytes", k_max_body)
                         : fmt::format("Content-Length is not a number: `{}`",
                                       escape_line(utf8_prefix(value, 40)));
        return false;
      }
      length = n;
    }
  }
  if (!length) {
    batch.error = "a message without Content-Length";
    return false;
  }
  if (m_buffer.size() < end + sep + *length) {
    return false; // its body is still coming
  }
  const std::string_view body(m_buffer.data() + end + sep, *length);
  // A body that is not JSON stays in its place (a discarded value): its error is answered in
  // turn, after the replies to the messages before it.
  batch.messages.push_back(nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false));
  m_buffer.erase(0, end + sep + *length);
  return true;
}

Batch Transport::next()
{
  Batch batch;
  // At least one message (or the end of input).
  while (!take(batch)) {
    if (!batch.error.empty()) {
      batch.end = true;
      return batch;
    }
    if (!fill(/*block=*/true)) {
      batch.end = true;
      if (!m_eof) {
        batch.error = "the input cannot be read";
      }
      return batch;
    }
  }
  // Then every whole message already waiting, up to a bound.
  constexpr std::size_t k_max_batch = 10000;
  while (batch.messages.size() < k_max_batch && batch.error.empty()) {
    if (take(batch)) {
      continue;
    }
    const auto before = m_buffer.size();
    if (!fill(/*block=*/false) || m_buffer.size() == before) {
      break;
    }
  }
  if (!batch.error.empty()) {
    batch.end = true;
  }
  return batch;
}

void Transport::send(const nlohmann::json& message)
{
  // Invalid UTF-8 in a text is replaced, never thrown on.
  const auto body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  m_out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  m_out.flush();
}

} // namespace qicase::cli::lsp

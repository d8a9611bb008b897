#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace qicase {

// Where a renderer writes its output. Without a drain it keeps the whole text (`take()`), as a
// string-returning renderer does; with one (the command line's standard output or --output
// file), every chunk of `k_chunk` bytes is handed on as soon as it is written and forgotten, so
// that a 20 MB agenda costs 64 KiB of buffer, not the document twice over. The library never
// prints: the drain is the caller's.
class Sink
{
public:
  using Drain = std::function<void(std::string_view)>;
  static constexpr std::size_t k_chunk = 64 * 1024;

  Sink() = default;
  explicit Sink(Drain drain) : m_drain(std::move(drain)) {}
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  ~Sink() { flush(); }

  Sink& operator+=(std::string_view text)
  {
    if (m_drain && text.size() >= k_chunk) {
      flush(); // a chunk of its own: handed on as it is, never copied into the buffer
      m_drain(text);
      m_drained = true;
      return *this;
    }
    m_buffer.append(text);
    maybe_flush();
    return *this;
  }
  Sink& operator+=(char c)
  {
    m_buffer.push_back(c);
    maybe_flush();
    return *this;
  }
  void append(std::size_t count, char c)
  {
    m_buffer.append(count, c);
    maybe_flush();
  }
  template <class... Args> void format(fmt::format_string<Args...> f, Args&&... args)
  {
    fmt::format_to(std::back_inserter(m_buffer), f, std::forward<Args>(args)...);
    maybe_flush();
  }
  // Whether nothing was written yet (what a renderer asks before its first separator).
  bool empty() const { return m_buffer.empty() && !m_drained; }
  // Hands on what is buffered (a drained sink only).
  void flush()
  {
    if (m_drain && !m_buffer.empty()) {
      m_drain(m_buffer);
      m_buffer.clear();
      m_drained = true;
    }
  }
  // The whole text of a sink with no drain.
  std::string take() { return std::exchange(m_buffer, {}); }

private:
  void maybe_flush()
  {
    if (m_drain && m_buffer.size() >= k_chunk) {
      flush();
    }
  }
  Drain m_drain;
  std::string m_buffer;
  bool m_drained = false;
};

// The text a sink writer gives, as one string (tests, and callers that keep it).
template <class Write> std::string collect(Write&& write)
{
  Sink sink;
  write(sink);
  return sink.take();
}

} // namespace qicase

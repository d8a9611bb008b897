#pragma once

#include <compare>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace qicase {

// A text that every equal text shares: one pointer to a string kept, once, for the life of the
// process. For texts drawn from a small set that thousands of values repeat (an obligation's
// kind, key, what, owner, delegate and clause: 37,000 obligations of 10,000 cases hold about a
// hundred distinct ones), never for a text unique to a case (its id, path or note), which
// would stay after its run.
class SharedText
{
public:
  SharedText() = default;
  SharedText(std::string_view text) : m_text(&intern(text)) {}
  SharedText(const std::string& text) : SharedText(std::string_view(text)) {}
  SharedText(const char* text) : SharedText(std::string_view(text)) {}

  const std::string& str() const { return *m_text; }
  operator std::string_view() const { return *m_text; }
  operator const std::string&() const { return *m_text; }
  bool empty() const { return m_text->empty(); }
  std::size_t size() const { return m_text->size(); }

  // Equal texts share one string: the pointers compare.
  friend bool operator==(const SharedText& a, const SharedText& b) { return a.m_text == b.m_text; }
  friend bool operator==(const SharedText& a, std::string_view b) { return *a.m_text == b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return *a.m_text == b; }
  friend bool operator==(const SharedText& a, const char* b) { return *a.m_text == b; }
  friend std::strong_ordering operator<=>(const SharedText& a, const SharedText& b)
  {
    return a.m_text->compare(*b.m_text) <=> 0;
  }
  friend std::string operator+(const SharedText& a, std::string_view b) { return a.str() + std::string(b); }
  friend std::string operator+(std::string_view a, const SharedText& b) { return std::string(a) + b.str(); }

private:
  // The one string equal to `text` (thread-safe; kept until the process ends).
  static const std::string& intern(std::string_view text);
  static const std::string& none();
  const std::string* m_text = &none();
};

} // namespace qicase

template <> struct fmt::formatter<qicase::SharedText> : fmt::formatter<std::string_view>
{
  template <class Context> auto format(const qicase::SharedText& text, Context& ctx) const
  {
    return fmt::formatter<std::string_view>::format(std::string_view(text), ctx);
  }
};

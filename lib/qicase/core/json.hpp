#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <qicase/core/shared_text.hpp>
#include <qicase/core/sink.hpp>

namespace qicase::json {

// An ordered JSON value: the report model every renderer reads. Objects keep insertion order
// so that output is stable byte for byte.
class Value
{
public:
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : m_data(b) {}
  Value(int i) : m_data(static_cast<std::int64_t>(i)) {}
  Value(long i) : m_data(static_cast<std::int64_t>(i)) {}
  Value(long long i) : m_data(static_cast<std::int64_t>(i)) {}
  Value(const char* s) : m_data(std::string(s)) {}
  Value(std::string s) : m_data(std::move(s)) {}
  Value(std::string_view s) : m_data(std::string(s)) {}
  Value(const SharedText& s) : m_data(s.str()) {}
  Value(Array a) : m_data(std::move(a)) {}

  static Value object()
  {
    Value v;
    v.m_data = Object{};
    return v;
  }
  static Value array()
  {
    Value v;
    v.m_data = Array{};
    return v;
  }
  // A number printed verbatim (e.g. "71.43" for a rate kept in hundredths).
  static Value raw_number(std::string text)
  {
    Value v;
    v.m_data = Raw{std::move(text)};
    return v;
  }

  // An array whose `count` items are made one at a time while it is written, each by
  // `make(i)`, and dropped once written: a list as long as the run (every obligation, every
  // file) is never held whole. Written exactly as the same items pushed into an array.
  static Value generated(std::size_t count, std::function<Value(std::size_t)> make)
  {
    Value v;
    v.m_data = Generated{std::make_shared<const Maker>(Maker{count, std::move(make)})};
    return v;
  }

  // `value` kept as its compact text (dump()), written exactly as `value` would be, compact or
  // indented at any depth: a report held until the run is printed costs its text, a fraction
  // of the value's memory. Read by nothing but dump() and write() (find() sees no object).
  static Value kept_as_text(const Value& value)
  {
    Value v;
    v.m_data = Text{value.dump()};
    return v;
  }

  // Objects: append a key (no duplicate check: the library builds reports, not users).
  Value& set(std::string key, Value value);
  // Arrays: append.
  Value& push(Value value);

  bool is_null() const { return std::holds_alternative<std::monostate>(m_data); }
  bool is_object() const { return std::holds_alternative<Object>(m_data); }
  bool is_array() const { return std::holds_alternative<Array>(m_data); }
  bool is_string() const { return std::holds_alternative<std::string>(m_data); }
  const Object& as_object() const { return std::get<Object>(m_data); }
  const Array& as_array() const { return std::get<Array>(m_data); }
  const std::string& as_string() const { return std::get<std::string>(m_data); }
  const Value* find(std::string_view key) const;

  // Compact or indented JSON text.
  std::string dump(int indent = -1) const;
  // The same text, written into `out` as it is made.
  void write(Sink& out, int indent) const { write(out, indent, 0); }
  // Plain text of a scalar for text, markdown and CSV renderers ("" for null).
  std::string text() const;

private:
  struct Raw
  {
    std::string text;
  };
  struct Maker
  {
    std::size_t count = 0;
    std::function<Value(std::size_t)> make;
  };
  // A value's compact text (kept_as_text).
  struct Text
  {
    std::string compact;
  };
  // Behind a pointer, so that a generated array costs no value of a report a byte more.
  struct Generated
  {
    std::shared_ptr<const Maker> maker;
  };
  void write(Sink& out, int indent, int depth) const;
  static void write_text(std::string_view compact, Sink& out, int indent, int depth);
  std::variant<std::monostate, bool, std::int64_t, std::string, Raw, Array, Object, Generated, Text> m_data;
};

// An array of strings.
Value strings(const std::vector<std::string>& list);

// The text of `object[key]`, "" when absent: what text, markdown and CSV renderers print.
std::string field(const Value& object, std::string_view key);

// JSON string escaping (with quotes).
std::string quote(std::string_view s);

} // namespace qicase::json

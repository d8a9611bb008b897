#include <qicase/core/json.hpp>

#include <qicase/core/text.hpp>

#include <map>
#include <vector>

#include <fmt/format.h>

namespace qicase::json {

Value& Value::set(std::string key, Value value)
{
  auto& object = std::get<Object>(m_data);
  object.emplace_back(std::move(key), std::move(value));
  return object.back().second;
}

Value& Value::push(Value value)
{
  auto& array = std::get<Array>(m_data);
  array.push_back(std::move(value));
  return array.back();
}

const Value* Value::find(std::string_view key) const
{
  if (!is_object()) {
    return nullptr;
  }
  for (const auto& [k, v] : as_object()) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

Value strings(const std::vector<std::string>& list)
{
  Value out = Value::array();
  for (const auto& s : list) {
    out.push(s);
  }
  return out;
}

std::string field(const Value& object, std::string_view key)
{
  const Value* v = object.find(key);
  return v ? v->text() : std::string();
}

std::string quote(std::string_view s)
{
  if (invalid_utf8(s) != std::string_view::npos) {
    // A file name that is not UTF-8: JSON must be, so each stray byte is read as Latin-1.
    return quote(repair_utf8(s));
  }
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      } else {
        out += c;
      }
    }
  }
  out += '"';
  return out;
}

std::string Value::dump(int indent) const
{
  return collect([&](Sink& out) { write(out, indent, 0); });
}

void Value::write(Sink& out, int indent, int depth) const
{
  auto newline = [&](int d) {
    if (indent >= 0) {
      out += '\n';
      out.append(static_cast<std::size_t>(indent * d), ' ');
    }
  };
  // The items of an array, held or made one at a time (`generated`).
  auto items = [&](std::size_t count, const auto& item) {
    if (count == 0) {
      out += "[]";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) {
        out += ',';
      }
      newline(depth + 1);
      item(i).write(out, indent, depth + 1);
    }
    newline(depth);
    out += ']';
  };
  std::visit(
    [&](const auto& v) {
      using T = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<T, std::monostate>) {
        out += "null";
      } else if constexpr (std::is_same_v<T, bool>) {
        out += v ? "true" : "false";
      } else if constexpr (std::is_same_v<T, std::int64_t>) {
        out += std::to_string(v);
      } else if constexpr (std::is_same_v<T, std::string>) {
        out += quote(v);
      } else if constexpr (std::is_same_v<T, Raw>) {
        out += v.text;
      } else if constexpr (std::is_same_v<T, Text>) {
        write_text(v.compact, out, indent, depth);
      } else if constexpr (std::is_same_v<T, Array>) {
        items(v.size(), [&](std::size_t i) -> const Value& { return v[i]; });
      } else if constexpr (std::is_same_v<T, Generated>) {
        items(v.maker->count, [&](std::size_t i) { return v.maker->make(i); });
      } else if constexpr (std::is_same_v<T, Object>) {
        if (v.empty()) {
          out += "{}";
          return;
        }
        out += '{';
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (i > 0) {
            out += ',';
          }
          newline(depth + 1);
          out += quote(v[i].first);
          out += indent >= 0 ? ": " : ":";
          v[i].second.write(out, indent, depth + 1);
        }
        newline(depth);
        out += '}';
      }
    },
    m_data);
}

// The compact text of a value (no white space outside strings: dump() with no indent) written
// as write() writes the value itself: a line break and the depth's indent after each opening
// bracket and comma and before each closing one, ": " after a key, "{}" and "[]" when empty.
// Bounded by the text: one pass, each byte once.
void Value::write_text(std::string_view compact, Sink& out, int indent, int depth)
{
  if (indent < 0) {
    out += compact;
    return;
  }
  auto newline = [&](int d) {
    out += '\n';
    out.append(static_cast<std::size_t>(indent * d), ' ');
  };
  std::size_t plain = 0; // the start of the text not yet written
  auto flush = [&](std::size_t to) {
    out += compact.substr(plain, to - plain);
    plain = to;
  };
  bool in_string = false;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    if (in_string) {
      if (c == '\\') {
        ++i; // the escaped character, never the string's end
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
    case '"': in_string = true; break;
    case '{':
    case '[':
      if (i + 1 < compact.size() && compact[i + 1] == (c == '{' ? '}' : ']')) {
        ++i; // "{}" or "[]" as it is
        break;
      }
      flush(i + 1);
      newline(++depth);
      break;
    case '}':
    case ']':
      flush(i);
      newline(--depth);
      break;
    case ',':
      flush(i + 1);
      newline(depth);
      break;
    case ':':
      flush(i + 1);
      out += ' ';
      break;
    default: break;
    }
  }
  flush(compact.size());
}

std::string Value::text() const
{
  return std::visit(
    [&](const auto& v) -> std::string {
      using T = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<T, std::monostate>) {
        return "";
      } else if constexpr (std::is_same_v<T, bool>) {
        return v ? "true" : "false";
      } else if constexpr (std::is_same_v<T, std::int64_t>) {
        return std::to_string(v);
      } else if constexpr (std::is_same_v<T, std::string>) {
        return v;
      } else if constexpr (std::is_same_v<T, Raw>) {
        return v.text;
      } else if constexpr (std::is_same_v<T, Array>) {
        std::string s;
        for (const auto& item : v) {
          if (!s.empty()) {
            s += ", ";
          }
          s += item.text();
        }
        return s;
      } else {
        return dump();
      }
    },
    m_data);
}

} // namespace qicase::json

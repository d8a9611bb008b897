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

std::string text_heading(const Entry& e)
{
  if (e.report.is_null()) {
    return e.path + ": not reported: fix the errors above\n";
  }
  return e.path + ": " + e.id + "  " + field(e.report, "status") + "\n";
}

std::string text_findings(const Value& report)
{
  std::string out;
  const Value* findings = report.find("findings");
  if (findings != nullptr && findings->is_array() && !findings->as_array().empty()) {
    // One entry a rule, in the order first found, with its clause and how often it fired.
    const auto& list = findings->as_array();
    std::vector<std::pair<std::string, std::size_t>> rules;
    std::map<std::string, std::size_t> index;
    for (const auto& f : list) {
      const auto clause = field(f, "clause");
      auto key = field(f, "rule") + (clause.empty() ? "" : " (" + clause + ")");
      const auto [it, added] = index.emplace(key, rules.size());
      if (added) {
        rules.emplace_back(std::move(key), 0);
      }
      ++rules[it->second].second;
    }
    out += fmt::format("  findings     {}:", list.size());
    for (const auto& [rule, n] : rules) {
      out += fmt::format(" {}{}{}", rule, n > 1 ? fmt::format(" x{}", n) : "",
                         &rule == &rules.back().first ? "" : ",");
    }
    out += '\n';
  }
  const Value* unread = report.find("unread");
  if (unread != nullptr && unread->is_array() && !unread->as_array().empty()) {
    const auto n = unread->as_array().size();
    out += fmt::format("  unread       {} part{} of the file could not be read and {} left out "
                       "(see the errors above)\n",
                       n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
  }
  return out;
}

std::string markdown_findings(const Entry& entry, int level)
{
  const Value* findings = entry.report.find("findings");
  const Value* unread = entry.report.find("unread");
  const bool any_finding = findings != nullptr && findings->is_array() && !findings->as_array().empty();
  const bool any_unread = unread != nullptr && unread->is_array() && !unread->as_array().empty();
  if (!any_finding && !any_unread) {
    return {};
  }
  std::string out = fmt::format("{} Findings: {}\n\n", std::string(static_cast<std::size_t>(level), '#'),
                                markdown_text(entry.id.empty() ? entry.path : entry.id));
  auto item = [&](const Value& f, std::string_view severity) {
    const auto clause = field(f, "clause");
    out += fmt::format(
      "- {} {} {}{}: {}\n",
      markdown_code(fmt::format("{}:{}:{}", entry.path, field(f, "line"), field(f, "column"))), severity,
      markdown_code(field(f, "rule")), clause.empty() ? "" : " (" + markdown_text(clause) + ")",
      markdown_text(field(f, "message")));
  };
  if (any_finding) {
    for (const auto& f : findings->as_array()) {
      item(f, field(f, "severity"));
    }
  }
  if (any_unread) {
    for (const auto& f : unread->as_array()) {
      item(f, "not read");
    }
  }
  return out + "\n";
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
  std::string out;
  write(out, indent, 0);
  return out;
}

void Value::write(std::string& out, int indent, int depth) const
{
  auto newline = [&](int d) {
    if (indent >= 0) {
      out += '\n';
      out.append(static_cast<std::size_t>(indent * d), ' ');
    }
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
      } else if constexpr (std::is_same_v<T, Array>) {
        if (v.empty()) {
          out += "[]";
          return;
        }
        out += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (i > 0) {
            out += ',';
          }
          newline(depth + 1);
          v[i].write(out, indent, depth + 1);
        }
        newline(depth);
        out += ']';
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

#include <qicase/yaml/node.hpp>

#include <regex>

namespace qicase::yaml {

const Node* Node::get(std::string_view key) const
{
  if (type != Type::map) {
    return nullptr;
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].name == key) {
      return &children[i];
    }
  }
  return nullptr;
}

const Key* Node::key_of(std::string_view key) const
{
  for (const auto& k : keys) {
    if (k.name == key) {
      return &k;
    }
  }
  return nullptr;
}

bool is_plain_bool(const Node& node)
{
  if (node.type != Type::scalar || node.quoted) {
    return false;
  }
  const auto& t = node.text;
  return t == "true" || t == "True" || t == "TRUE" || t == "false" || t == "False" || t == "FALSE";
}

namespace {

bool is_digits(std::string_view s)
{
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

} // namespace

bool is_plain_number(const Node& node)
{
  if (node.type != Type::scalar || node.quoted) {
    return false;
  }
  // YAML 1.2 core: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, 0x.., 0o.., .inf, .nan
  std::string_view s = node.text;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "-.inf" || s == "+.inf" || s == ".nan"
      || s == ".NaN" || s == ".NAN") {
    return true;
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    return true;
  }
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    s.remove_prefix(1);
  }
  auto e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
      exponent.remove_prefix(1);
    }
    if (!is_digits(exponent)) {
      return false;
    }
  }
  auto dot = mantissa.find('.');
  if (dot == std::string_view::npos) {
    return is_digits(mantissa);
  }
  std::string_view whole = mantissa.substr(0, dot);
  std::string_view fraction = mantissa.substr(dot + 1);
  if (whole.empty()) {
    return is_digits(fraction);
  }
  return is_digits(whole) && (fraction.empty() || is_digits(fraction));
}

std::string_view Node::describe() const
{
  switch (type) {
  case Type::null: return "nothing";
  case Type::sequence: return "a list";
  case Type::map: return "a mapping";
  case Type::scalar:
    if (is_plain_bool(*this)) {
      return "true/false";
    }
    if (is_plain_number(*this)) {
      return "a number";
    }
    return "text";
  }
  return "a value";
}

} // namespace qicase::yaml

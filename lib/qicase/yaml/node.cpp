#include <qicase/yaml/node.hpp>

#include <qicase/yaml/packed.hpp>

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

namespace {

// Walks `path` from `root`; returns the deepest node reached and whether the walk was complete.
std::pair<const Node*, bool> walk(const Node& root, std::string_view path)
{
  const Node* node = &root;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const auto step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    const Node* next = nullptr;
    if (node->is_map()) {
      next = node->get(step);
    } else if (node->is_sequence()) {
      std::size_t index = 0;
      bool digits = !step.empty();
      for (char c : step) {
        digits = digits && c >= '0' && c <= '9' && index < 1000000;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (digits && index < node->children.size()) {
        next = &node->children[index];
      }
    }
    if (next == nullptr) {
      return {node, false};
    }
    node = next;
  }
  return {node, true};
}

} // namespace

Mark mark_at(const Node& root, std::string_view path)
{
  return walk(root, path).first->mark;
}

const Node* find_at(const Node& root, std::string_view path)
{
  auto [node, complete] = walk(root, path);
  return complete ? node : nullptr;
}

Mark mark_at(const Node& root, std::initializer_list<std::string_view> paths)
{
  for (auto path : paths) {
    if (const Node* node = find_at(root, path)) {
      return node->mark;
    }
  }
  return paths.size() == 0 ? root.mark : mark_at(root, *paths.begin());
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
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "-.inf" || s == "+.inf" || s == ".nan" || s == ".NaN"
      || s == ".NAN") {
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

bool operator==(const Node& a, const Node& b)
{
  if (a.type != b.type || a.quoted != b.quoted || a.mark.line != b.mark.line || a.mark.column != b.mark.column
      || a.text != b.text || a.keys.size() != b.keys.size() || a.children.size() != b.children.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.keys.size(); ++i) {
    if (a.keys[i].name != b.keys[i].name || a.keys[i].mark.line != b.keys[i].mark.line
        || a.keys[i].mark.column != b.keys[i].mark.column) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    if (!(a.children[i] == b.children[i])) {
      return false;
    }
  }
  return true;
}

namespace {

class Reader
{
public:
  explicit Reader(std::string_view in) : m_in(in) {}

  Node node()
  {
    Node n;
    const auto head = static_cast<unsigned char>(byte());
    n.type = static_cast<Type>(head & 3u);
    n.quoted = (head & 4u) != 0;
    n.mark = mark();
    switch (n.type) {
    case Type::null: break;
    case Type::scalar: n.text = text(); break;
    case Type::sequence: {
      const std::size_t count = number();
      n.children.reserve(count);
      for (std::size_t i = 0; i < count; ++i) {
        n.children.push_back(node());
      }
      break;
    }
    case Type::map: {
      const std::size_t count = number();
      n.keys.reserve(count);
      n.children.reserve(count);
      for (std::size_t i = 0; i < count; ++i) {
        Key k;
        k.name = text();
        k.mark = mark();
        n.keys.push_back(std::move(k));
        n.children.push_back(node());
      }
      break;
    }
    }
    return n;
  }

private:
  char byte() { return m_in[m_at++]; }

  std::size_t number() { return packed::get(m_in, m_at); }

  Mark mark()
  {
    Mark m;
    m.line = static_cast<int>(number());
    m.column = static_cast<int>(number());
    return m;
  }

  std::string text()
  {
    const std::size_t n = number();
    std::string s(m_in.substr(m_at, n));
    m_at += n;
    return s;
  }

  std::string_view m_in;
  std::size_t m_at = 0;
};

} // namespace

Node unpack(std::string_view packed)
{
  return Reader(packed).node();
}

namespace {

bool at_or_before(Mark a, Mark b)
{
  return a.line < b.line || (a.line == b.line && a.column <= b.column);
}

// How an item of a list is named in item_path(): by a field that identifies it, else by
// its position from 1.
std::string item_name(const Node& item, std::size_t index)
{
  if (item.is_map()) {
    for (const char* key : {"id", "finding", "element", "period", "measure", "lob", "title"}) {
      const Node* v = item.get(key);
      if (v != nullptr && v->is_scalar() && !v->text.empty() && v->text.size() <= 80) {
        return v->text;
      }
    }
  }
  return std::to_string(index + 1);
}

} // namespace

std::string item_path(const Node& root, Mark mark)
{
  std::string path;
  const Node* n = &root;
  // Bounded by the loader's nesting limit; each step goes one level down.
  for (int depth = 0; depth < 128 && n != nullptr; ++depth) {
    if (n->mark.line == mark.line && n->mark.column == mark.column && n->is_map()) {
      break; // the diagnostic is about this mapping as a whole
    }
    const Node* next = nullptr;
    if (n->is_map()) {
      // The last key that starts at or before the mark holds it.
      std::size_t found = n->keys.size();
      for (std::size_t i = 0; i < n->keys.size() && at_or_before(n->keys[i].mark, mark); ++i) {
        found = i;
      }
      if (found < n->keys.size()) {
        path += (path.empty() ? "" : ".") + n->keys[found].name;
        next = &n->children[found];
      }
    } else if (n->is_sequence()) {
      std::size_t found = n->children.size();
      for (std::size_t i = 0; i < n->children.size() && at_or_before(n->children[i].mark, mark); ++i) {
        found = i;
      }
      if (found < n->children.size()) {
        path += "[" + item_name(n->children[found], found) + "]";
        next = &n->children[found];
      }
    }
    n = next;
  }
  return path;
}

} // namespace qicase::yaml

#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>

namespace qicase::yaml {

enum class Type : std::uint8_t { null, scalar, sequence, map };

struct Node;

struct Key
{
  std::string name;
  Mark mark;
};

// A YAML value with its position. Our own tree (not YAML::Node): it keeps every key's mark,
// rejects duplicate keys at load time, and is cheap to walk from several threads.
struct Node
{
  // Laid out small (type and quoted share a word with nothing else): every tree of a run is
  // kept, so each byte here is a byte per value of every file.
  Type type = Type::null;
  bool quoted = false; // scalar was quoted or a block scalar: always text, never a number
  Mark mark;
  std::string text;           // scalar value
  std::vector<Key> keys;      // map keys, parallel to children
  std::vector<Node> children; // map values or sequence items

  bool is_null() const { return type == Type::null; }
  bool is_scalar() const { return type == Type::scalar; }
  bool is_sequence() const { return type == Type::sequence; }
  bool is_map() const { return type == Type::map; }

  // Map lookup; nullptr when absent or not a map.
  const Node* get(std::string_view key) const;
  const Key* key_of(std::string_view key) const;

  // What the value is, for messages: "a list", "a mapping", "text", "a number", "nothing".
  std::string_view describe() const;
};

// The position of the value at `path` below `root`: keys and list indexes joined by dots, e.g.
// "response.due" or "deficiencies.0.actions.1.due". Where the path stops early (a key absent),
// the position of the deepest value found, so a message still points near its cause.
Mark mark_at(const Node& root, std::string_view path);
// The value at `path`, or nullptr when any step is missing.
const Node* find_at(const Node& root, std::string_view path);
// The position of the first of `paths` present in full, else mark_at() of the first.
Mark mark_at(const Node& root, std::initializer_list<std::string_view> paths);

// Where `mark` lies in the case below `root`, by keys and by the identity of list items rather
// than by line: "deficiencies[D1].actions[A2].due", "findings[F1]", "actions[2].due" (an item
// with no `id`, `finding`, `element`, `period`, `measure`, `lob` or `title` is named by its
// position, from 1).
// Stable when lines move: the key of a finding in a baseline. "" for the mapping at the top.
std::string item_path(const Node& root, Mark mark);

// YAML 1.2 core schema resolution of a plain scalar.
bool is_plain_bool(const Node& node);
bool is_plain_number(const Node& node);

// Same type, text, quoting, positions, keys and children, all the way down.
bool operator==(const Node& a, const Node& b);

// The tree a packed form holds (packed.hpp; yaml::parse_packed writes it straight from the
// parser, about the size of the file): `check` over thousands of files keeps each file packed
// between its parse and its check, so their trees are never all in memory at once.
Node unpack(std::string_view packed);

} // namespace qicase::yaml

#include <qicase/yaml/loader.hpp>

#include <istream>
#include <memory>
#include <optional>
#include <streambuf>
#include <unordered_map>

#include <fmt/format.h>

#include <qicase/core/file.hpp>
#include <qicase/core/text.hpp>
#include <qicase/yaml/packed.hpp>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace qicase::yaml {

namespace {

Mark to_mark(const YAML::Mark& m)
{
  // yaml-cpp marks are 0-based.
  if (m.is_null()) {
    return {};
  }
  return {m.line + 1, m.column + 1};
}

// Thrown from the event handler to stop the parse at a limit.
struct LimitReached
{
  Mark mark;
  std::string rule;
  std::string message;
};

bool is_null_text(const std::string& s)
{
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Writes the tree straight in its packed form (packed.hpp) as the events come, with every
// problem found on the way (keys that are not text, duplicate keys, limits, aliases), and keeps
// a shallow copy of the top level: the root, with its scalar values and its lists
// and mappings as empty ones of their type (what a document's header and fields read). No
// node is allocated: a 10,000-file check keeps every file packed this way; parse() unpacks.
class PackBuilder : public YAML::EventHandler
{
public:
  PackBuilder(Diagnostics& diags, const Limits& limits, std::string& out)
    : m_diags(diags), m_limits(limits), m_out(out)
  {}

  bool has_root() const { return m_has_root; }
  Node take_top() { return std::move(m_top); }
  Mark document_mark() const { return m_document_mark; }

  void OnDocumentStart(const YAML::Mark& mark) override { m_document_mark = to_mark(mark); }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    leaf(Type::null, false, to_mark(mark), {}, anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override
  {
    // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
    const bool plain = tag == "?";
    if (plain && is_null_text(value)) {
      leaf(Type::null, false, to_mark(mark), {}, anchor);
    } else if (!plain && invalid_utf8(value) != std::string_view::npos) {
      // The file is valid UTF-8 (checked before parsing), but escapes such as "\N" decode to a
      // lone byte: every value handed on is valid UTF-8.
      leaf(Type::scalar, !plain, to_mark(mark), repair_utf8(value), anchor);
    } else {
      leaf(Type::scalar, !plain, to_mark(mark), value, anchor);
    }
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    auto it = m_anchors.find(anchor);
    if (it == m_anchors.end()) {
      throw LimitReached{to_mark(mark), "yaml.alias",
                         "an alias refers to an anchor that is not complete (a value cannot "
                         "contain itself): write the value out"};
    }
    count(it->second.second, to_mark(mark));
    const std::string& bytes = it->second.first;
    const auto head = static_cast<unsigned char>(bytes[0]);
    const auto type = static_cast<Type>(head & 3u);
    std::size_t at = 1;
    packed::get(bytes, at); // its own position: the copy takes the alias's
    packed::get(bytes, at);
    if (key_position()) {
      if (type == Type::scalar) {
        const std::size_t n = packed::get(bytes, at);
        key(std::string_view(bytes).substr(at, n), to_mark(mark));
      } else {
        bad_key(type, (head & 4u) != 0, to_mark(mark));
      }
      return;
    }
    const std::size_t start = begin_value();
    m_out.push_back(static_cast<char>(head));
    packed::put_mark(m_out, to_mark(mark));
    m_out.append(bytes, at, std::string::npos);
    Node shallow;
    shallow.type = type;
    shallow.quoted = (head & 4u) != 0;
    shallow.mark = to_mark(mark);
    if (type == Type::scalar) {
      const std::size_t n = packed::get(bytes, at);
      shallow.text.assign(bytes, at, n);
    }
    end_value(start, std::move(shallow), YAML::NullAnchor, 0);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override
  {
    open(Type::sequence, to_mark(mark), anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override
  {
    open(Type::map, to_mark(mark), anchor);
  }
  void OnMapEnd() override { close(); }

private:
  struct Frame
  {
    Type type = Type::map;
    Mark mark;
    bool quoted = false;
    bool is_key = false;         // in key position of its parent map: dropped at its end
    std::size_t start = 0;       // offset of its head byte
    std::size_t count_at = 0;    // offset of its padded count
    std::size_t count = 0;       // items or entries written
    std::size_t value_start = 0; // its parent's pending value starts here
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t first_count = 0; // node count when it opened, for anchors
    bool has_key = false;        // map: a key is waiting for its value
    bool skip_value = false;     // map: the waiting key was a duplicate or not text
    std::size_t keys_begin = 0;  // map: its keys in m_keys
    // map: its keys by name (to their place in m_keys), once it has more than 64: a file of
    // 350,000 keys is checked for duplicates in linear time, not quadratic.
    std::unique_ptr<std::unordered_map<std::string, std::size_t>> key_index;
    Key pending; // the root map: the waiting key, for the shallow top
  };
  struct KeySeen
  {
    std::size_t at; // offset of the key's bytes in m_out
    std::size_t size;
    Mark mark;
  };

  void count(std::size_t n, Mark mark)
  {
    m_nodes += n;
    if (m_nodes > m_limits.max_nodes || m_nodes > packed::k_max_count) {
      throw LimitReached{mark, "yaml.too-large",
                         fmt::format("more than {} values (aliases counted as expanded): a case "
                                     "file is far smaller; split it or remove repeated aliases",
                                     m_limits.max_nodes)};
    }
  }

  std::string_view key_name(std::size_t i) const
  {
    return std::string_view(m_out).substr(m_keys[i].at, m_keys[i].size);
  }

  bool key_position() const
  {
    return !m_stack.empty() && m_stack.back().type == Type::map && !m_stack.back().has_key;
  }

  // A map key: text, unless a duplicate of one before it in the same map.
  void key(std::string_view name, Mark mark)
  {
    Frame& parent = m_stack.back();
    parent.has_key = true;
    parent.skip_value = false;
    constexpr std::size_t k_scan = 64; // up to this many keys a scan is quicker than a hash
    std::optional<std::size_t> first;
    if (parent.key_index) {
      if (auto it = parent.key_index->find(std::string(name)); it != parent.key_index->end()) {
        first = it->second;
      }
    } else {
      for (std::size_t i = parent.keys_begin; i < m_keys.size(); ++i) {
        if (key_name(i) == name) {
          first = i;
          break;
        }
      }
    }
    if (first) {
      m_diags.error(mark, "yaml.duplicate-key",
                    fmt::format("duplicate key `{}` (first at line {}): keep one and remove "
                                "the other; the first is used",
                                clip(name, 40), m_keys[*first].mark.line));
      parent.skip_value = true;
      return;
    }
    packed::put(m_out, name.size());
    m_keys.push_back({m_out.size(), name.size(), mark});
    if (!parent.key_index && m_keys.size() - parent.keys_begin > k_scan) {
      parent.key_index = std::make_unique<std::unordered_map<std::string, std::size_t>>();
      for (std::size_t i = parent.keys_begin; i + 1 < m_keys.size(); ++i) {
        parent.key_index->emplace(std::string(key_name(i)), i);
      }
    }
    if (parent.key_index) {
      parent.key_index->emplace(std::string(name), m_keys.size() - 1);
    }
    m_out.append(name);
    packed::put_mark(m_out, mark);
    if (m_stack.size() == 1) {
      parent.pending = Key{std::string(name), mark};
    }
  }

  void bad_key(Type type, bool quoted, Mark mark)
  {
    Node node;
    node.type = type;
    node.quoted = quoted;
    m_diags.error(mark, "yaml.key",
                  fmt::format("a key must be plain text, not {}: write `name: value`", node.describe()));
    Frame& parent = m_stack.back();
    parent.has_key = true;
    parent.skip_value = true;
  }

  std::size_t begin_value() const { return m_out.size(); }

  // A value is complete from `start`: remember it for its anchor, then count it in its
  // parent (or drop it, after a bad key), or make it the root.
  void end_value(std::size_t start, Node shallow, YAML::anchor_t anchor, std::size_t size)
  {
    if (anchor != YAML::NullAnchor) {
      m_anchors[anchor] = {m_out.substr(start), size};
    }
    if (m_stack.empty()) {
      m_has_root = true;
      m_top = std::move(shallow);
      return;
    }
    Frame& parent = m_stack.back();
    if (parent.type == Type::sequence) {
      ++parent.count;
      return;
    }
    parent.has_key = false;
    if (parent.skip_value) {
      m_out.resize(start);
      return;
    }
    ++parent.count;
    if (m_stack.size() == 1) {
      m_top.keys.push_back(std::move(parent.pending));
      m_top.children.push_back(std::move(shallow));
    }
  }

  void leaf(Type type, bool quoted, Mark mark, const std::string& text, YAML::anchor_t anchor)
  {
    count(1, mark);
    if (key_position()) {
      if (anchor != YAML::NullAnchor) { // `&a key:` may be copied as a value later
        std::string bytes(1, static_cast<char>(static_cast<unsigned>(type) | (quoted ? 4u : 0u)));
        packed::put_mark(bytes, mark);
        if (type == Type::scalar) {
          packed::put_text(bytes, text);
        }
        m_anchors[anchor] = {std::move(bytes), 1};
      }
      if (type == Type::scalar) {
        key(text, mark);
      } else {
        bad_key(type, quoted, mark);
      }
      return;
    }
    const std::size_t start = begin_value();
    m_out.push_back(static_cast<char>(static_cast<unsigned>(type) | (quoted ? 4u : 0u)));
    packed::put_mark(m_out, mark);
    Node shallow;
    shallow.type = type;
    shallow.quoted = quoted;
    shallow.mark = mark;
    if (type == Type::scalar) {
      packed::put_text(m_out, text);
      if (m_stack.size() <= 1) {
        shallow.text = text;
      }
    }
    end_value(start, std::move(shallow), anchor, 1);
  }

  void open(Type type, Mark mark, YAML::anchor_t anchor)
  {
    if (static_cast<int>(m_stack.size()) >= m_limits.max_depth) {
      throw LimitReached{mark, "yaml.too-deep",
                         fmt::format("nesting deeper than {} levels: no case file needs this; "
                                     "flatten the structure",
                                     m_limits.max_depth)};
    }
    count(1, mark);
    Frame frame;
    frame.type = type;
    frame.mark = mark;
    frame.is_key = key_position();
    frame.anchor = anchor;
    frame.first_count = m_nodes;
    frame.start = m_out.size();
    frame.keys_begin = m_keys.size();
    m_out.push_back(static_cast<char>(type));
    packed::put_mark(m_out, mark);
    frame.count_at = m_out.size();
    m_out.append(packed::k_count_bytes, '\0');
    m_stack.push_back(std::move(frame));
  }

  void close()
  {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    m_keys.resize(frame.keys_begin);
    if (frame.type == Type::map && frame.has_key && !frame.skip_value) {
      // A key with no value event cannot happen with yaml-cpp; keep the tree well formed.
      m_out.push_back(static_cast<char>(Type::null));
      packed::put_mark(m_out, Mark{});
      ++frame.count;
      if (m_stack.empty()) {
        m_top.keys.push_back(std::move(frame.pending));
        m_top.children.emplace_back();
      }
    }
    packed::patch_count(m_out, frame.count_at, frame.count);
    if (frame.is_key) {
      if (frame.anchor != YAML::NullAnchor) {
        m_anchors[frame.anchor] = {m_out.substr(frame.start), m_nodes - frame.first_count + 1};
      }
      m_out.resize(frame.start);
      bad_key(frame.type, false, frame.mark);
      return;
    }
    Node shallow;
    shallow.type = frame.type;
    shallow.mark = frame.mark;
    if (m_stack.empty()) {
      // The root: the top level gathered as its entries completed.
      shallow.keys = std::move(m_top.keys);
      shallow.children = std::move(m_top.children);
    }
    end_value(frame.start, std::move(shallow), frame.anchor, m_nodes - frame.first_count + 1);
  }

  Diagnostics& m_diags;
  const Limits& m_limits;
  std::string& m_out;
  std::vector<Frame> m_stack;
  std::vector<KeySeen> m_keys; // the keys of the open maps, for duplicates
  std::unordered_map<YAML::anchor_t, std::pair<std::string, std::size_t>> m_anchors;
  std::size_t m_nodes = 0;
  bool m_has_root = false;
  Node m_top; // the root map's entries so far, then the shallow root
  Mark m_document_mark;
};

// The text as a stream for yaml-cpp, read in place (an istringstream would copy it).
class MemoryBuffer : public std::streambuf
{
public:
  explicit MemoryBuffer(std::string_view text)
  {
    char* begin = const_cast<char*>(text.data()); // only ever read: no put area
    setg(begin, begin, begin + text.size());
  }
};

} // namespace

namespace {} // namespace

void too_large(Diagnostics& diags, std::size_t size, const Limits& limits)
{
  diags.error({}, "file.too-large",
              fmt::format("file is {} bytes, over the {} byte limit: a case file is far smaller; is this "
                          "the right file?",
                          size, limits.max_bytes));
}

namespace {

// What every file goes through before yaml-cpp: its size, its encoding (UTF-8, no NUL) and
// lone CRs made LFs (into `copy`, `text` then viewing it). False: `diags` says why.
bool prepare(std::string_view& text, std::string& copy, Diagnostics& diags, const Limits& limits)
{
  if (text.size() > limits.max_bytes) {
    too_large(diags, text.size(), limits);
    return false;
  }
  // A UTF-16 or UTF-32 byte-order mark: say so, rather than "binary" (YAML files here are UTF-8).
  if (text.size() >= 2
      && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')
          || (text.size() >= 4 && text.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)))) {
    diags.error({1, 1}, "file.encoding",
                "the file is UTF-16 or UTF-32 (it starts with that byte-order mark): save it as "
                "UTF-8");
    return false;
  }
  // YAML 1.2 line breaks are LF, CRLF or a lone CR (old Mac files); yaml-cpp knows only the first
  // two, so a lone CR becomes LF (in a copy: most files have none). Lines keep their numbers,
  // here and in the positions below.
  for (auto cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r', cr + 1)) {
    if (cr + 1 == text.size() || text[cr + 1] != '\n') {
      if (copy.empty()) {
        copy.assign(text);
        text = copy;
      }
      copy[cr] = '\n';
    }
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    diags.error(position_at(text, nul), "file.binary",
                "file holds a NUL byte: it is binary, not a YAML case file");
    return false;
  }
  if (auto bad = invalid_utf8(text); bad != std::string_view::npos) {
    diags.error(position_at(text, bad), "file.encoding",
                fmt::format("byte 0x{:02X} is not UTF-8: save the file as UTF-8",
                            static_cast<unsigned>(static_cast<unsigned char>(text[bad]))));
    return false;
  }

  return true;
}

// Runs yaml-cpp over `text` into `builder`: the first document, and a problem if a second one
// follows (its events go nowhere). False when the text is not usable YAML (`diags` says why,
// and the file is a finding: exit 1, as yamllint and check-jsonschema give).
bool drive(std::string_view text, PackBuilder& builder, Diagnostics& diags, const Limits& limits)
{
  MemoryBuffer buffer(text);
  std::istream stream(&buffer);
  try {
    YAML::Parser parser(stream);
    if (!parser.HandleNextDocument(builder)) {
      diags.error({1, 1}, "file.empty",
                  "empty file: a case file is a mapping that starts with `kind:` and `id:` "
                  "(try `qicase new notice`)");
      return false;
    }
    std::string ignored;
    PackBuilder next(diags, limits, ignored);
    if (parser.HandleNextDocument(next)) {
      diags.error(next.document_mark(), "yaml.multi-document",
                  "a second YAML document starts here: keep one case per file");
    }
  } catch (const LimitReached& limit) {
    diags.error(limit.mark, limit.rule, limit.message);
    return false;
  } catch (const YAML::Exception& e) {
    diags.error(to_mark(e.mark), "yaml.syntax", fmt::format("not valid YAML: {}", e.msg));
    return false;
  } catch (const std::exception& e) {
    diags.error({}, "yaml.syntax", fmt::format("not valid YAML: {}", e.what()));
    return false;
  }
  return true;
}

void empty_document(Diagnostics& diags)
{
  diags.error({1, 1}, "file.empty",
              "the document is empty: a case file is a mapping that starts with `kind:` and "
              "`id:` (try `qicase new notice`)");
}

// Reads `path` within the limit; false when it cannot be (`diags` says why).
bool read_within(const std::string& path, std::string& text, Diagnostics& diags, const Limits& limits)
{
  auto read = read_file(path, limits.max_bytes);
  if (!read.error.empty()) {
    diags.error({}, "file.unreadable", fmt::format("cannot read the file: {}", read.error));
    diags.set_unusable();
    return false;
  }
  if (read.too_large) {
    diags.error({}, "file.too-large",
                fmt::format("file is over the {} byte limit: a case file is far smaller; is "
                            "this the right file?",
                            limits.max_bytes));
    return false;
  }
  text = std::move(read.text);
  return true;
}

} // namespace

std::optional<Node> parse(std::string_view text, Diagnostics& diags, const Limits& limits)
{
  auto packed = parse_packed(text, diags, limits);
  if (!packed) {
    return std::nullopt;
  }
  return unpack(packed->bytes);
}

std::optional<Packed> parse_packed(std::string_view text, Diagnostics& diags, const Limits& limits)
{
  std::string copy;
  if (!prepare(text, copy, diags, limits)) {
    return std::nullopt;
  }
  // Written into a buffer reused file after file, then copied at its exact size: kept for the
  // whole run, a string grown by doubling would hold a third more than its bytes.
  thread_local std::string buffer;
  buffer.clear();
  PackBuilder builder(diags, limits, buffer);
  if (!drive(text, builder, diags, limits)) {
    return std::nullopt;
  }
  Packed out;
  out.bytes.assign(buffer);
  out.top = builder.take_top();
  if (!builder.has_root() || out.top.is_null()) {
    empty_document(diags);
    return std::nullopt;
  }
  return out;
}

std::optional<Packed> load_file_packed(const std::string& path, Diagnostics& diags, const Limits& limits)
{
  std::string text;
  if (!read_within(path, text, diags, limits)) {
    return std::nullopt;
  }
  return parse_packed(text, diags, limits);
}

} // namespace qicase::yaml

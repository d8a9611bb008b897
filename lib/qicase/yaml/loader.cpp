#include <qicase/yaml/loader.hpp>

#include <istream>
#include <streambuf>
#include <unordered_map>

#include <fmt/format.h>

#include <qicase/core/file.hpp>
#include <qicase/core/text.hpp>
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

class Builder : public YAML::EventHandler
{
public:
  Builder(Diagnostics& diags, const Limits& limits) : m_diags(diags), m_limits(limits) {}

  std::optional<Node> take() { return std::move(m_root); }
  Mark document_mark() const { return m_document_mark; }

  void OnDocumentStart(const YAML::Mark& mark) override { m_document_mark = to_mark(mark); }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    Node node;
    node.mark = to_mark(mark);
    finish(std::move(node), anchor);
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
    Node copy = it->second.first;
    copy.mark = to_mark(mark);
    finish(std::move(copy), YAML::NullAnchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override
  {
    Node node;
    node.mark = to_mark(mark);
    // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
    const bool plain = tag == "?";
    if (plain && is_null_text(value)) {
      finish(std::move(node), anchor);
      return;
    }
    node.type = Type::scalar;
    node.text = value;
    node.quoted = !plain;
    finish(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override
  {
    open(Type::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override
  {
    open(Type::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

private:
  struct Frame
  {
    Node node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t first_count = 0; // node count when the frame opened, for anchors
    bool has_key = false;        // map: a key is waiting for its value
    bool skip_value = false;     // map: the waiting key was a duplicate or not text
    Key key;
  };

  void count(std::size_t n, Mark mark)
  {
    m_nodes += n;
    if (m_nodes > m_limits.max_nodes) {
      throw LimitReached{mark, "yaml.too-large",
                         fmt::format("more than {} values (aliases counted as expanded): a case "
                                     "file is far smaller; split it or remove repeated aliases",
                                     m_limits.max_nodes)};
    }
  }

  void open(Type type, const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    if (static_cast<int>(m_stack.size()) >= m_limits.max_depth) {
      throw LimitReached{to_mark(mark), "yaml.too-deep",
                         fmt::format("nesting deeper than {} levels: no case file needs this; "
                                     "flatten the structure",
                                     m_limits.max_depth)};
    }
    count(1, to_mark(mark));
    Frame frame;
    frame.node.type = type;
    frame.node.mark = to_mark(mark);
    frame.anchor = anchor;
    frame.first_count = m_nodes;
    m_stack.push_back(std::move(frame));
  }

  void close()
  {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    if (frame.has_key && !frame.skip_value) {
      // A key with no value event cannot happen with yaml-cpp; keep the tree well formed.
      frame.node.keys.push_back(frame.key);
      frame.node.children.emplace_back();
    }
    // Every tree is kept for the whole run (any file may be the target of a reference): give
    // back what the vectors grew past their size (a third of the tree's memory).
    frame.node.keys.shrink_to_fit();
    frame.node.children.shrink_to_fit();
    const std::size_t size = m_nodes - frame.first_count + 1;
    attach(std::move(frame.node), frame.anchor, size);
  }

  void finish(Node node, YAML::anchor_t anchor)
  {
    count(1, node.mark);
    attach(std::move(node), anchor, 1);
  }

  void attach(Node node, YAML::anchor_t anchor, std::size_t size)
  {
    if (anchor != YAML::NullAnchor) {
      m_anchors[anchor] = {node, size};
    }
    if (m_stack.empty()) {
      m_root = std::move(node);
      return;
    }
    Frame& parent = m_stack.back();
    if (parent.node.type == Type::sequence) {
      parent.node.children.push_back(std::move(node));
      return;
    }
    // Map: alternate key, value.
    if (!parent.has_key) {
      parent.has_key = true;
      parent.skip_value = false;
      if (node.type != Type::scalar) {
        m_diags.error(node.mark, "yaml.key",
                      fmt::format("a key must be plain text, not {}: write `name: value`",
                                  node.describe()));
        parent.skip_value = true;
        return;
      }
      parent.key = Key{std::move(node.text), node.mark};
      for (const auto& existing : parent.node.keys) {
        if (existing.name == parent.key.name) {
          m_diags.error(node.mark, "yaml.duplicate-key",
                        fmt::format("duplicate key `{}` (first at line {}): keep one and remove "
                                    "the other; the first is used",
                                    parent.key.name, existing.mark.line));
          parent.skip_value = true;
          break;
        }
      }
      return;
    }
    parent.has_key = false;
    if (!parent.skip_value) {
      parent.node.keys.push_back(std::move(parent.key));
      parent.node.children.push_back(std::move(node));
    }
  }

  Diagnostics& m_diags;
  const Limits& m_limits;
  std::vector<Frame> m_stack;
  std::optional<Node> m_root;
  std::unordered_map<YAML::anchor_t, std::pair<Node, std::size_t>> m_anchors;
  std::size_t m_nodes = 0;
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

std::optional<Node> parse(std::string_view text, Diagnostics& diags, const Limits& limits)
{
  if (text.size() > limits.max_bytes) {
    diags.error({}, "file.too-large",
                fmt::format("file is {} bytes, over the {} byte limit: a case file is far "
                            "smaller; is this the right file?",
                            text.size(), limits.max_bytes));
    diags.set_unusable();
    return std::nullopt;
  }
  // A UTF-16 or UTF-32 byte-order mark: say so, rather than "binary" (YAML files here are UTF-8).
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')
                           || (text.size() >= 4 && text.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)))) {
    diags.error({1, 1}, "file.encoding",
                "the file is UTF-16 or UTF-32 (it starts with that byte-order mark): save it as "
                "UTF-8");
    diags.set_unusable();
    return std::nullopt;
  }
  // YAML 1.2 line breaks are LF, CRLF or a lone CR (old Mac files); yaml-cpp knows only the first
  // two, so a lone CR becomes LF (in a copy: most files have none). Lines keep their numbers,
  // here and in the positions below.
  std::string copy;
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
    diags.set_unusable();
    return std::nullopt;
  }
  if (auto bad = invalid_utf8(text); bad != std::string_view::npos) {
    diags.error(position_at(text, bad), "file.encoding",
                fmt::format("byte 0x{:02X} is not UTF-8: save the file as UTF-8",
                            static_cast<unsigned>(static_cast<unsigned char>(text[bad]))));
    diags.set_unusable();
    return std::nullopt;
  }

  MemoryBuffer buffer(text);
  std::istream stream(&buffer);
  std::optional<Node> root;
  try {
    YAML::Parser parser(stream);
    Builder builder(diags, limits);
    if (!parser.HandleNextDocument(builder)) {
      diags.error({1, 1}, "file.empty",
                  "empty file: a case file is a mapping that starts with `kind:` and `id:` "
                  "(try `qicase new notice`)");
      return std::nullopt;
    }
    root = builder.take();
    Builder second(diags, limits);
    if (parser.HandleNextDocument(second)) {
      diags.error(second.document_mark(), "yaml.multi-document",
                  "a second YAML document starts here: keep one case per file");
    }
  } catch (const LimitReached& limit) {
    diags.error(limit.mark, limit.rule, limit.message);
    diags.set_unusable();
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diags.error(to_mark(e.mark), "yaml.syntax", fmt::format("not valid YAML: {}", e.msg));
    diags.set_unusable();
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.error({}, "yaml.syntax", fmt::format("not valid YAML: {}", e.what()));
    diags.set_unusable();
    return std::nullopt;
  }
  if (!root || root->is_null()) {
    diags.error({1, 1}, "file.empty",
                "the document is empty: a case file is a mapping that starts with `kind:` and "
                "`id:` (try `qicase new notice`)");
    return std::nullopt;
  }
  return root;
}

std::optional<Node> load_file(const std::string& path, Diagnostics& diags, const Limits& limits)
{
  auto read = read_file(path, limits.max_bytes);
  if (!read.error.empty()) {
    diags.error({}, "file.unreadable", fmt::format("cannot read the file: {}", read.error));
    diags.set_unusable();
    return std::nullopt;
  }
  if (read.too_large) {
    diags.error({}, "file.too-large",
                fmt::format("file is over the {} byte limit: a case file is far smaller; is "
                            "this the right file?",
                            limits.max_bytes));
    diags.set_unusable();
    return std::nullopt;
  }
  return parse(read.text, diags, limits);
}

} // namespace qicase::yaml

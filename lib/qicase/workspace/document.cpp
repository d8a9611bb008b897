#include <qicase/workspace/document.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/packed.hpp>

namespace qicase {

namespace fs = std::filesystem;

const std::vector<std::string_view>& known_kinds()
{
  static const std::vector<std::string_view> k_names = [] {
    std::vector<std::string_view> names;
    for (const auto& k : k_kind_names) {
      names.push_back(k.name);
    }
    return names;
  }();
  return k_names;
}

bool is_case_kind(std::string_view kind)
{
  for (const auto& k : k_kind_names) {
    if (k.name == kind) {
      return k.case_kind;
    }
  }
  return false;
}

std::string kinds_in_words(std::string_view last_joint)
{
  std::string out;
  const auto& kinds = known_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    out += i == 0 ? "" : i + 1 == kinds.size() ? std::string(last_joint) : ", ";
    out += kinds[i];
  }
  return out;
}

std::string_view Document::field(IndexedKey key) const
{
  if (key.name == "id") {
    return id; // kept once, as the member
  }
  const std::string_view fields = m_fields;
  for (std::size_t at = 0; at < fields.size();) {
    const std::size_t key_size = yaml::packed::get(fields, at);
    const std::string_view name = fields.substr(at, key_size);
    at += key_size;
    const std::size_t value_size = yaml::packed::get(fields, at);
    if (name == key.name) {
      return fields.substr(at, value_size);
    }
    at += value_size;
  }
  return {};
}

void Document::index_fields()
{
  m_fields.clear();
  if (!root || !root->is_map()) {
    return;
  }
  for (std::size_t i = 0; i < root->keys.size(); ++i) {
    if (root->children[i].is_scalar() && root->keys[i].name != "id" && is_indexed_key(root->keys[i].name)) {
      yaml::packed::put_text(m_fields, root->keys[i].name);
      yaml::packed::put_text(m_fields, root->children[i].text);
    }
  }
  m_fields.shrink_to_fit();
}

std::mutex& Document::mutex() const
{
  static std::array<std::mutex, 64> k_locks;
  return k_locks[(reinterpret_cast<std::uintptr_t>(this) / alignof(Document)) % k_locks.size()];
}

void Document::done()
{
  if (m_is_packed) {
    std::lock_guard lock(mutex());
    m_done = true;
    if (m_holders == 0) {
      std::string().swap(m_packed); // assigning "" would keep the capacity
    }
  }
}

Document::Hold::Hold(const Document& doc) : m_doc(doc)
{
  if (!m_doc.m_is_packed) {
    return;
  }
  std::lock_guard lock(m_doc.mutex());
  if (m_doc.m_holders++ == 0 && !m_doc.m_packed.empty()) {
    m_doc.root = std::make_unique<yaml::Node>(yaml::unpack(m_doc.m_packed));
  }
}

Document::Hold::~Hold()
{
  if (!m_doc.m_is_packed) {
    return;
  }
  std::lock_guard lock(m_doc.mutex());
  if (--m_doc.m_holders == 0) {
    m_doc.root.reset();
    if (m_doc.m_done) {
      std::string().swap(m_doc.m_packed);
    }
  }
}

namespace {

const fs::path& working_folder()
{
  static const fs::path k_here = [] {
    std::error_code ec;
    auto here = fs::current_path(ec);
    return ec ? fs::path("/") : here;
  }();
  return k_here;
}

} // namespace

std::string absolute_path(const std::string& path)
{
  const fs::path p(path);
  return (p.is_absolute() ? p : working_folder() / p).lexically_normal().string();
}

std::string shown_path(const std::string& absolute)
{
  auto relative = fs::path(absolute).lexically_relative(working_folder());
  const bool below = !relative.empty() && *relative.begin() != "..";
  return below ? relative.string() : absolute;
}

namespace {

void read_header(Document& doc)
{
  auto& diags = doc.load;
  const yaml::Node& root = *doc.root;
  if (!root.is_map()) {
    doc.foreign = true;
    diags.error(root.mark, "file.not-a-case",
                fmt::format("the file holds {}, not a mapping: a case file starts with "
                            "`kind:` and `id:` lines (try `qicase new notice`)",
                            root.describe()));
    return;
  }
  const yaml::Node* kind = root.get("kind");
  if (kind == nullptr || kind->is_null()) {
    doc.foreign = true;
    diags.error(root.mark, "file.kind",
                "no `kind:`: the first line of a case file names its kind: " + kinds_in_words(" or "));
    return;
  }
  auto kind_text = yaml::read_text(*kind, diags, "`kind`");
  if (!kind_text) {
    return;
  }
  bool known = false;
  for (auto k : known_kinds()) {
    known = known || k == *kind_text;
  }
  if (!known) {
    // `kind: Deployment` is another tool's; `kind: notic` is a case file with a slip.
    doc.foreign = closest(*kind_text, known_kinds()).empty();
    diags.error(kind->mark, "file.kind",
                fmt::format("unknown kind `{}`{}: write {}", utf8_prefix(*kind_text, 40),
                            did_you_mean(*kind_text, known_kinds()), kinds_in_words(" or ")));
    return;
  }
  doc.kind = *kind_text;
  doc.kind_mark = kind->mark;
  const yaml::Node* id = root.get("id");
  if (id == nullptr || id->is_null()) {
    diags.error(root.mark, "file.id",
                "no `id:`: give the case an id that is unique in the repository, e.g. "
                "`id: NNC-2024-017`");
  } else if (auto id_text = yaml::read_text(*id, diags, "`id`")) {
    if (id_text->empty() || id_text->find_first_of(" \t\n") != std::string::npos) {
      diags.error(id->mark, "file.id",
                  fmt::format("id `{}` has spaces or is empty: use letters, digits, '-', '.' "
                              "and '_', e.g. NNC-2024-017",
                              utf8_prefix(*id_text, 40)));
    } else {
      doc.id = *id_text;
      doc.id_mark = id->mark;
    }
  }
  // Spec: "a case file is one YAML mapping whose first keys are kind: and id:".
  if (root.keys[0].name != "kind" || (root.keys.size() > 1 && root.keys[1].name != "id")) {
    diags.warning(root.keys[0].mark, "file.key-order",
                  "put `kind:` first and `id:` second, so that readers and tools see at once "
                  "what the file is");
  }
}

} // namespace

void Document::adopt(std::optional<yaml::Packed> tree, bool keep_packed)
{
  if (!tree) {
    return;
  }
  // The header and fields are read from the top level alone; then the tree is unpacked, or a
  // case file is kept packed. Reference files stay trees: every case reads them.
  root = std::make_unique<yaml::Node>(std::move(tree->top));
  parsed = true;
  read_header(*this);
  index_fields();
  if (keep_packed && is_case_kind(kind)) {
    root.reset();
    m_packed = std::move(tree->bytes);
    m_is_packed = true;
  } else {
    root = std::make_unique<yaml::Node>(yaml::unpack(tree->bytes));
  }
}

std::shared_ptr<Document> parse_document(std::string path, std::string folder, std::string_view text,
                                         const yaml::Limits& limits, bool packed)
{
  auto doc = std::make_shared<Document>();
  doc->path = std::move(path);
  doc->folder = std::move(folder);
  doc->load = Diagnostics(doc->path);
  doc->adopt(yaml::parse_packed(text, doc->load, limits), packed);
  return doc;
}

std::shared_ptr<Document> load_document(const std::string& shown, const yaml::Limits& limits, bool packed)
{
  auto doc = std::make_shared<Document>();
  doc->path = shown;
  // Files come folder by folder: the absolute folder of the last parent is reused.
  thread_local std::string last_parent;
  thread_local std::string last_folder;
  const auto slash = shown.rfind('/');
  const std::string_view parent = slash == std::string::npos ? std::string_view()
                                                             : std::string_view(shown).substr(0, slash + 1);
  if (last_folder.empty() || parent != last_parent) {
    last_folder = fs::path(absolute_path(shown)).parent_path().string();
    last_parent = parent;
  }
  doc->folder = last_folder;
  doc->load = Diagnostics(doc->path);
  doc->adopt(yaml::load_file_packed(shown, doc->load, limits), packed);
  return doc;
}

} // namespace qicase

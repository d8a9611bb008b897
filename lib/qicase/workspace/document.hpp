#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>
#include <qicase/yaml/loader.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase {

// Every kind the file format knows (spec "Case files"): case kinds first, then reference kinds.
// The loader reads `kind:` against these names; the kind table (check/kinds.cpp) has one row for
// each, in this order (a unit test holds the two together).
struct KindName
{
  std::string_view name;
  bool case_kind = false; // a case (it has a status and, most, deadlines), not reference data
};
inline constexpr KindName k_kind_names[] = {
  {"notice", true},  {"qcar", true},      {"cap", true},       {"actionplan", true},
  {"audit", true},   {"workplan", true},  {"policy", false},   {"program", false},
  {"rubric", false}, {"calendar", false}, {"delegate", false},
};
const std::vector<std::string_view>& known_kinds();
bool is_case_kind(std::string_view kind);
// "notice, qcar, ... calendar<last_joint>delegate": the kinds for a message.
std::string kinds_in_words(std::string_view last_joint = ", ");

// The top-level keys one file reads of another without its tree (Document::field): its id, the
// notice a QCAR answers and the audit a later one follows (Workspace::referring), a response's
// date, an audit's date and delegate. Only these are copied at load time: a copy of every
// top-level scalar (titles, notes) cost a tenth of the memory of a 10,000-file check.
inline constexpr std::string_view k_indexed_keys[] = {"id",   "notice",   "previous",
                                                      "date", "delegate", "submitted"};

constexpr bool is_indexed_key(std::string_view key)
{
  for (auto k : k_indexed_keys) {
    if (k == key) {
      return true;
    }
  }
  return false;
}

// A key of k_indexed_keys, checked when the program is compiled: `doc.field("title")` does not
// build, rather than answer "" at run time.
struct IndexedKey
{
  std::string_view name;
  consteval IndexedKey(const char* key) : name(key)
  {
    if (!is_indexed_key(name)) {
      throw "Document::field: add the key to k_indexed_keys"; // a compile error in a consteval
    }
  }
};

// One YAML file, parsed once: its tree, its kind and id, and the problems found loading it.
struct Document
{
  std::string path;   // as shown in diagnostics (as given, or "builtin/ID.yaml")
  std::string folder; // absolute folder, for resolving references ("" for built-ins)
  bool builtin = false;
  // Read from a revision (`diff`), shown as REV:PATH: the length of "REV:", what precedes the
  // path in `path` (0 for a file read from disk).
  std::uint32_t revision_prefix = 0;
  bool parsed = false; // the YAML loaded as a tree (kept in `root`, or packed)
  // Found in a folder while resolving a reference, and larger than a sibling is read for
  // (Workspace::k_sibling_limits): left unread, so one hostile file cannot stall the run.
  bool skipped = false;
  // YAML that declares no qicase kind (not a mapping, no `kind:`, or a kind that is not
  // qicase's nor close to one: a CI workflow, a tool's configuration). A file met while
  // walking a folder is left out when foreign; a file named on the command line is checked.
  bool foreign = false;
  // The tree. Absent when the file is not usable YAML, and while the document is packed and
  // not held (see load_document): read another document's tree only while holding it.
  mutable std::unique_ptr<yaml::Node> root;
  Diagnostics load{""}; // syntax, limits and header problems
  std::string kind;
  Mark kind_mark;
  std::string id;
  Mark id_mark;

  Document() = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  bool usable() const { return parsed && !kind.empty(); }
  // A top-level scalar value, e.g. field("notice"); "" when absent or not text. Read from a
  // copy made at load time, so it never touches the tree: any thread may call it at any time.
  // Only the keys other files read are copied (k_indexed_keys).
  std::string_view field(IndexedKey key) const;

  // Nothing will read this document's tree again (its check is done, and what other files
  // read of it is cached): a packed tree is freed with its last hold. Not for trees kept as
  // nodes.
  void done();

  // While a Hold lives, `root` holds the tree: a packed document is unpacked by its first
  // holder and dropped again when its last holder ends. Cheap for a document never packed.
  class Hold
  {
  public:
    explicit Hold(const Document& doc);
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    ~Hold();

  private:
    const Document& m_doc;
  };
  [[nodiscard]] Hold hold() const { return Hold(*this); }

private:
  friend std::shared_ptr<Document> parse_document(std::string, std::string, std::string_view,
                                                  const yaml::Limits&, bool);
  friend std::shared_ptr<Document> load_document(const std::string&, const yaml::Limits&, bool);
  // Takes a parse's result: reads the header and fields from its top level, then unpacks the
  // tree, or keeps a case file packed when `keep_packed`.
  void adopt(std::optional<yaml::Packed> tree, bool keep_packed);
  // Records the top-level scalars field() answers from.
  void index_fields();

  std::string m_fields;      // each top-level scalar's key and value, in the packed form's LEB128
  std::mutex& mutex() const; // one of a few shared locks: a mutex per file would cost 40 bytes
  bool m_is_packed = false;  // set by load_document(), before any thread reads the document
  bool m_done = false;       // the rest is guarded by mutex()
  mutable std::string m_packed;
  mutable int m_holders = 0;
};

// The absolute, normalised form of `path`, against the working folder read once per process.
std::string absolute_path(const std::string& path);
// `path` relative to the working folder when it lies below it, else absolute.
std::string shown_path(const std::string& absolute);

// Parses `text` as the file `path`: loads the YAML, then reads `kind:` and `id:` (required,
// and expected as the first two keys). `packed`: a case file is kept packed until held, as
// load_document() keeps it.
std::shared_ptr<Document> parse_document(std::string path, std::string folder, std::string_view text,
                                         const yaml::Limits& limits = {}, bool packed = false);
// Reads and parses a file from disk. `shown` is the path to print. `packed`: a case file is
// parsed straight to its packed form (yaml::parse_packed, about the size of the file) and kept
// so until held: `check` of 10,000 files never has all their trees in memory at once.
std::shared_ptr<Document> load_document(const std::string& shown, const yaml::Limits& limits = {},
                                        bool packed = false);

} // namespace qicase

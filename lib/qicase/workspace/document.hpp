#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>
#include <qicase/yaml/loader.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase {

// Every kind the file format knows (spec "Case files"). Case kinds first, then reference kinds.
const std::vector<std::string_view>& known_kinds();
bool is_case_kind(std::string_view kind);

// One YAML file, parsed once: its tree, its kind and id, and the problems found loading it.
struct Document
{
  std::string path;    // as shown in diagnostics (as given, or "builtin/ID.yaml")
  std::string folder;  // absolute folder, for resolving references ("" for built-ins)
  bool builtin = false;
  std::optional<yaml::Node> root;
  Diagnostics load{""}; // syntax, limits and header problems
  std::string kind;
  Mark kind_mark;
  std::string id;
  Mark id_mark;

  bool usable() const { return root.has_value() && !kind.empty(); }
  // A top-level scalar value, e.g. field("notice"); "" when absent or not text.
  std::string_view field(std::string_view key) const;
};

// The absolute, normalised form of `path`, against the working folder read once per process.
std::string absolute_path(const std::string& path);
// `path` relative to the working folder when it lies below it, else absolute.
std::string shown_path(const std::string& absolute);

// Parses `text` as the file `path`: loads the YAML, then reads `kind:` and `id:` (required,
// and expected as the first two keys).
std::shared_ptr<Document> parse_document(std::string path, std::string folder,
                                         std::string_view text,
                                         const yaml::Limits& limits = {});
// Reads and parses a file from disk. `shown` is the path to print.
std::shared_ptr<Document> load_document(const std::string& shown,
                                        const yaml::Limits& limits = {});

} // namespace qicase

#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <qicase/workspace/document.hpp>

namespace qicase {

// The files of one run and the rules for finding a case by id (spec "Case files"): the files
// named on the command line, then the .yaml/.yml files of the referring file's folder and its
// parents up to the repository root (the nearest folder holding .git or .qicase.yaml; with no
// such folder, the referring file's own folder only), then the built-in reference data.
// Each file is parsed at most once per run. Safe to use from several threads.
class Workspace
{
public:
  explicit Workspace(std::vector<std::shared_ptr<Document>> given = {});

  const std::vector<std::shared_ptr<Document>>& given() const { return m_given; }

  // The document with this id as seen from `from`, or nullptr.
  const Document* resolve(std::string_view id, const Document& from);
  // The documents in the same scope whose top-level `field` is `id`, e.g. every file with
  // `notice: NNC-2024-017`. Sorted by path, each once.
  std::vector<const Document*> referring(std::string_view field, std::string_view id,
                                         const Document& from);

  // Built-in reference data, parsed once per process.
  static const std::vector<std::shared_ptr<Document>>& builtins();
  static const Document* builtin(std::string_view id);

  // Interpreted reference data (a policy, a calendar), built once per document and type.
  template <class T>
  std::shared_ptr<const T> cached(const Document* doc, std::string_view type,
                                  const std::function<std::shared_ptr<const T>()>& make)
  {
    const auto key = std::make_pair(doc, std::string(type));
    {
      std::lock_guard lock(m_mutex);
      if (auto it = m_cache.find(key); it != m_cache.end()) {
        return std::static_pointer_cast<const T>(it->second);
      }
    }
    auto value = make();
    std::lock_guard lock(m_mutex);
    auto [it, inserted] = m_cache.emplace(key, value);
    return std::static_pointer_cast<const T>(it->second);
  }

private:
  // Folders searched for a document in `folder`: itself, then parents up to the root.
  std::vector<std::string> scope(const std::string& folder);
  const std::vector<const Document*>& folder_documents(const std::string& folder);

  std::vector<std::shared_ptr<Document>> m_given;
  std::unordered_map<std::string, const Document*> m_given_by_id;
  std::unordered_map<std::string, const Document*> m_given_by_path; // absolute path
  std::mutex m_mutex;
  std::unordered_map<std::string, std::vector<std::string>> m_scopes;
  std::unordered_map<std::string, std::vector<const Document*>> m_folders;
  std::vector<std::shared_ptr<Document>> m_loaded; // found in folders, not given
  // Index of top-level scalar fields: "notice\nNNC-1" -> documents naming it, over the given
  // documents ("" key) and over each folder's documents (the folder's path), built lazily.
  using FieldIndex = std::unordered_multimap<std::string, const Document*>;
  const FieldIndex& field_index(const std::string& key, std::string_view field,
                                const std::vector<const Document*>& docs);
  std::unordered_map<std::string, FieldIndex> m_field_indexes;
  std::vector<const Document*> m_given_raw;
  std::map<std::pair<const Document*, std::string>, std::shared_ptr<const void>> m_cache;
};

} // namespace qicase

#include <qicase/workspace/workspace.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <shared_mutex>

#include <qicase/data/embedded.hpp>

namespace qicase {

namespace fs = std::filesystem;

namespace {

bool is_yaml_name(const fs::path& p)
{
  const auto name = p.filename().string();
  const auto ext = p.extension().string();
  return !name.empty() && name[0] != '.' && (ext == ".yaml" || ext == ".yml");
}

// A given document's absolute path: its absolute folder and its file name (what absolute_path()
// gives, without normalising thousands of paths again).
std::string absolute_of(const Document& doc)
{
  const auto slash = doc.path.rfind('/');
  const std::string_view name = slash == std::string::npos ? std::string_view(doc.path)
                                                           : std::string_view(doc.path).substr(slash + 1);
  if (doc.folder.empty() || name.empty() || name == "." || name == "..") {
    return absolute_path(doc.path);
  }
  std::string path = doc.folder;
  if (path.back() != '/') {
    path += '/';
  }
  path += name;
  return path;
}

} // namespace

bool Workspace::is_given(const std::string& absolute) const
{
  auto [first, last] = m_given_by_path.equal_range(std::hash<std::string>{}(absolute));
  for (auto it = first; it != last; ++it) {
    if (absolute_of(*it->second) == absolute) {
      return true;
    }
  }
  return false;
}

Workspace::Workspace(std::vector<std::shared_ptr<Document>> given) : m_given(std::move(given))
{
  for (const auto& doc : m_given) {
    m_given_raw.push_back(doc.get());
    if (!doc->id.empty()) {
      m_given_by_id.emplace(doc->id, doc.get()); // the first wins; check reports duplicates
    }
    if (!doc->builtin) {
      m_given_by_path.emplace(std::hash<std::string>{}(absolute_of(*doc)), doc.get());
    }
  }
}

const std::vector<std::shared_ptr<Document>>& Workspace::builtins()
{
  static const std::vector<std::shared_ptr<Document>> k_builtins = [] {
    std::vector<std::shared_ptr<Document>> docs;
    for (const auto& file : data::embedded_files()) {
      constexpr std::string_view prefix = "data/builtin/";
      if (file.path.substr(0, prefix.size()) != prefix) {
        continue;
      }
      auto doc = parse_document("builtin/" + std::string(file.path.substr(prefix.size())), "",
                                file.content);
      doc->builtin = true;
      docs.push_back(std::move(doc));
    }
    return docs;
  }();
  return k_builtins;
}

const Document* Workspace::builtin(std::string_view id)
{
  // Parsed on first use, one file at a time: data/builtin/ID.yaml holds the id ID (a unit test
  // keeps that true), so a notice does not pay for parsing the audit rubric.
  static std::shared_mutex mutex;
  static std::map<std::string, std::shared_ptr<Document>, std::less<>> parsed;
  {
    std::shared_lock lock(mutex); // looked up by every thread, parsed once
    if (auto it = parsed.find(id); it != parsed.end()) {
      return it->second.get();
    }
  }
  std::unique_lock lock(mutex);
  if (auto it = parsed.find(id); it != parsed.end()) {
    return it->second.get();
  }
  std::shared_ptr<Document> doc;
  const std::string file = "data/builtin/" + std::string(id) + ".yaml";
  if (id.find('/') == std::string_view::npos) {
    if (auto content = data::embedded(file)) {
      doc = parse_document("builtin/" + std::string(id) + ".yaml", "", *content);
      doc->builtin = true;
      if (doc->id != id) {
        doc.reset();
      }
    }
  }
  parsed.emplace(std::string(id), doc);
  return doc.get();
}

std::vector<std::string> Workspace::scope(const std::string& folder)
{
  // Caller holds m_mutex.
  if (auto it = m_scopes.find(folder); it != m_scopes.end()) {
    return it->second;
  }
  std::vector<std::string> chain;
  std::vector<std::string> result{folder};
  fs::path p(folder);
  std::error_code ec;
  for (int guard = 0; guard < 256; ++guard) {
    chain.push_back(p.string());
    if (fs::exists(p / ".git", ec) || fs::exists(p / ".qicase.yaml", ec)) {
      result = chain;
      break;
    }
    if (!p.has_parent_path() || p.parent_path() == p) {
      break; // no repository root: the file's own folder only
    }
    p = p.parent_path();
  }
  m_scopes.emplace(folder, result);
  return result;
}

const std::vector<const Document*>& Workspace::folder_documents(const std::string& folder)
{
  // Caller holds m_mutex.
  if (auto it = m_folders.find(folder); it != m_folders.end()) {
    return it->second;
  }
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    if (it->is_regular_file(ec2) && is_yaml_name(it->path())) {
      files.push_back(it->path().lexically_normal().string());
    }
  }
  std::sort(files.begin(), files.end());
  // Only the files not given: resolve() and referring() look among the given ones first, so
  // indexing them again per folder would only cost memory (a copy of every file's fields).
  std::vector<const Document*> docs;
  for (const auto& file : files) {
    if (is_given(file)) {
      continue;
    }
    // Shown relative to the working folder when below it, as paths given on the command line are.
    auto doc = load_document(shown_path(file));
    docs.push_back(doc.get());
    m_loaded.push_back(std::move(doc));
  }
  return m_folders.emplace(folder, std::move(docs)).first->second;
}

const Document* Workspace::resolve(std::string_view id, const Document& from)
{
  if (auto it = m_given_by_id.find(std::string(id)); it != m_given_by_id.end()) {
    return it->second;
  }
  // Not among the given files: the answer depends only on the folder, and is remembered (every
  // notice of a folder names the same built-in policy; threads read it without waiting).
  const bool in_folder = !from.builtin && !from.folder.empty();
  std::string key = in_folder ? from.folder : std::string();
  key += '\n';
  key += id;
  {
    std::shared_lock lock(m_resolved_mutex);
    if (auto it = m_resolved.find(key); it != m_resolved.end()) {
      return it->second;
    }
  }
  const Document* found = in_folder ? in_scope(id, from.folder) : nullptr;
  if (found == nullptr) {
    found = builtin(id);
  }
  std::unique_lock lock(m_resolved_mutex);
  m_resolved.emplace(std::move(key), found);
  return found;
}

const Document* Workspace::in_scope(std::string_view id, const std::string& folder_of)
{
  std::lock_guard lock(m_mutex);
  for (const auto& folder : scope(folder_of)) {
    const auto& ids = field_index(folder, "id", folder_documents(folder));
    if (auto it = ids.find(std::string(id)); it != ids.end()) {
      // Several files with one id in a folder: the first by name, as a linear scan would.
      const Document* first = it->second;
      auto [begin, end] = ids.equal_range(std::string(id));
      for (auto other = begin; other != end; ++other) {
        if (other->second->path < first->path) {
          first = other->second;
        }
      }
      return first;
    }
  }
  return nullptr;
}

const Workspace::FieldIndex& Workspace::field_index(const std::string& key, std::string_view field,
                                                    const std::vector<const Document*>& docs)
{
  // Caller holds m_mutex.
  const std::string full = std::string(field) + '\n' + key;
  if (auto it = m_field_indexes.find(full); it != m_field_indexes.end()) {
    return it->second;
  }
  FieldIndex index;
  for (const Document* doc : docs) {
    const auto value = doc->field(field);
    if (!value.empty()) {
      index.emplace(std::string(value), doc);
    }
  }
  return m_field_indexes.emplace(full, std::move(index)).first->second;
}

std::vector<const Document*> Workspace::referring(std::string_view field, std::string_view id,
                                                  const Document& from)
{
  std::vector<const Document*> found;
  auto add = [&](const FieldIndex& index) {
    auto [first, last] = index.equal_range(std::string(id));
    for (auto it = first; it != last; ++it) {
      if (std::find(found.begin(), found.end(), it->second) == found.end()) {
        found.push_back(it->second);
      }
    }
  };
  std::lock_guard lock(m_mutex);
  add(field_index("", field, m_given_raw));
  if (!from.builtin && !from.folder.empty()) {
    for (const auto& folder : scope(from.folder)) {
      add(field_index(folder, field, folder_documents(folder)));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Document* a, const Document* b) { return a->path < b->path; });
  return found;
}

} // namespace qicase

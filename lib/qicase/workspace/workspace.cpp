#include <qicase/workspace/workspace.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <shared_mutex>

#include <fmt/format.h>

#include <qicase/core/file.hpp>
#include <qicase/core/parallel.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/workspace/folders.hpp>

namespace qicase {

namespace fs = std::filesystem;

namespace {

std::string_view without_slash(std::string_view folder)
{
  while (!folder.empty() && folder.back() == '/') {
    folder.remove_suffix(1);
  }
  return folder;
}

} // namespace

std::pair<std::string_view, std::string_view> Workspace::place_of(const Document& doc)
{
  // Its folder as loaded and the last part of its path: what absolute_path() gives, without
  // normalising thousands of paths again.
  const auto slash = doc.path.rfind('/');
  const std::string_view name = slash == std::string::npos ? std::string_view(doc.path)
                                                           : std::string_view(doc.path).substr(slash + 1);
  if (doc.folder.empty() || name.empty() || name == "." || name == "..") {
    const std::string_view absolute = m_places.emplace_back(absolute_path(doc.path));
    const auto last = absolute.rfind('/');
    return {without_slash(absolute.substr(0, last)), absolute.substr(last + 1)};
  }
  return {without_slash(doc.folder), name};
}

Workspace::Workspace(std::vector<std::shared_ptr<Document>> given, unsigned threads, bool folders,
                     std::shared_ptr<Folders> kept)
  : m_given(std::move(given)), m_threads(threads), m_read_folders(folders), m_kept(std::move(kept))
{
  m_given_raw.reserve(m_given.size());
  m_given_by_id.reserve(m_given.size());
  std::string_view last_folder;
  std::vector<std::string_view>* names = nullptr;
  for (const auto& doc : m_given) {
    m_given_raw.push_back(doc.get());
    if (!doc->id.empty()) {
      m_given_by_id.emplace(doc->id, doc.get()); // the first wins; check reports duplicates
    }
    if (!doc->builtin) {
      const auto [folder, name] = place_of(*doc);
      if (names == nullptr || folder != last_folder) { // files come folder by folder
        names = &m_given_names[folder];
        last_folder = folder;
      }
      names->push_back(name);
    }
  }
  for (auto& [folder, in_folder] : m_given_names) {
    std::sort(in_folder.begin(), in_folder.end());
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
      auto doc = parse_document("builtin/" + std::string(file.path.substr(prefix.size())), "", file.content);
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
    if (fs::exists(p / ".git", ec) || fs::exists(fs::symlink_status(p / ".qicase.yaml", ec))) {
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

std::string Workspace::root_of(const std::string& folder)
{
  std::lock_guard lock(m_mutex);
  const auto chain = scope(folder);
  return chain.back();
}

const std::vector<const Document*>& Workspace::folder_documents(const std::string& folder)
{
  // Caller holds m_mutex.
  if (auto it = m_folders.find(folder); it != m_folders.end()) {
    return it->second;
  }
  if (!m_read_folders) {
    return m_folders.emplace(folder, std::vector<const Document*>{}).first->second;
  }
  // Only the files not given: resolve() and referring() look among the given ones first, so
  // indexing them again per folder would only cost memory (a copy of every file's fields).
  const std::string base = fs::path(folder).lexically_normal().string();
  static const std::vector<std::string_view> k_none;
  const auto given = m_given_names.find(without_slash(base));
  const auto& given_names = given == m_given_names.end() ? k_none : given->second;
  const auto is_given = [&](std::string_view name) {
    return std::binary_search(given_names.begin(), given_names.end(), name);
  };
  std::vector<std::shared_ptr<Document>> loaded;
  if (m_kept) {
    for (auto& doc : m_kept->documents(std::string(without_slash(base)), m_threads)) {
      const auto slash = doc->path.rfind('/');
      if (!is_given(slash == std::string::npos ? std::string_view(doc->path)
                                               : std::string_view(doc->path).substr(slash + 1))) {
        loaded.push_back(std::move(doc));
      }
    }
  } else {
    std::vector<std::string> paths;
    for (const auto& entry : list_folder(base)) {
      if (entry.file && is_case_file_name(entry.name) && !is_given(entry.name)) {
        // Shown relative to the working folder when below it, as paths given on the command
        // line are.
        paths.push_back(shown_path(join_path(base, entry.name)));
      }
    }
    // One file given in a folder of a hundred (a pre-commit hook's changed file) waits for this
    // search, so it is made cheap: the files are parsed on the run's threads, and case files
    // are kept packed (about the file's size), since a file found here is only ever read by
    // another through its header fields or while holding it (a notice's reading, an audit's
    // actions): most are never unpacked, and a tree for each cost more in page faults than the
    // parse.
    loaded.resize(paths.size());
    parallel_for(paths.size(), m_threads, [&](std::size_t i) { loaded[i] = load_sibling(paths[i]); });
  }
  std::vector<const Document*> docs;
  docs.reserve(loaded.size());
  for (auto& doc : loaded) {
    docs.push_back(doc.get());
    m_loaded.push_back(std::move(doc));
  }
  return m_folders.emplace(folder, std::move(docs)).first->second;
}

namespace {

std::shared_ptr<Document> skipped_when_large(std::shared_ptr<Document> doc)
{
  for (const auto& d : doc->load.items()) {
    if (d.rule == "file.too-large" || d.rule == "yaml.too-large") {
      doc->skipped = true;
    }
  }
  return doc;
}

} // namespace

std::shared_ptr<Document> Workspace::load_sibling(const std::string& shown)
{
  return skipped_when_large(load_document(shown, k_sibling_limits, /*packed=*/true));
}

std::shared_ptr<Document> Workspace::parse_sibling(const std::string& shown, const std::string& folder,
                                                   std::string_view text)
{
  return skipped_when_large(parse_document(shown, folder, text, k_sibling_limits, /*packed=*/true));
}

std::vector<const Document*> Workspace::of_kind(std::string_view kind, const Document& from,
                                                std::string_view subfolder)
{
  if (from.builtin || from.folder.empty()) {
    return {};
  }
  std::lock_guard lock(m_mutex);
  const std::string root = scope(from.folder).back();
  std::vector<const Document*> out;
  for (const auto& doc : m_given) {
    const bool below = doc->folder == root
                       || (doc->folder.size() > root.size() && doc->folder.compare(0, root.size(), root) == 0
                           && doc->folder[root.size()] == '/');
    if (below && doc->kind == kind) {
      out.push_back(doc.get());
    }
  }
  std::error_code ec;
  std::vector<std::string> folders{root};
  const auto sub = join_path(root, std::string(subfolder));
  if (!subfolder.empty() && fs::is_directory(sub, ec)) {
    folders.push_back(sub);
  }
  for (const auto& folder : folders) {
    for (const Document* doc : folder_documents(folder)) {
      if (doc->kind == kind) {
        out.push_back(doc);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Document* a, const Document* b) { return a->path < b->path; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Workspace::skipped_note(const Document& from)
{
  if (from.builtin || from.folder.empty()) {
    return {};
  }
  std::lock_guard lock(m_mutex);
  std::string names;
  std::size_t count = 0;
  for (const auto& folder : scope(from.folder)) {
    for (const Document* doc : folder_documents(folder)) {
      if (doc->skipped && count++ < 3) {
        names += (names.empty() ? "" : ", ") + doc->path;
      }
    }
  }
  if (count == 0) {
    return {};
  }
  static_assert(k_sibling_limits.max_bytes == 1u << 20 && k_sibling_limits.max_nodes == 50000);
  return fmt::format(" (not read: {}{}, over 1 MiB or 50,000 values; give {} on the command line "
                     "to read {})",
                     names, count > 3 ? fmt::format(" and {} more", count - 3) : "",
                     count == 1 ? "it" : "them", count == 1 ? "it" : "them");
}

const Document* Workspace::resolve(std::string_view id, const Document& from)
{
  if (auto it = m_given_by_id.find(id); it != m_given_by_id.end()) {
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

const Workspace::FieldIndex& Workspace::field_index(const std::string& key, IndexedKey field,
                                                    const std::vector<const Document*>& docs)
{
  // Caller holds m_mutex.
  const std::string full = std::string(field.name) + '\n' + key;
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

std::vector<const Document*> Workspace::visible(std::string_view kind, const Document& from)
{
  std::vector<const Document*> found;
  std::lock_guard lock(m_mutex);
  for (const auto* doc : m_given_raw) {
    if (doc->kind == kind) {
      found.push_back(doc);
    }
  }
  if (!from.builtin && !from.folder.empty()) {
    for (const auto& folder : scope(from.folder)) {
      for (const auto* doc : folder_documents(folder)) {
        if (doc->kind == kind && std::find(found.begin(), found.end(), doc) == found.end()) {
          found.push_back(doc);
        }
      }
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Document* a, const Document* b) { return a->path < b->path; });
  return found;
}

std::vector<const Document*> Workspace::referring(IndexedKey field, std::string_view id, const Document& from)
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

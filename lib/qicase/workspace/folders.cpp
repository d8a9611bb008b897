#include <qicase/workspace/folders.hpp>

#include <algorithm>

#include <sys/stat.h>

#include <qicase/core/file.hpp>
#include <qicase/core/parallel.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase {

namespace {

std::string parent_of(const std::string& path)
{
  const auto slash = path.rfind('/');
  return slash == std::string::npos || slash == 0 ? std::string("/") : path.substr(0, slash);
}

} // namespace

std::vector<std::shared_ptr<Document>> Folders::documents(const std::string& folder, unsigned threads)
{
  std::vector<Kept> now;
  for (const auto& entry : list_folder(folder)) {
    if (!entry.file || !is_case_file_name(entry.name)) {
      continue;
    }
    struct stat st
    {};
    if (::stat(join_path(folder, entry.name).c_str(), &st) != 0) {
      continue;
    }
    now.push_back({entry.name,
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                   static_cast<std::int64_t>(st.st_size), static_cast<std::uint64_t>(st.st_ino), nullptr});
  }
  std::vector<std::size_t> stale;
  {
    std::lock_guard lock(m_mutex);
    const auto it = m_folders.find(folder);
    const auto* before = it == m_folders.end() ? nullptr : &it->second;
    std::size_t b = 0;
    for (std::size_t i = 0; i < now.size(); ++i) { // both sorted by name
      while (before != nullptr && b < before->size() && (*before)[b].name < now[i].name) {
        ++b;
      }
      const Kept* was = before != nullptr && b < before->size() && (*before)[b].name == now[i].name
                          ? &(*before)[b]
                          : nullptr;
      if (was != nullptr && was->doc && was->mtime_ns == now[i].mtime_ns && was->size == now[i].size
          && was->inode == now[i].inode) {
        now[i].doc = was->doc;
      } else {
        stale.push_back(i);
      }
    }
  }
  parallel_for(stale.size(), threads, [&](std::size_t k) {
    auto& kept = now[stale[k]];
    kept.doc = Workspace::load_sibling(shown_path(join_path(folder, kept.name)));
  });
  std::vector<std::shared_ptr<Document>> docs;
  std::lock_guard lock(m_mutex);
  m_parsed += stale.size();
  for (const auto& kept : now) {
    const auto over = m_overlays.find(join_path(folder, kept.name));
    docs.push_back(over != m_overlays.end() ? over->second : kept.doc);
  }
  // A buffer not saved yet stands among the files of its folder all the same.
  for (const auto& [path, doc] : m_overlays) {
    const auto name = std::string_view(path).substr(path.rfind('/') + 1);
    if (parent_of(path) == folder && is_case_file_name(name)
        && std::none_of(now.begin(), now.end(), [&](const Kept& k) { return k.name == name; })) {
      docs.push_back(doc);
    }
  }
  m_folders[folder] = std::move(now);
  return docs;
}

void Folders::forget(const std::string& path)
{
  std::lock_guard lock(m_mutex);
  if (m_folders.erase(path) != 0) {
    return; // a folder: listed and read again
  }
  // A file: only it is read again (a file event costs one parse, not its folder's).
  const auto folder = m_folders.find(parent_of(path));
  if (folder == m_folders.end()) {
    return;
  }
  const auto name = std::string_view(path).substr(path.rfind('/') + 1);
  for (auto& kept : folder->second) {
    if (kept.name == name) {
      kept.doc.reset();
    }
  }
}

void Folders::overlay(const std::string& path, std::shared_ptr<Document> doc)
{
  std::lock_guard lock(m_mutex);
  if (doc) {
    m_overlays[path] = std::move(doc);
  } else {
    m_overlays.erase(path);
  }
}

std::size_t Folders::parsed() const
{
  std::lock_guard lock(m_mutex);
  return m_parsed;
}

} // namespace qicase

#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <qicase/workspace/document.hpp>

namespace qicase {

class Folders;

// The files of one run and the rules for finding a case by id (spec "Case files"): the files
// named on the command line, then the .yaml/.yml files of the referring file's folder and its
// parents up to the repository root (the nearest folder holding .git or .qicase.yaml; with no
// such folder, the referring file's own folder only), then the built-in reference data.
// Each file is parsed at most once per run. Safe to use from several threads.
class Workspace
{
public:
  // `threads`: how many files of a folder searched for a case are parsed at once. `folders`
  // false: the given files are the whole repository (`diff` of two revisions, each read from
  // git): a reference resolves among them and the built-ins only, never among today's files.
  // `kept`: the folders' files are taken from it, parsed once across runs (`qicase lsp`), rather
  // than parsed for this run alone.
  explicit Workspace(std::vector<std::shared_ptr<Document>> given = {}, unsigned threads = 1,
                     bool folders = true, std::shared_ptr<Folders> kept = nullptr);

  const std::vector<std::shared_ptr<Document>>& given() const { return m_given; }

  // How far a file found in a folder (not given) is read while resolving a reference: a case
  // file is a few KiB, so these are far above any real one, and far below the limits of a file
  // checked. A larger one is skipped (Document::skipped) and named by skipped_note().
  static constexpr yaml::Limits k_sibling_limits{1u << 20, 64, 50000};
  // A file found in a folder, read so (packed, skipped when over the limits); a text standing for
  // one (an editor's buffer, Folders::overlay), parsed so.
  static std::shared_ptr<Document> load_sibling(const std::string& shown);
  static std::shared_ptr<Document> parse_sibling(const std::string& shown, const std::string& folder,
                                                 std::string_view text);

  // " (not read: a.yaml, over 1 MiB or 50,000 values; give it on the command line to read
  // it)" when files in the scope of `from` were skipped, else "": for a reference not found.
  std::string skipped_note(const Document& from);

  // The repository root of an absolute `folder`: the nearest folder up holding .git or
  // .qicase.yaml, else `folder` itself (what a cited evidence file may not leave).
  std::string root_of(const std::string& folder);

  // The document with this id as seen from `from`, or nullptr.
  const Document* resolve(std::string_view id, const Document& from);
  // The documents in the same scope whose top-level `field` is `id`, e.g. every file with
  // `notice: NNC-2024-017`. Sorted by path, each once.
  std::vector<const Document*> referring(IndexedKey field, std::string_view id, const Document& from);

  // The documents of `kind` a reference from `from` can resolve to: the given ones, then those
  // of its folder and its parents up to the repository root (what completion offers for
  // `notice:`). Sorted by path, each once.
  std::vector<const Document*> visible(std::string_view kind, const Document& from);
  // The documents of `kind` in the repository of `from`: those given that lie below its root,
  // then those of the root folder and of `root/subfolder` (e.g. every delegate file of the
  // registry in `delegates/`). Sorted by path, each once. Empty for a built-in.
  std::vector<const Document*> of_kind(std::string_view kind, const Document& from,
                                       std::string_view subfolder);

  // Built-in reference data, parsed once per process.
  static const std::vector<std::shared_ptr<Document>>& builtins();
  static const Document* builtin(std::string_view id);

  // What a document means when read (a policy, a calendar, a notice), built once per
  // document and type: the first caller builds it while any other caller of the same key
  // waits, so `make` runs once and a document's tree is read once for it. `make` may call
  // cached() for other keys (a notice reads its policy); references between keys never form
  // a cycle across threads (case files read reference files, never the other way round).
  template <class T>
  std::shared_ptr<const T> cached(const Document* doc, std::string_view type,
                                  const std::function<std::shared_ptr<const T>()>& make)
  {
    std::shared_ptr<Slot> slot;
    auto key = std::make_pair(doc, std::string(type));
    {
      std::shared_lock lock(m_cache_mutex); // found without waiting, once built
      if (auto it = m_cache.find(key); it != m_cache.end()) {
        slot = it->second;
      }
    }
    if (!slot) {
      std::unique_lock lock(m_cache_mutex);
      auto& s = m_cache[std::move(key)];
      if (!s) {
        s = std::make_shared<Slot>();
      }
      slot = s;
    }
    if (!slot->ready.load(std::memory_order_acquire)) {
      std::lock_guard lock(slot->mutex); // recursive: the same key from within `make` rebuilds
      if (!slot->value) {
        slot->value = make();
        slot->ready.store(true, std::memory_order_release);
      }
    }
    return std::static_pointer_cast<const T>(slot->value);
  }

  // Drops what cached() built for `type` (a notice's reading) once no document will be read
  // again (the run is over): a reading nothing else holds is freed. A later cached() of that
  // type would read a document whose tree a run has freed: call it only at a run's end.
  void forget(std::string_view type)
  {
    std::unique_lock lock(m_cache_mutex);
    std::erase_if(m_cache, [&](const auto& item) { return item.first.second == type; });
  }

private:
  // Folders searched for a document in `folder`: itself, then parents up to the root.
  std::vector<std::string> scope(const std::string& folder);
  // The case files of `folder` that were not given (parsed on first use; caller holds m_mutex).
  const std::vector<const Document*>& folder_documents(const std::string& folder);
  // The document with this id among the files of `folder` and its parents up to the root, not
  // given (those resolve() looks up first), or null.
  const Document* in_scope(std::string_view id, const std::string& folder);

  std::vector<std::shared_ptr<Document>> m_given;
  unsigned m_threads;
  bool m_read_folders; // read files of folders on disk (false: only those given)
  std::shared_ptr<Folders> m_kept;
  std::unordered_map<std::string_view, const Document*> m_given_by_id; // views of their ids
  // The names of the given files of each absolute folder (no trailing '/'), sorted: views of
  // the documents' folders and paths (no path is kept twice for 10,000 files), or of m_places.
  std::unordered_map<std::string_view, std::vector<std::string_view>> m_given_names;
  std::deque<std::string> m_places; // absolute paths of given files loaded without a folder
  std::pair<std::string_view, std::string_view> place_of(const Document& doc);
  std::mutex m_mutex;
  std::unordered_map<std::string, std::vector<std::string>> m_scopes;
  std::unordered_map<std::string, std::vector<const Document*>> m_folders;
  std::vector<std::shared_ptr<Document>> m_loaded; // found in folders, not given
  // Index of top-level scalar fields: "notice\nNNC-1" -> documents naming it, over the given
  // documents ("" key) and over each folder's documents (the folder's path), built lazily.
  using FieldIndex = std::unordered_multimap<std::string, const Document*>;
  const FieldIndex& field_index(const std::string& key, IndexedKey field,
                                const std::vector<const Document*>& docs);
  std::unordered_map<std::string, FieldIndex> m_field_indexes;
  std::vector<const Document*> m_given_raw;
  struct Slot
  {
    std::recursive_mutex mutex;
    std::atomic<bool> ready{false}; // value is set: read it without the lock
    std::shared_ptr<const void> value;
  };
  std::shared_mutex m_cache_mutex;
  std::map<std::pair<const Document*, std::string>, std::shared_ptr<Slot>> m_cache;
  // resolve() of ids not given: "FOLDER\nID" -> the document (or null), by folder.
  std::shared_mutex m_resolved_mutex;
  std::unordered_map<std::string, const Document*> m_resolved;
};

} // namespace qicase

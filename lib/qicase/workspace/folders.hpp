#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <qicase/workspace/document.hpp>

namespace qicase {

// The case files of folders, parsed once and kept from one run to the next (`qicase lsp`, where
// a run is a keystroke): a Workspace given a Folders takes a folder's files from it instead of
// parsing them again. A file is read again when its size or modification time changed since, or
// after forget() (a file event); the listing and a stat of each file are all a kept folder costs.
// A file open in an editor is represented by its buffer's text (overlay()), on disk or not.
// Safe to use from several threads.
class Folders
{
public:
  // The case files of the absolute, normalised `folder`, sorted by name (files over the sibling
  // limits are marked skipped, as Workspace marks them). `threads`: how many are parsed at once.
  std::vector<std::shared_ptr<Document>> documents(const std::string& folder, unsigned threads);

  // The file at the absolute `path` changed: read it again when next asked for (a folder: list
  // it and read all its files again).
  void forget(const std::string& path);
  // The file at the absolute `path` is open in an editor: its buffer's parsed text stands for it
  // (null: closed, the file on disk again).
  void overlay(const std::string& path, std::shared_ptr<Document> doc);

  // How many files were parsed from disk so far (a test's measure of what was kept).
  std::size_t parsed() const;

private:
  struct Kept
  {
    std::string name;
    std::int64_t mtime_ns = 0;
    std::int64_t size = -1;
    std::uint64_t inode = 0;
    std::shared_ptr<Document> doc;
  };
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, std::vector<Kept>> m_folders;          // by folder, sorted by name
  std::unordered_map<std::string, std::shared_ptr<Document>> m_overlays; // by absolute path
  std::size_t m_parsed = 0;
};

} // namespace qicase

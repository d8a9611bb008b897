#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qicase::cli {

// What `git ARGS...` printed and how it ended. qicase runs git only for `qicase diff`'s
// revisions (git ls-tree, git cat-file, git show, git hash-object) and a report's commit, never
// through a shell.
struct GitOutput
{
  bool ran = false;       // false: git could not be started (not installed)
  int status = -1;        // exit status
  std::string out;        // stdout, up to the limit
  bool too_large = false; // stdout was longer than the limit (the rest is discarded)
  std::string err;        // stderr (its first 4 KiB)
};

// `input`: what git reads on its standard input (none: /dev/null). `expected`: how many bytes
// of output the caller knows are coming (`git cat-file` of blobs of known sizes), made room for
// at once rather than by growing the output as it comes.
GitOutput git(const std::vector<std::string>& args, std::size_t max_bytes, std::string_view input = {},
              std::size_t expected = 0);

// The commit checked out in the git work tree that holds the folder `root`, and whether the
// work tree differs from it (uncommitted or untracked files): what a report was made from.
// Nullopt when `root` is in no git work tree or git cannot say.
struct Revision
{
  std::string commit; // the full object name
  bool dirty = false;
};
std::optional<Revision> revision_of(const std::string& root);

} // namespace qicase::cli

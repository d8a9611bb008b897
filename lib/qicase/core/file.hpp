#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qicase {

// A file's bytes, read up to a limit: `too_large` when it holds more than `max_bytes` (only
// max_bytes + 1 are read, so /dev/zero or a 100 MB file costs the limit, not the file).
// `error` says why the file could not be read ("" when it could).
struct FileRead
{
  std::string text;
  bool too_large = false;
  std::string error;
};

// `regular_only`: a pipe, socket, device or folder is refused without waiting on it (a named pipe
// would block the run for ever): for files qicase finds by name, such as a baseline or
// .qicase.yaml.
FileRead read_file(const std::string& path, std::size_t max_bytes, bool regular_only = false);

// One entry of a folder: its name, and what it is. A symbolic link to a file counts as a file;
// a link to a folder is neither (walking it could loop).
struct FolderEntry
{
  std::string name;
  bool folder = false;
  bool file = false;
};

// The entries of `folder` but "." and "..", sorted by name (bytewise); none when it cannot be
// read. The types come with the listing: a file is stat'ed only when it is a link or the file
// system does not say.
std::vector<FolderEntry> list_folder(const std::string& folder);

// `name` in `folder`: "folder/name", with no slash doubled ("/" + "a" is "/a") and no folder
// for "" (the working folder as paths under it are shown).
std::string join_path(std::string_view folder, std::string_view name);

// A case file's name ends in .yaml or .yml and is not hidden (.qicase.yaml, .git).
bool is_case_file_name(std::string_view name);

// Whether `path` (with `/` between folders) matches the glob `pattern`: `*` any characters but
// `/`, `?` one character but `/`, `[abc]` / `[a-z]` / `[!a]` one of a set, `**` any characters
// including `/` (`a/**/b` also matches `a/b`). Time is bounded by the product of the lengths.
bool glob_match(std::string_view pattern, std::string_view path);
// Whether `text` holds a glob character (`*`, `?`, `[`).
bool has_glob(std::string_view text);

} // namespace qicase

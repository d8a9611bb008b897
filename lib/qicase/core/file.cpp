#include <qicase/core/file.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qicase {

namespace {

// Closes a descriptor on every path out.
struct Descriptor
{
  int fd;
  ~Descriptor()
  {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

// Closes a folder listing on every path out.
struct Listing
{
  DIR* dir;
  ~Listing()
  {
    if (dir != nullptr) {
      ::closedir(dir);
    }
  }
};

} // namespace

FileRead read_file(const std::string& path, std::size_t max_bytes, bool regular_only)
{
  // open, fstat and read straight into the string: no stdio buffer and no copy, for the
  // thousands of small files of a check.
  FileRead r;
  // O_NONBLOCK: opening a named pipe does not wait for a writer (regular files ignore it).
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0))};
  if (file.fd < 0) {
    r.error = std::strerror(errno);
    return r;
  }
  struct stat st
  {};
  const bool stated = ::fstat(file.fd, &st) == 0;
  if (regular_only && (!stated || !S_ISREG(st.st_mode))) {
    r.error = stated && S_ISDIR(st.st_mode) ? "it is a folder, not a file"
                                            : "not a regular file (a pipe, socket or device)";
    return r;
  }
  std::size_t expected = 0;
  if (stated && S_ISREG(st.st_mode) && st.st_size > 0) {
    expected = static_cast<std::size_t>(st.st_size);
  }
  // The size a regular file says it has, plus one byte to see it did not grow; else grow as
  // read. Never more than the limit plus one.
  std::size_t capacity = (expected > 0 ? expected : 65536 - 1) + 1;
  capacity = capacity > max_bytes + 1 ? max_bytes + 1 : capacity;
  std::size_t size = 0;
  r.text.resize(capacity);
  for (;;) {
    if (size == r.text.size()) {
      if (size > max_bytes) {
        r.text.resize(size);
        r.too_large = true;
        return r;
      }
      const std::size_t grown = r.text.size() * 2;
      r.text.resize(grown > max_bytes + 1 ? max_bytes + 1 : grown);
    }
    const ssize_t n = ::read(file.fd, r.text.data() + size, r.text.size() - size);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      r.error = errno == EISDIR ? "a read failed (is it a folder?)" : std::strerror(errno);
      r.text.clear();
      return r;
    }
    if (n == 0) {
      break;
    }
    size += static_cast<std::size_t>(n);
  }
  r.text.resize(size);
  r.too_large = size > max_bytes;
  return r;
}

std::string join_path(std::string_view folder, std::string_view name)
{
  std::string path(folder);
  if (!path.empty() && path.back() != '/') {
    path += '/';
  }
  path += name;
  return path;
}

bool has_glob(std::string_view text)
{
  return text.find_first_of("*?[") != std::string_view::npos;
}

namespace {

// `[...]` at pattern[p] against `c`: whether it matches, and where the class ends (npos: not a
// class, the `[` is literal).
std::size_t class_end(std::string_view pattern, std::size_t p, char c, bool& matched)
{
  std::size_t i = p + 1;
  const bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) {
    ++i;
  }
  bool in = false;
  bool first = true;
  for (; i < pattern.size() && (pattern[i] != ']' || first); ++i, first = false) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      in = in || (c >= pattern[i] && c <= pattern[i + 2]);
      i += 2;
    } else {
      in = in || c == pattern[i];
    }
  }
  if (i >= pattern.size()) {
    return std::string_view::npos;
  }
  matched = in != negate && c != '/';
  return i + 1;
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path)
{
  // can[p][t]: pattern[p..] matches path[t..]; filled from the ends (no recursion, no
  // exponential backtracking on `*a*a*a*b`).
  const std::size_t np = pattern.size();
  const std::size_t nt = path.size();
  std::vector<std::vector<char>> can(np + 2, std::vector<char>(nt + 1, 0));
  can[np][nt] = 1;
  for (std::size_t p = np; p-- > 0;) {
    const char pc = pattern[p];
    const bool star2 = pc == '*' && p + 1 < np && pattern[p + 1] == '*';
    for (std::size_t t = nt + 1; t-- > 0;) {
      bool ok = false;
      if (star2) {
        // `**/` may match nothing at all (a/**/b = a/b); `**` any run, slashes too.
        const std::size_t after = p + 2 < np && pattern[p + 2] == '/' ? p + 3 : p + 2;
        ok = can[after][t] || can[p + 2][t] || (t < nt && can[p][t + 1]);
      } else if (pc == '*') {
        ok = can[p + 1][t] || (t < nt && path[t] != '/' && can[p][t + 1]);
      } else if (t < nt) {
        if (pc == '?') {
          ok = path[t] != '/' && can[p + 1][t + 1];
        } else if (pc == '[') {
          bool matched = false;
          const auto end = class_end(pattern, p, path[t], matched);
          ok = end == std::string_view::npos ? (path[t] == '[' && can[p + 1][t + 1])
                                             : (matched && can[end][t + 1]);
        } else {
          ok = pc == path[t] && can[p + 1][t + 1];
        }
      }
      can[p][t] = ok ? 1 : 0;
    }
    if (star2) {
      // The second `*` of a `**` is consumed with the first: its row is never read alone.
      continue;
    }
  }
  return can[0][0] != 0;
}

bool is_case_file_name(std::string_view name)
{
  const auto ends = [&](std::string_view ext) {
    return name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  return !name.empty() && name[0] != '.' && (ends(".yaml") || ends(".yml"));
}

std::vector<FolderEntry> list_folder(const std::string& folder)
{
  // readdir rather than std::filesystem: a folder of thousands of case files is listed without
  // building and comparing a path object per entry.
  std::vector<FolderEntry> entries;
  Listing listing{::opendir(folder.c_str())};
  if (listing.dir == nullptr) {
    return entries;
  }
  while (const dirent* e = ::readdir(listing.dir)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    FolderEntry entry{std::string(name)};
    const int at = ::dirfd(listing.dir);
    unsigned char type = e->d_type;
    struct stat st
    {};
    if (type == DT_UNKNOWN && ::fstatat(at, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      type = S_ISLNK(st.st_mode)   ? DT_LNK
             : S_ISDIR(st.st_mode) ? DT_DIR
             : S_ISREG(st.st_mode) ? DT_REG
                                   : DT_UNKNOWN;
    }
    if (type == DT_LNK) {
      entry.file = ::fstatat(at, e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode);
    } else {
      entry.folder = type == DT_DIR;
      entry.file = type == DT_REG;
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  return entries;
}

} // namespace qicase

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

FileRead read_file(const std::string& path, std::size_t max_bytes)
{
  // open, fstat and read straight into the string: no stdio buffer and no copy, for the
  // thousands of small files of a check.
  FileRead r;
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    r.error = std::strerror(errno);
    return r;
  }
  struct stat st{};
  std::size_t expected = 0;
  if (::fstat(file.fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
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
    struct stat st{};
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

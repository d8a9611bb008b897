#include <qicase/core/file.hpp>

#include <cerrno>
#include <cstring>

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

} // namespace qicase

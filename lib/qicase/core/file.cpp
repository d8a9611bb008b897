#include <qicase/core/file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace qicase {

FileRead read_file(const std::string& path, std::size_t max_bytes)
{
  FileRead r;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    r.error = std::strerror(errno);
    return r;
  }
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    r.text.append(buffer, n);
    if (r.text.size() > max_bytes) {
      r.too_large = true;
      return r;
    }
  }
  if (std::ferror(file.get())) {
    r.error = "a read failed (is it a folder?)";
  }
  return r;
}

} // namespace qicase

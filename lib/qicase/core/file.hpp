#pragma once

#include <cstddef>
#include <string>

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

FileRead read_file(const std::string& path, std::size_t max_bytes);

} // namespace qicase

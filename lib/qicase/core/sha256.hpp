#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qicase {

// SHA-256 (FIPS 180-4), streamed: evidence files are pinned by their hash (qicase-files(5),
// EVIDENCE). Written here rather than taken from a crypto library: 100 lines, no dependency.
class Sha256
{
public:
  Sha256();
  void update(std::string_view bytes);
  // The digest as 64 lowercase hex digits; the object is spent.
  std::string hex();

private:
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> m_h;
  std::array<unsigned char, 64> m_buffer{};
  std::size_t m_used = 0;
  std::uint64_t m_bits = 0;
};

std::string sha256_hex(std::string_view bytes);

// A file's hash and size, read in 64 KiB pieces (never whole into memory). Empty `error` when
// it was read; else what went wrong.
struct FileHash
{
  std::string hex;
  std::uint64_t size = 0;
  std::string error;
};
FileHash sha256_file(const std::string& path);

} // namespace qicase

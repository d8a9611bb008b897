#include <qicase/core/sha256.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace qicase {

namespace {

constexpr std::array<std::uint32_t, 64> k_round = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n)
{
  return (x >> n) | (x << (32 - n));
}

} // namespace

Sha256::Sha256()
  : m_h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
{}

void Sha256::block(const unsigned char* p)
{
  std::array<std::uint32_t, 64> w{};
  for (std::size_t i = 0; i < 16; ++i) {
    w[i] = static_cast<std::uint32_t>(p[4 * i]) << 24 | static_cast<std::uint32_t>(p[4 * i + 1]) << 16
           | static_cast<std::uint32_t>(p[4 * i + 2]) << 8 | static_cast<std::uint32_t>(p[4 * i + 3]);
  }
  for (std::size_t i = 16; i < 64; ++i) {
    const auto s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    const auto s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = m_h;
  for (std::size_t i = 0; i < 64; ++i) {
    const auto t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k_round[i] + w[i];
    const auto t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
  for (std::size_t i = 0; i < 8; ++i) {
    m_h[i] += add[i];
  }
}

void Sha256::update(std::string_view bytes)
{
  m_bits += static_cast<std::uint64_t>(bytes.size()) * 8;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  if (m_used > 0) {
    const std::size_t take = std::min(n, 64 - m_used);
    std::memcpy(m_buffer.data() + m_used, p, take);
    m_used += take;
    p += take;
    n -= take;
    if (m_used < 64) {
      return;
    }
    block(m_buffer.data());
    m_used = 0;
  }
  for (; n >= 64; p += 64, n -= 64) {
    block(p);
  }
  std::memcpy(m_buffer.data(), p, n);
  m_used = n;
}

std::string Sha256::hex()
{
  const std::uint64_t bits = m_bits;
  const unsigned char one = 0x80;
  update(std::string_view(reinterpret_cast<const char*>(&one), 1));
  const unsigned char zero = 0;
  while (m_used != 56) {
    update(std::string_view(reinterpret_cast<const char*>(&zero), 1));
  }
  std::array<unsigned char, 8> length{};
  for (std::size_t i = 0; i < 8; ++i) {
    length[7 - i] = static_cast<unsigned char>(bits >> (8 * i));
  }
  update(std::string_view(reinterpret_cast<const char*>(length.data()), 8));
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto word : m_h) {
    for (int shift = 28; shift >= 0; shift -= 4) {
      out += k_hex[(word >> shift) & 0xf];
    }
  }
  return out;
}

std::string sha256_hex(std::string_view bytes)
{
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

FileHash sha256_file(const std::string& path)
{
  FileHash out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    out.error = std::strerror(errno);
    return out;
  }
  Sha256 h;
  std::vector<char> buffer(64u << 10);
  // Bounded by the file: each read moves forward or ends the loop.
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
    if (n > 0) {
      h.update(std::string_view(buffer.data(), n));
      out.size += n;
    }
    if (n < buffer.size()) {
      if (std::ferror(f) != 0) {
        out.error = "read error";
      }
      break;
    }
  }
  std::fclose(f);
  out.hex = h.hex();
  return out;
}

} // namespace qicase

#include <qicase/xlsx/zip.hpp>

#include <cstdint>
#include <limits>

#include <zlib.h>

namespace qicase::xlsx {

namespace {

constexpr std::uint16_t k_version = 20; // 2.0: deflate
constexpr std::uint16_t k_deflated = 8;
constexpr std::uint16_t k_utf8_names = 1u << 11;                 // general purpose flag 11: names are UTF-8
constexpr std::uint16_t k_dos_time = 0;                          // 00:00:00
constexpr std::uint16_t k_dos_date = (0u << 9) | (1u << 5) | 1u; // 1980-01-01
constexpr std::size_t k_max = std::numeric_limits<std::uint32_t>::max() / 2;

void put16(std::string& out, std::uint32_t v)
{
  out += static_cast<char>(v & 0xffu);
  out += static_cast<char>((v >> 8) & 0xffu);
}

void put32(std::string& out, std::uint32_t v)
{
  put16(out, v & 0xffffu);
  put16(out, v >> 16);
}

// The fields the local header and the central directory share, from "version needed" to the
// name's length: the same in both, as the format requires.
template <class E> void put_common(std::string& out, const E& e)
{
  put16(out, k_version);
  put16(out, k_utf8_names);
  put16(out, k_deflated);
  put16(out, k_dos_time);
  put16(out, k_dos_date);
  put32(out, static_cast<std::uint32_t>(e.crc));
  put32(out, static_cast<std::uint32_t>(e.compressed));
  put32(out, static_cast<std::uint32_t>(e.size));
  put16(out, static_cast<std::uint32_t>(e.name.size()));
}

} // namespace

ZipWriter::~ZipWriter()
{
  if (m_stream != nullptr) {
    auto* z = static_cast<z_stream*>(m_stream);
    deflateEnd(z);
    delete z;
  }
}

void ZipWriter::add(std::string name, std::string_view data)
{
  begin(std::move(name));
  write(data);
  end();
}

void ZipWriter::begin(std::string name)
{
  if (m_stream != nullptr) {
    end();
  }
  m_open = Entry{};
  m_open.name = std::move(name);
  m_open.crc = crc32(0L, Z_NULL, 0);
  m_packed.clear();
  auto* z = new z_stream{};
  // Raw deflate, as zip stores it; level 1: a sheet's XML is repetitive, so the fastest level
  // already shrinks it about tenfold.
  if (deflateInit2(z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    delete z;
    m_failed = true;
    return;
  }
  m_stream = z;
}

void ZipWriter::deflate_some(std::string_view data, int flush)
{
  auto* z = static_cast<z_stream*>(m_stream);
  if (z == nullptr) {
    return;
  }
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z->avail_in = static_cast<uInt>(data.size());
  char buffer[16384];
  int rc = Z_OK;
  do {
    z->next_out = reinterpret_cast<Bytef*>(buffer);
    z->avail_out = sizeof buffer;
    rc = deflate(z, flush);
    if (rc == Z_STREAM_ERROR) {
      m_failed = true;
      return;
    }
    m_packed.append(buffer, sizeof buffer - z->avail_out);
  } while (z->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

void ZipWriter::write(std::string_view data)
{
  if (m_stream == nullptr || m_failed) {
    return;
  }
  // Pieces of at most 1 GiB: zlib counts in unsigned int.
  for (std::size_t at = 0; at < data.size(); at += 1u << 30) {
    const auto piece = data.substr(at, 1u << 30);
    m_open.crc = crc32(m_open.crc, reinterpret_cast<const Bytef*>(piece.data()),
                       static_cast<uInt>(piece.size()));
    m_open.size += piece.size();
    deflate_some(piece, Z_NO_FLUSH);
  }
  m_failed = m_failed || m_open.size > k_max || m_packed.size() > k_max;
}

void ZipWriter::end()
{
  if (m_stream == nullptr) {
    return;
  }
  deflate_some({}, Z_FINISH);
  auto* z = static_cast<z_stream*>(m_stream);
  deflateEnd(z);
  delete z;
  m_stream = nullptr;
  Entry e = std::move(m_open);
  e.compressed = m_packed.size();
  e.offset = m_bytes.size();
  if (m_entries.size() >= 65535 || e.offset + e.compressed > k_max) {
    m_failed = true;
    return;
  }
  put32(m_bytes, 0x04034b50u); // local file header
  put_common(m_bytes, e);
  put16(m_bytes, 0); // no extra field
  m_bytes += e.name;
  m_bytes += m_packed;
  m_packed.clear();
  m_packed.shrink_to_fit();
  m_entries.push_back(std::move(e));
}

std::string ZipWriter::finish()
{
  end();
  if (m_failed) {
    m_entries.clear();
    m_bytes.clear();
    return {};
  }
  const auto directory = m_bytes.size();
  for (const auto& e : m_entries) {
    put32(m_bytes, 0x02014b50u); // central directory header
    put16(m_bytes, k_version);   // made by: MS-DOS, 2.0
    put_common(m_bytes, e);
    put16(m_bytes, 0); // extra
    put16(m_bytes, 0); // comment
    put16(m_bytes, 0); // disk
    put16(m_bytes, 0); // internal attributes
    put32(m_bytes, 0); // external attributes
    put32(m_bytes, static_cast<std::uint32_t>(e.offset));
    m_bytes += e.name;
  }
  const auto size = m_bytes.size() - directory;
  put32(m_bytes, 0x06054b50u); // end of central directory
  put16(m_bytes, 0);
  put16(m_bytes, 0);
  put16(m_bytes, static_cast<std::uint32_t>(m_entries.size()));
  put16(m_bytes, static_cast<std::uint32_t>(m_entries.size()));
  put32(m_bytes, static_cast<std::uint32_t>(size));
  put32(m_bytes, static_cast<std::uint32_t>(directory));
  put16(m_bytes, 0); // comment
  m_entries.clear();
  return std::exchange(m_bytes, {});
}

} // namespace qicase::xlsx

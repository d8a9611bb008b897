#pragma once

#include <string>
#include <string_view>
#include <vector>

// A zip archive written whole (what an .xlsx workbook is): each entry deflated by zlib, every
// time stamp the same (1980-01-01 00:00, the format's first), entries in the order added, so the
// same entries give the same bytes. No zip64: an entry or the archive over 4 GiB is refused.
namespace qicase::xlsx {

class ZipWriter
{
public:
  ZipWriter() = default;
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;
  ~ZipWriter();

  // Adds an entry whole.
  void add(std::string name, std::string_view data);
  // Or in pieces: begin(), write() as often as needed (each piece deflated at once, so only the
  // compressed entry is held), end().
  void begin(std::string name);
  void write(std::string_view data);
  void end();
  // The archive's bytes: the entries, then the central directory. Empty when it would pass the
  // format's 4 GiB or 65,535 entries, or zlib failed.
  std::string finish();

private:
  struct Entry
  {
    std::string name;
    unsigned long crc = 0;
    std::size_t size = 0;
    std::size_t compressed = 0;
    std::size_t offset = 0;
  };
  void deflate_some(std::string_view data, int flush);
  std::string m_bytes;
  std::vector<Entry> m_entries;
  Entry m_open;             // the entry begun
  std::string m_packed;     // its compressed bytes so far
  void* m_stream = nullptr; // its z_stream
  bool m_failed = false;
};

} // namespace qicase::xlsx

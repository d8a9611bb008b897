#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::evidence {

// Where a cited document stands (qicase-evidence(1)):
//   ok        present, and its sha256 (and size) match what was recorded when it was accepted
//   unpinned  present, no sha256 recorded
//   missing   no file at that path
//   changed   present, but its sha256 or size is not what was recorded
//   outside   an absolute path, or one that leaves the repository, or a folder: not read
//   url       a URL: shown as such, never fetched
enum class Verdict { ok, unpinned, missing, changed, outside, url };
std::string_view to_string(Verdict verdict);

// One document a case cites: an evidence item's `file` (QCAR evidence, CAP evidence, a CAP
// monitoring report), with what was recorded of it and what was found.
struct Citation
{
  std::string file;                  // as written in the case
  std::optional<std::string> sha256; // recorded: 64 lowercase hex digits
  std::optional<std::uint64_t> size; // recorded: bytes
  Mark mark;                         // of `file`'s value
  Mark item_mark;                    // of the item (where `sha256:` lines go)
  // What it is for, for the manifest: "F1", "D2", "D1 report 2024-06-03".
  std::string item;
  std::optional<calendar::Date> date; // the item's date
  // Found by verify():
  std::string shown; // the path as shown (relative to where qicase runs)
  Verdict verdict = Verdict::unpinned;
  std::string sha256_now; // when hashed (pinned, or every one with hash_all)
  std::optional<std::uint64_t> size_now;
};

// Reads `file`, `sha256` and `size` of an evidence item; none when it cites no file. Problems
// with the recorded hash or size go to `diags` (evidence.pin).
std::optional<Citation> read(yaml::Fields& item, Diagnostics& diags);

// Checks a citation against the disk: resolved from the case file's folder, never outside the
// repository root; a pinned one is hashed (streamed), every one when the request asks for a manifest (`qicase evidence`).
// `decisive`: the case's status rests on it (evidence that closes a finding or backs a remedy):
// a missing file is then an error, else a warning. A changed file is always an error: accepted
// evidence edited afterwards is what an auditor must see.
void verify(Citation& citation, const Document& doc, Context& ctx, Diagnostics& diags, bool decisive);

// Where a path cited by a case file leads (the rules verify() holds it to): relative to the
// case's folder, inside the repository root, a link judged where it leads, a regular file.
struct Place
{
  enum class Is { file, nul, absolute, outside, missing, link_out, not_file } is = Is::missing;
  std::filesystem::path full; // folder/written, normalised
  std::filesystem::path real; // where a link leads (link_out)
};
Place place_of(const std::string& written, const std::string& folder, const std::string& root);

// Whether the citation can back a status: no file cited, or one present and unchanged.
inline bool sound(const std::optional<Citation>& c)
{
  return !c
         || (c->verdict != Verdict::missing && c->verdict != Verdict::changed
             && c->verdict != Verdict::outside);
}

// One row of `qicase evidence`: a citation and its case.
struct Entry
{
  std::string case_id;
  std::string kind;
  std::string delegate;
  std::string path; // the case file, as shown
  Citation citation;
};
using Entries = std::vector<Entry>;

} // namespace qicase::evidence

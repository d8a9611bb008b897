#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <qicase/core/diagnostics.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::yaml {

// Bounds that keep hostile input from crashing or hanging qicase. A case file is a few KiB;
// these are far above any real one.
struct Limits
{
  std::size_t max_bytes = 4u << 20; // 4 MiB per file
  int max_depth = 64;               // nested mappings and lists
  std::size_t max_nodes = 250000;   // values in a file, aliases counted as expanded
};

// A file of `size` bytes over `limits`: the error (file.too-large) every reader gives, whether the
// file came from disk or from git.
void too_large(Diagnostics& diags, std::size_t size, const Limits& limits = {});

// Parses one YAML document from `text`. Problems go to `diags` with positions: syntax errors,
// several documents, nesting or size over the limits, NUL bytes, invalid UTF-8 and an empty
// file. A file that is not usable YAML is an error about that file (exit status 1, like any
// other finding about it); only a file that cannot be read marks `diags` unusable (exit 2).
// Duplicate keys
// and non-text keys are errors; the first value of a duplicated key is kept.
std::optional<Node> parse(std::string_view text, Diagnostics& diags, const Limits& limits = {});

// The same parse, written straight in the packed form (packed.hpp) with no tree built: what
// parse() unpacks, and what runs over thousands of files keep between a file's parse and its
// check. `top` is the root alone, with its scalar values and its lists and mappings empty
// (enough for a file's header and Document::field()).
struct Packed
{
  std::string bytes;
  Node top;
};
std::optional<Packed> parse_packed(std::string_view text, Diagnostics& diags, const Limits& limits = {});
// Reads `path` and parses it. An unreadable file is unusable (exit 2); an oversized one is an
// error (exit 1).
std::optional<Packed> load_file_packed(const std::string& path, Diagnostics& diags,
                                       const Limits& limits = {});

} // namespace qicase::yaml

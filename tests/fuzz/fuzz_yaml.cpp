// Fuzz target: the YAML loader with positions (limits, syntax, encodings, duplicate keys), the
// document header (kind, id) and the packed form of the tree, on arbitrary bytes.
#include <cstdlib>

#include <qicase/yaml/loader.hpp>
#include <qicase/yaml/node.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  auto doc = parse_document("fuzz.yaml", "", fuzz::text(data, size));
  // Every diagnostic has a rule id and a message; positions are 1-based or 0 (the file).
  for (const auto& d : doc->load.items()) {
    if (d.rule.empty() || d.message.empty() || d.mark.line < 0 || d.mark.column < 0) {
      std::abort();
    }
  }
  if (doc->root) {
    (void)yaml::mark_at(*doc->root, "a.0.b");
    // A packed tree (check over many files) unpacks to the very same tree.
    if (!(yaml::unpack(yaml::pack(*doc->root)) == *doc->root)) {
      std::abort();
    }
  }
  // The packed parse (what check keeps) unpacks to the tree parse() gives.
  Diagnostics packed_diags("fuzz.yaml");
  if (auto packed = yaml::parse_packed(fuzz::text(data, size), packed_diags)) {
    if (!doc->root || !(yaml::unpack(packed->bytes) == *doc->root)) {
      std::abort();
    }
  } else if (doc->root) {
    std::abort();
  }
  return 0;
}

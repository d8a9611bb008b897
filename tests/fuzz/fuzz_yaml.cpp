// Fuzz target: the YAML loader with positions (limits, syntax, encodings, duplicate keys) and the
// document header (kind, id), on arbitrary bytes.
#include <cstdlib>

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
  }
  return 0;
}

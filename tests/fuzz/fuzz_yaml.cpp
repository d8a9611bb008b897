// Fuzz target: the YAML loader with positions (limits, syntax, encodings, duplicate keys), the
// document header (kind, id) and the top level the packed parse keeps, on arbitrary bytes.
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
  }
  // The packed parse keeps the top level of the tree it packs (what a packed file's header and
  // fields are read from): the root, and each top-level value's type, position and text.
  Diagnostics packed_diags("fuzz.yaml");
  if (auto packed = yaml::parse_packed(fuzz::text(data, size), packed_diags)) {
    const auto tree = yaml::unpack(packed->bytes);
    const auto& top = packed->top;
    auto same = [](const yaml::Node& a, const yaml::Node& b) {
      return a.type == b.type && a.quoted == b.quoted && a.mark.line == b.mark.line
             && a.mark.column == b.mark.column && (a.is_scalar() ? a.text == b.text : a.text.empty());
    };
    if (!same(top, tree) || top.keys.size() != (tree.is_map() ? tree.keys.size() : 0)
        || top.children.size() != top.keys.size()) {
      std::abort();
    }
    for (std::size_t i = 0; i < top.keys.size(); ++i) {
      if (top.keys[i].name != tree.keys[i].name || top.keys[i].mark.line != tree.keys[i].mark.line
          || top.keys[i].mark.column != tree.keys[i].mark.column || !same(top.children[i], tree.children[i])
          || !top.children[i].children.empty()) {
        std::abort();
      }
    }
  }
  return 0;
}

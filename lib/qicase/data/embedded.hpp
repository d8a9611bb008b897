#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace qicase::data {

// A file embedded at build time (cmake/embed.cmake): path relative to the source root, e.g.
// "data/builtin/lre-4.9a.yaml", "schemas/notice.schema.json", "data/templates/notice.yaml".
struct EmbeddedFile
{
  std::string_view path;
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

// The content of an embedded file by path, if embedded.
std::optional<std::string_view> embedded(std::string_view path);

} // namespace qicase::data

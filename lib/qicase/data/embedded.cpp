#include <qicase/data/embedded.hpp>

namespace qicase::data {

std::optional<std::string_view> embedded(std::string_view path)
{
  for (const auto& file : embedded_files()) {
    if (file.path == path) {
      return file.content;
    }
  }
  return std::nullopt;
}

} // namespace qicase::data

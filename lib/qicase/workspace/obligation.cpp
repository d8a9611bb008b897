#include <qicase/workspace/obligation.hpp>

#include <qicase/workspace/document.hpp>

namespace qicase {

std::string_view Obligation::case_id() const
{
  return doc != nullptr ? std::string_view(doc->id) : std::string_view();
}

std::string_view Obligation::path() const
{
  return doc != nullptr ? std::string_view(doc->path) : std::string_view();
}

} // namespace qicase

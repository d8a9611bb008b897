#include <qicase/core/shared_text.hpp>

#include <mutex>
#include <unordered_set>

namespace qicase {

namespace {

struct Pool
{
  std::mutex lock;
  // Node-based: a string's address never changes once inserted.
  std::unordered_set<std::string> texts;
};

Pool& pool()
{
  // Never destroyed: a value may still point into it while statics are torn down.
  static auto* p = new Pool;
  return *p;
}

} // namespace

const std::string& SharedText::none()
{
  static const auto* empty = new std::string;
  return *empty;
}

const std::string& SharedText::intern(std::string_view text)
{
  if (text.empty()) {
    return none();
  }
  auto& p = pool();
  const std::lock_guard<std::mutex> guard(p.lock);
  return *p.texts.emplace(text).first;
}

} // namespace qicase

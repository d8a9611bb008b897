#pragma once

#include <any>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/core/findings.hpp>

namespace qicase {

// One case after a run: the case as its kind read it, and its evaluation as of --as-of (status,
// figures, what is missing). Kept in check::FileResult::typed with Request::keep_typed, so the
// renderers of a command take it instead of reading the case again or the report back by key.
template <class Case, class Result> struct Evaluated
{
  std::shared_ptr<const Case> read;
  Result result;
};

// The typed reading and result a run kept in `typed` (an Output's or a FileResult's), null when
// it holds none or one of another kind.
template <class Case, class Result> const Evaluated<Case, Result>* typed_as(const std::any& typed)
{
  const auto* held = std::any_cast<std::shared_ptr<const Evaluated<Case, Result>>>(&typed);
  return held != nullptr ? held->get() : nullptr;
}

// One status or score of an evaluated case, as `qicase diff` compares two versions of it: by
// label, which names the item it belongs to ("deficiency D1 status", "total percent"), its
// value written as the JSON report gives it ("none" where the report has null). Each kind lists
// its own (`figures()`, beside `to_json()`); an item with no id is not listed, as it cannot be
// matched across versions.
struct Figure
{
  std::string label;
  std::string value;
  bool status = true; // a status, rating or flag; false: a score (points, a percentage, a rate)
};
using Figures = std::vector<Figure>;

// A figure's value: a flag, a flag that may be unknown ("none"), a list ("none" when empty).
inline std::string figure_value(bool b)
{
  return b ? "true" : "false";
}
inline std::string figure_value(std::optional<bool> b)
{
  return b ? figure_value(*b) : "none";
}
inline std::string figure_value(const std::vector<std::string>& list)
{
  std::string s;
  for (std::size_t i = 0; i < list.size(); ++i) {
    s += (i == 0 ? "" : ", ") + list[i];
  }
  return list.empty() ? std::string("none") : s;
}
std::string figure_value(const char*) = delete; // a literal would be read as a flag

// A case as its kind's text, markdown and CSV renderers take it: where it is, what was found in
// it, and its typed reading and result, both null when the file could not be read as a case
// ("not reported": its file problems are on standard error).
template <class Case, class Result> struct Shown
{
  std::string_view path;
  std::string_view id;
  const Case* read = nullptr;
  const Result* result = nullptr;
  const Found& found;

  bool reported() const { return result != nullptr; }
};

// A kind's text report: `block(case)` for each case reported, the "not reported" line for a
// file that could not be read as one.
template <class Case, class Result, class Block>
std::string text_report(const std::vector<Shown<Case, Result>>& cases, Block block)
{
  std::string out;
  for (const auto& s : cases) {
    out += s.reported() ? block(s) : text_not_reported(s.path);
  }
  return out;
}

} // namespace qicase

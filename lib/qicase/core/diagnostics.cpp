#include <qicase/core/diagnostics.hpp>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace qicase {

std::string_view to_string(Severity severity)
{
  return severity == Severity::error ? "error" : "warning";
}

void Diagnostics::error(Mark mark, std::string_view rule, std::string message)
{
  m_items.push_back({m_path, mark, Severity::error, std::string(rule), std::move(message)});
}

void Diagnostics::warning(Mark mark, std::string_view rule, std::string message)
{
  m_items.push_back({m_path, mark, Severity::warning, std::string(rule), std::move(message)});
}

void Diagnostics::add(Diagnostic diagnostic)
{
  m_items.push_back(std::move(diagnostic));
}

void Diagnostics::append(const Diagnostics& other)
{
  m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
  m_unusable = m_unusable || other.m_unusable;
}

bool Diagnostics::has_errors() const
{
  return m_unusable || count(Severity::error) > 0;
}

std::size_t Diagnostics::count(Severity severity) const
{
  return static_cast<std::size_t>(std::count_if(
    m_items.begin(), m_items.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

Status Diagnostics::status(bool strict) const
{
  if (m_unusable) {
    return Status::unusable;
  }
  if (count(Severity::error) > 0 || (strict && count(Severity::warning) > 0)) {
    return Status::invalid;
  }
  return Status::ok;
}

void Diagnostics::sort()
{
  std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.path != b.path) {
      return a.path < b.path;
    }
    if (a.mark.line != b.mark.line) {
      return a.mark.line < b.mark.line;
    }
    return a.mark.column < b.mark.column;
  });
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1]))
                        == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates)
{
  if (word.size() > 64) {
    return {};
  }
  std::string best;
  std::size_t best_distance = 0;
  for (auto candidate : candidates) {
    auto d = edit_distance(word, candidate);
    // A word that starts another ("safety" for "safety-risk") is as good as one edit away.
    if (word.size() >= 3 && candidate.size() > word.size() && candidate.substr(0, word.size()) == word) {
      d = 1;
    }
    // Close enough: at most a third of the longer word, and at least one edit allowed.
    const std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), candidate.size()) / 3);
    if (d <= limit && (best.empty() || d < best_distance)) {
      best = std::string(candidate);
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates)
{
  auto best = closest(word, candidates);
  return best.empty() ? std::string() : fmt::format(" (did you mean `{}`?)", best);
}

} // namespace qicase

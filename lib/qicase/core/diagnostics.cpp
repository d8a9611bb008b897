#include <qicase/core/diagnostics.hpp>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace qicase {

std::string_view to_string(Severity severity)
{
  return severity == Severity::error ? "error" : "warning";
}

Diagnostics::Diagnostics(const Diagnostics& other)
  : m_path(other.m_path), m_items(other.m_items), m_unusable(other.m_unusable),
    m_overflow(other.m_overflow ? std::make_unique<Overflow>(*other.m_overflow) : nullptr)
{}

Diagnostics& Diagnostics::operator=(const Diagnostics& other)
{
  if (this != &other) {
    Diagnostics copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void Diagnostics::push(Diagnostic d, std::size_t weight)
{
  if (!m_overflow) {
    if (m_items.size() < k_max_per_rule && weight == 1) {
      m_items.push_back(std::move(d));
      return;
    }
    m_overflow = std::make_unique<Overflow>();
    for (const auto& item : m_items) {
      ++m_overflow->per_rule[item.rule];
    }
  }
  auto& o = *m_overflow;
  auto& seen = o.per_rule[d.rule];
  seen += weight;
  if (seen <= k_max_per_rule && weight == 1) {
    m_items.push_back(std::move(d));
    return;
  }
  const auto severity = static_cast<std::size_t>(d.severity);
  o.dropped[severity] += weight;
  auto [line, added] = o.more_line.emplace(d.rule, m_items.size());
  if (added) {
    ++o.lines[severity];
    m_items.push_back(std::move(d));
  }
  auto& more = o.more[line->second];
  more += weight;
  Diagnostic& shown = m_items[line->second];
  shown.message = fmt::format("{} more `{}` problem{} from here on in this file {} not listed: "
                              "only the first {} of a rule are",
                              more, shown.rule, more == 1 ? "" : "s", more == 1 ? "is" : "are",
                              k_max_per_rule);
}

bool Diagnostics::full(std::string_view rule) const
{
  if (!m_overflow) {
    return m_items.size() >= k_max_per_rule
           && static_cast<std::size_t>(std::count_if(m_items.begin(), m_items.end(),
                                                     [&](const Diagnostic& d) { return d.rule == rule; }))
                >= k_max_per_rule;
  }
  const auto it = m_overflow->per_rule.find(std::string(rule));
  return it != m_overflow->per_rule.end() && it->second >= k_max_per_rule;
}

void Diagnostics::error(Mark mark, std::string_view rule, std::string message)
{
  emit(Severity::error, mark, rule, std::move(message), nullptr);
}

void Diagnostics::warning(Mark mark, std::string_view rule, std::string message)
{
  emit(Severity::warning, mark, rule, std::move(message), nullptr);
}

void Diagnostics::error(Mark mark, std::string_view rule, std::string message, Aside aside)
{
  emit(Severity::error, mark, rule, std::move(message), &aside);
}

void Diagnostics::warning(Mark mark, std::string_view rule, std::string message, Aside aside)
{
  emit(Severity::warning, mark, rule, std::move(message), &aside);
}

void Diagnostics::emit(Severity severity, Mark mark, std::string_view rule, std::string message, Aside* aside)
{
  const bool any = aside != nullptr && (!aside->fix.empty() || !aside->related.empty());
  push({m_path,
        mark,
        severity,
        std::string(rule),
        std::move(message),
        {},
        BaselineState::none,
        any ? std::make_shared<const Aside>(std::move(*aside)) : nullptr});
}

void Diagnostics::add(Diagnostic diagnostic)
{
  push(std::move(diagnostic));
}

void Diagnostics::append(const Diagnostics& other)
{
  for (std::size_t i = 0; i < other.m_items.size(); ++i) {
    std::size_t weight = 1;
    if (other.m_overflow) {
      if (auto it = other.m_overflow->more.find(i); it != other.m_overflow->more.end()) {
        weight = it->second;
      }
    }
    push(other.m_items[i], weight);
  }
  m_unusable = m_unusable || other.m_unusable;
}

bool Diagnostics::has_errors() const
{
  return m_unusable || count(Severity::error) > 0;
}

std::size_t Diagnostics::count(Severity severity) const
{
  auto n = static_cast<std::size_t>(std::count_if(
    m_items.begin(), m_items.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
  if (m_overflow) {
    // Each "more" line stands for the diagnostics it counts, not for itself.
    const auto s = static_cast<std::size_t>(severity);
    n = n - m_overflow->lines[s] + m_overflow->dropped[s];
  }
  return n;
}

std::size_t Diagnostics::known(Severity severity) const
{
  return static_cast<std::size_t>(std::count_if(m_items.begin(), m_items.end(), [&](const Diagnostic& d) {
    return d.severity == severity && d.baseline == BaselineState::unchanged;
  }));
}

Status Diagnostics::status(bool strict) const
{
  if (m_unusable) {
    return Status::unusable;
  }
  const auto errors = count(Severity::error) - known(Severity::error);
  const auto warnings = count(Severity::warning) - known(Severity::warning);
  if (errors > 0 || (strict && warnings > 0)) {
    return Status::invalid;
  }
  return Status::ok;
}

void Diagnostics::sort()
{
  const auto before = [](const Diagnostic& a, const Diagnostic& b) {
    if (a.path != b.path) {
      return a.path < b.path;
    }
    if (a.mark.line != b.mark.line) {
      return a.mark.line < b.mark.line;
    }
    return a.mark.column < b.mark.column;
  };
  if (!m_overflow) {
    std::stable_sort(m_items.begin(), m_items.end(), before);
    return;
  }
  // The "more" lines are found by index: sort a permutation and move the indices with it.
  std::vector<std::size_t> order(m_items.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return before(m_items[a], m_items[b]); });
  std::vector<Diagnostic> items;
  items.reserve(m_items.size());
  std::unordered_map<std::size_t, std::size_t> more;
  for (std::size_t at = 0; at < order.size(); ++at) {
    if (auto it = m_overflow->more.find(order[at]); it != m_overflow->more.end()) {
      more.emplace(at, it->second);
      m_overflow->more_line[m_items[order[at]].rule] = at;
    }
    items.push_back(std::move(m_items[order[at]]));
  }
  m_items = std::move(items);
  m_overflow->more = std::move(more);
}

namespace {

char folded(char c)
{
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// The edit distance of `a` and `b` (case folded) when it is at most `bound`, else bound + 1:
// only the band of cells within `bound` of the diagonal is computed, and the rows stop once all
// of it is past `bound`. A word against 20,000 names costs a few hundred cells each, not a
// whole table.
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t bound)
{
  const std::size_t over = bound + 1;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > bound) {
    return over;
  }
  std::vector<std::size_t> row(b.size() + 1, over);
  for (std::size_t j = 0; j <= std::min(b.size(), bound); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t from = i > bound ? i - bound : 1;
    const std::size_t to = std::min(b.size(), i + bound);
    std::size_t diagonal = row[from - 1];
    row[from - 1] = from == 1 && i <= bound ? i : over;
    std::size_t least = row[from - 1];
    for (std::size_t j = from; j <= to; ++j) {
      const std::size_t above = row[j];
      const bool same = folded(a[i - 1]) == folded(b[j - 1]);
      row[j] = std::min({std::min(above, over) + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1), over});
      least = std::min(least, row[j]);
      diagonal = above;
    }
    if (to < b.size()) {
      row[to + 1] = over; // outside the band next row
    }
    if (least > bound) {
      return over;
    }
  }
  return std::min(row[b.size()], over);
}

} // namespace

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates)
{
  if (word.size() > 64) {
    return {};
  }
  // Bounded: only names whose length could be close enough, and of those at most
  // k_max_compared, the nearest in length (in their own order), however large the registry.
  constexpr std::size_t k_max_compared = 10000;
  const auto near_in_length = [&](std::string_view c) {
    const auto longer = std::max(word.size(), c.size());
    const auto gap = longer - std::min(word.size(), c.size());
    return gap <= std::max<std::size_t>(1, longer / 3) || c.substr(0, word.size()) == word;
  };
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (near_in_length(candidates[i])) {
      order.push_back(i);
    }
  }
  if (order.size() > k_max_compared) {
    const auto gap = [&](std::size_t i) {
      const auto n = candidates[i].size();
      return n > word.size() ? n - word.size() : word.size() - n;
    };
    std::nth_element(
      order.begin(), order.begin() + k_max_compared, order.end(),
      [&](std::size_t a, std::size_t b) { return gap(a) != gap(b) ? gap(a) < gap(b) : a < b; });
    order.resize(k_max_compared);
    std::sort(order.begin(), order.end());
  }
  std::string best;
  std::size_t best_distance = 0;
  for (const auto i : order) {
    const auto candidate = candidates[i];
    // A word that starts another ("safety" for "safety-risk") is as good as one edit away.
    const bool starts = word.size() >= 3 && candidate.size() > word.size()
                        && candidate.substr(0, word.size()) == word;
    // Close enough: at most a third of the longer word, and at least one edit allowed; and
    // closer than the best so far (the first of equals wins).
    if (!best.empty() && best_distance == 0) {
      break; // an exact match (but for case): nothing is closer
    }
    const std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), candidate.size()) / 3);
    const std::size_t bound = best.empty() ? limit : std::min(limit, best_distance - 1);
    const std::size_t d = starts ? 1 : edit_distance_within(word, candidate, bound);
    if (d <= bound) {
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

std::string certain_match(std::string_view word, const std::vector<std::string_view>& candidates)
{
  auto best = closest(word, candidates);
  if (best.empty()) {
    return best;
  }
  // Certain only when no other candidate is close enough: one more search without it.
  std::vector<std::string_view> others;
  others.reserve(candidates.size());
  bool dropped = false;
  for (const auto c : candidates) {
    if (!dropped && c == best) {
      dropped = true;
    } else {
      others.push_back(c);
    }
  }
  return closest(word, others).empty() ? best : std::string();
}

Suggestion suggest(std::string_view word, const std::vector<std::string_view>& candidates)
{
  Suggestion s;
  auto best = closest(word, candidates);
  if (best.empty()) {
    return s;
  }
  s.text = fmt::format(" (did you mean `{}`?)", best);
  s.aside.fix = certain_match(word, candidates);
  return s;
}

} // namespace qicase

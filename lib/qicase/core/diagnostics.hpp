#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qicase {

// A position in a file, 1-based. line == 0 means "the file as a whole".
struct Mark
{
  int line = 0;
  int column = 0;
};

enum class Severity { warning, error };

std::string_view to_string(Severity severity);

// One problem found in one file. `rule` is a stable id (see qicase-files(5), RULES);
// `message` says what is wrong and what to write instead, citing the clause it enforces.
// Where a finding stands against a baseline of known findings (`check --baseline`; SARIF's
// baselineState). none: no baseline given, or a file problem (never baselined).
enum class BaselineState : unsigned char { none, new_finding, unchanged };

// What an editor can do with a diagnostic besides show it (`qicase lsp`): the one certain fix of
// the word at its mark, and the place in another file a cross-file rule is about. Rare, so kept
// out of line: a diagnostic without it costs a null pointer.
struct Aside
{
  // Write this in place of the word at the mark: the only close candidate of an unknown key, a
  // value not among the words allowed, or an id no file has ("" when none is certain).
  std::string fix;
  std::string related;  // the other file, as shown ("" when none)
  Mark related_mark;    // where in it
  std::string relation; // what is there ("the notice NNC-2024-017")
};

struct Diagnostic
{
  std::string path;
  Mark mark;
  Severity severity = Severity::error;
  std::string rule;
  std::string message;
  // A finding's place in the case by keys and item ids (yaml::item_path), not by line: with
  // the case id and rule, its key in a baseline. Set by check::run for findings.
  std::string item;
  BaselineState baseline = BaselineState::none;
  std::shared_ptr<const Aside> aside;
};

// How a run ends (spec: exit status). Ordered: the highest wins.
enum class Status { ok = 0, invalid = 1, unusable = 2 };

inline Status worst(Status a, Status b)
{
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

// Collects diagnostics for one file; never throws, never prints.
class Diagnostics
{
public:
  explicit Diagnostics(std::string path = {}) : m_path(std::move(path)) {}
  Diagnostics(const Diagnostics& other);
  Diagnostics& operator=(const Diagnostics& other);
  Diagnostics(Diagnostics&&) noexcept = default;
  Diagnostics& operator=(Diagnostics&&) noexcept = default;

  // At most this many diagnostics of one rule are kept per file; the rest are counted in one
  // line "N more ..." (as compilers stop listing), so a file of 350,000 unknown keys costs
  // linear time and a screenful of output. count() and status() still count every one.
  static constexpr std::size_t k_max_per_rule = 100;

  void error(Mark mark, std::string_view rule, std::string message);
  void warning(Mark mark, std::string_view rule, std::string message);
  // One with an aside (a certain fix, a related place); a null or empty aside is none.
  void error(Mark mark, std::string_view rule, std::string message, Aside aside);
  void warning(Mark mark, std::string_view rule, std::string message, Aside aside);
  void add(Diagnostic diagnostic);
  void append(const Diagnostics& other);
  // Another diagnostic of `rule` would only be counted: its message need not be built.
  bool full(std::string_view rule) const;

  // The file cannot be read at all (missing, unreadable, not a regular file): exit status 2,
  // as for a usage error. A file read but not valid YAML is an error like any other (exit 1).
  void set_unusable() { m_unusable = true; }
  bool unusable() const { return m_unusable; }

  const std::string& path() const { return m_path; }
  const std::vector<Diagnostic>& items() const { return m_items; }
  std::vector<Diagnostic>& items() { return m_items; }
  bool has_errors() const;
  std::size_t count(Severity severity) const;
  // Of those, the findings a baseline knows (BaselineState::unchanged): counted, not failing.
  std::size_t known(Severity severity) const;

  // Status for the exit code: unusable > errors (or warnings with strict) > ok. A finding the
  // baseline knows (BaselineState::unchanged) does not count.
  Status status(bool strict) const;

  // Stable order: by line, column, then insertion.
  void sort();

private:
  void emit(Severity severity, Mark mark, std::string_view rule, std::string message, Aside* aside);
  // Keeps `d`, or counts it in its rule's "more" line (standing for `weight` diagnostics).
  void push(Diagnostic d, std::size_t weight = 1);

  std::string m_path;
  std::vector<Diagnostic> m_items;
  bool m_unusable = false;
  // Made once a file has k_max_per_rule diagnostics (no cost for the usual few).
  struct Overflow
  {
    std::unordered_map<std::string, std::size_t> per_rule;  // diagnostics seen of each rule
    std::unordered_map<std::string, std::size_t> more_line; // rule -> its "more" line's index
    std::unordered_map<std::size_t, std::size_t> more;      // that index -> how many it stands for
    std::size_t dropped[2] = {0, 0};                        // by severity
    std::size_t lines[2] = {0, 0};                          // "more" lines, by severity
  };
  std::unique_ptr<Overflow> m_overflow;
};

// "did you mean": the candidate closest to `word` by edit distance, if close enough.
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

// Appends " (did you mean `x`?)" when a candidate is close, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

// The candidate close to `word` when it is the only one close enough (an editor may write it
// for the user), else "".
std::string certain_match(std::string_view word, const std::vector<std::string_view>& candidates);

// A did-you-mean as a message's tail (" (did you mean `x`?)") and, when certain, an aside whose
// fix writes it.
struct Suggestion
{
  std::string text;
  Aside aside;
};
Suggestion suggest(std::string_view word, const std::vector<std::string_view>& candidates);

} // namespace qicase

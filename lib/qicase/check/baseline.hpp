#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/check/run.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/yaml/loader.hpp>

namespace qicase::check {

// Known findings that `check --baseline FILE` does not fail on (the habit of phpstan and
// detekt; SARIF's baselineState). A finding is known by its file (its path within its case
// repository, check::repo_path(), wherever qicase runs and the baseline lies), case id, rule and
// place in the case by keys and item ids (yaml::item_path): not by line, so editing other
// parts of a case leaves its known findings known. File problems are never baselined.
struct BaselineEntry
{
  std::string file;
  std::string case_id;
  std::string rule;
  std::string item;
  std::size_t count = 1; // the same key this many times (e.g. two reports missing in one item)
  Mark mark;             // where the entry is in the baseline file
};

struct Baseline
{
  std::string path;
  std::vector<BaselineEntry> entries;
};

// Reads a baseline file (what `check --format baseline` prints). Problems go to `diags`
// (rule config.file or config.value); null when the file cannot be used at all.
std::optional<Baseline> read_baseline(const std::string& path, Diagnostics& diags);
// The same, of a baseline's text read elsewhere (`diff`: a revision's, from git).
std::optional<Baseline> parse_baseline(const std::string& path, std::string_view text, Diagnostics& diags);
// A baseline lists findings, a few lines each: 32 MiB holds hundreds of thousands.
inline constexpr yaml::Limits k_baseline_limits{32u << 20, 64, 2'000'000};

// The baseline of `results`: every finding, keyed as above, in a stable order (file, case,
// rule, item), as YAML that read_baseline() reads back.
std::string render_baseline(const std::vector<FileResult>& results);

// Marks each finding of `results` new or unchanged against `baseline` (a key listed N times
// covers N findings; more are new): of every result, or with `root` of that repository's only.
// Returns the entries of the files judged that no finding matched (SARIF: absent); entries of
// files not in the run are not judged.
std::vector<BaselineEntry> apply_baseline(std::vector<FileResult>& results, const Baseline& baseline,
                                          const std::string& root = {});
// Marks every finding known (`check --format baseline`, which writes them all).
void know_all(std::vector<FileResult>& results);

} // namespace qicase::check

// qicase diff OLD NEW | qicase diff REV1 REV2 [PATH...]: what changed in a case between two
// versions that matters to oversight. The versions come from files or, through `git show`, from
// revisions of the repository; the library compares them (lib/qicase/diff).
#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <cli/git.hpp>
#include <cli/revisions.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/text.hpp>
#include <qicase/diff/diff.hpp>
#include <qicase/report/render.hpp>
#include <qicase/yaml/loader.hpp>

namespace qicase::cli {

namespace {

namespace fs = std::filesystem;

struct DiffOptions
{
  std::vector<std::string> operands;
  bool fail_on_unbacked = false;
};

bool yaml_name(std::string_view path)
{
  return path.ends_with(".yaml") || path.ends_with(".yml");
}

// One side to read: a file, or PATH at revision REV (`git show REV:PATH`; PATH from the
// repository root, or from the current folder when it starts with ./ or ../, as git reads it).
struct Source
{
  std::string label;
  std::string file;     // a file on disk, or
  std::string revision; // a revision, with
  std::string path;     // the path git knows
};

class Differ
{
public:
  explicit Differ(Runtime& rt) : m_rt(rt), m_revisions(rt) {}

  Revisions& revisions() { return m_revisions; }
  const std::string& root() { return m_revisions.root(); }

  // The version of `source`, checked; nullopt after a usage error.
  std::optional<diff::Version> read(const Source& source)
  {
    if (source.file == "-") {
      // One version from standard input (e.g. `git show REV:PATH | qicase diff - PATH`), shown
      // and resolved as --stdin-filename says.
      auto doc = m_rt.read_stdin();
      if (!doc) {
        return std::nullopt;
      }
      const std::string label = doc->path;
      return checked(label, std::move(doc));
    }
    if (!source.file.empty()) {
      std::error_code ec;
      if (!fs::exists(source.file, ec)) {
        m_rt.usage_error(fmt::format("{}: no such file", source.file));
        return std::nullopt;
      }
      if (!fs::is_regular_file(source.file, ec)) {
        m_rt.usage_error(fmt::format("{}: not a file: diff compares two case files (for every "
                                     "file under a folder, give two revisions and the folder)",
                                     source.file));
        return std::nullopt;
      }
      return checked(source.label, load_document(source.file));
    }
    if (root().empty()) {
      return std::nullopt;
    }
    // --end-of-options: whatever the revision says, git reads it as a revision, never an option.
    const auto r = git({"show", "--end-of-options", source.revision + ":" + source.path},
                       yaml::Limits{}.max_bytes + 1);
    if (r.status != 0) {
      m_rt.usage_error(fmt::format("{}: {}", source.label, first_line(r.err)));
      return std::nullopt;
    }
    // References resolve in the working tree, from the folder the file has there.
    const bool relative = source.path.starts_with("./") || source.path.starts_with("../");
    const fs::path where = relative ? fs::current_path() / source.path : fs::path(root()) / source.path;
    const auto folder = where.parent_path().lexically_normal().string();
    auto doc = parse_document(source.label, folder, r.out);
    doc->revision_prefix = static_cast<std::uint32_t>(source.revision.size() + 1);
    return checked(source.label, std::move(doc));
  }

private:
  // One version checked through the run every command makes (the repository's policy, calendar
  // and baseline), as diff asks (diff::request).
  std::optional<diff::Version> checked(std::string label, std::shared_ptr<Document> doc)
  {
    const std::string path = doc->path;
    auto result = m_rt.run_document(std::move(doc), diff::request(path));
    if (!result) {
      return std::nullopt;
    }
    return diff::Version{std::move(label), true, std::move(*result)};
  }

  Runtime& m_rt;
  Revisions m_revisions;
};

// OLD or NEW of the two-file form: a file, or REV:PATH.
Source source_of(const std::string& operand)
{
  std::error_code ec;
  const auto colon = operand.find(':');
  if (fs::exists(operand, ec) || colon == std::string::npos || colon == 0) {
    return {operand, operand, {}, {}};
  }
  return {operand, {}, operand.substr(0, colon), operand.substr(colon + 1)};
}

// A revision that git could take for an option (`--output=FILE` writes a file): refused before
// git is run, with the reason; `--end-of-options` guards the git calls as well.
bool option_like(Runtime& rt, const std::string& revision)
{
  if (!revision.starts_with("-")) {
    return false;
  }
  rt.usage_error(fmt::format("`{}`: a revision cannot begin with `-`; name a commit, branch or tag "
                             "(qicase passes no options to git)",
                             utf8_prefix(revision, 80)));
  return true;
}

bool is_revision(const std::string& operand)
{
  std::error_code ec;
  return operand != "-" && !fs::exists(operand, ec) && operand.find(':') == std::string::npos
         && !yaml_name(operand);
}

// Two revisions, or two files: which the operands are, and that they are usable. None: a usage
// error was raised.
std::optional<bool> operands_are_revisions(Runtime& rt, const std::vector<std::string>& ops)
{
  if (ops.size() < 2) {
    rt.usage_error("give two versions: OLD NEW (files or REV:PATH), or REV1 REV2 [PATH...]");
    return std::nullopt;
  }
  const bool revisions = is_revision(ops[0]) && is_revision(ops[1]);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto revision = revisions ? ops[i] : source_of(ops[i]).revision;
    if (option_like(rt, revision)) {
      return std::nullopt;
    }
  }
  if (!revisions && ops.size() > 2) {
    rt.usage_error(fmt::format("`{}`: PATHs follow two revisions (REV1 REV2 PATH...); to compare two "
                               "files give just OLD NEW",
                               ops[2]));
    return std::nullopt;
  }
  return revisions;
}

// REV1 REV2 [PATH...]: both revisions read whole from git, checked as of the same day, and each
// case under the PATHs compared, whichever file changed it. None: git failed (said).
std::optional<Compared> revision_pairs(Differ& differ, const std::vector<std::string>& ops)
{
  auto& revisions = differ.revisions();
  auto before = revisions.at(ops[0]);
  auto after = before ? revisions.at(ops[1]) : std::nullopt;
  if (!after) {
    return std::nullopt;
  }
  return revisions.compare(std::move(*before), std::move(*after), {ops.begin() + 2, ops.end()});
}

// The comparisons, printed in the run's format; the new versions' problems as `check` prints
// them, and exit 1 with --fail-on-unbacked when a move or a replaced document is not backed.
// What the renderers of `diff` take: each case's comparison, as of --as-of.
struct Diffs
{
  const std::vector<diff::Result>& results;
  calendar::Date as_of;
};

constexpr Format<Diffs> k_diff_formats[] = {
  {"text", [](const Diffs& d) { return diff::render_text(d.results, d.as_of); }},
  {"json", [](const Diffs& d) { return diff::to_json(d.results, d.as_of).dump(2) + "\n"; }},
  {"markdown", [](const Diffs& d) { return diff::render_markdown(d.results, d.as_of); }},
};

void print_diffs(Runtime& rt, const DiffOptions& opts, Compared& compared)
{
  // Problems of the new versions of the cases listed are printed (and give exit 1, as `check`
  // would); the old versions' are history, counted in the comparison only.
  auto [results, current] = changes_of(compared);
  rt.finish(current);
  std::size_t unbacked = 0;
  for (const auto& r : results) {
    unbacked += r.unbacked() + r.evidence_changed(); // a move or a replaced document, unbacked
  }
  if (opts.fail_on_unbacked && unbacked > 0) {
    rt.raise(1);
  }
  rt.emit(Formats<Diffs>(k_diff_formats), Diffs{results, rt.as_of()});
}

void run_diff(Runtime& rt, const DiffOptions& opts)
{
  // The configuration of the new version's repository (a file on disk; for revisions, the
  // working tree's, from the PATHs given or the current folder).
  std::vector<std::string> on_disk;
  for (auto it = opts.operands.rbegin(); it != opts.operands.rend(); ++it) {
    const auto source = source_of(*it);
    on_disk.push_back(source.file.empty() ? *it : source.file);
  }
  if (!rt.prepare(formats_of("diff"), on_disk)) {
    return;
  }
  const auto& ops = opts.operands;
  const auto revisions = operands_are_revisions(rt, ops);
  if (!revisions) {
    return;
  }
  Differ differ(rt);
  std::optional<Compared> compared;
  if (*revisions) {
    compared = revision_pairs(differ, ops);
  } else {
    auto before = differ.read(source_of(ops[0]));
    auto after = before ? differ.read(source_of(ops[1])) : std::nullopt;
    if (before && after) {
      compared.emplace();
      compared->pairs.push_back({std::move(*before), std::move(*after), true});
    }
  }
  if (compared) {
    print_diffs(rt, opts, *compared);
  }
}

} // namespace

void setup_diff(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<DiffOptions>();
  cmd
    .add_option("operands", opts->operands,
                "OLD NEW (files, or REV:PATH), or REV1 REV2 [PATH...] (every case file changed)")
    ->required()
    ->type_name("OLD NEW");
  cmd.add_flag("--fail-on-unbacked", opts->fail_on_unbacked,
               "exit 1 when a deadline moved later without an approved extension (4.9A D.3)");
  cmd.callback([&rt, opts] { run_diff(rt, *opts); });
}

} // namespace qicase::cli

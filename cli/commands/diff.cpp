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

// Every case file of one revision: by its path from the repository root, its git object and
// size, and its document.
struct Tree
{
  struct File
  {
    std::string object;
    std::size_t size = 0;
    std::shared_ptr<Document> doc;
  };
  std::map<std::string, File> files;
};

// The case files of one revision that qicase reads at most: a repository of 10,000 case files is
// about 40 MiB.
constexpr std::size_t k_max_revision_bytes = std::size_t{1} << 30;

// A file qicase reads in a revision: .yaml/.yml, no hidden file or folder on its path (as a
// folder walk skips them).
bool readable_name(std::string_view path)
{
  if (!yaml_name(path) || path.starts_with(".") || path.find("/.") != std::string_view::npos) {
    return false;
  }
  return true;
}

class Differ
{
public:
  explicit Differ(Runtime& rt) : m_rt(rt) {}

  // The repository root (git rev-parse --show-toplevel), once; "" with a usage error.
  const std::string& root()
  {
    if (!m_root_asked) {
      m_root_asked = true;
      const auto r = git({"rev-parse", "--show-toplevel"}, 4096);
      if (!r.ran) {
        m_rt.usage_error("git is not installed: revisions need git (files do not)");
      } else if (r.status != 0) {
        m_rt.usage_error(fmt::format("revisions need a git repository: {}", trim(r.err)));
      } else {
        m_root = trim(r.out);
      }
    }
    return m_root;
  }

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
      m_rt.usage_error(fmt::format("{}: {}", source.label, trim(r.err)));
      return std::nullopt;
    }
    // References resolve in the working tree, from the folder the file has there.
    const bool relative = source.path.starts_with("./") || source.path.starts_with("../");
    const fs::path where = relative ? fs::current_path() / source.path : fs::path(root()) / source.path;
    const auto folder = where.parent_path().lexically_normal().string();
    return checked(source.label, parse_document(source.label, folder, r.out));
  }

  // Every file of revision `rev` that qicase may read (.yaml/.yml, no hidden file or folder,
  // none of --exclude or `exclude:`), parsed as at that revision: shown as REV:PATH, placed in the
  // working tree's folders (where the repository's baseline keys it). One git ls-tree, one git
  // cat-file for every file at once. Nullopt after a usage error.
  std::optional<Tree> tree(const std::string& rev)
  {
    if (root().empty()) {
      return std::nullopt;
    }
    const auto listing = git({"ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", rev},
                             256u << 20);
    if (listing.status != 0 || listing.too_large) {
      m_rt.usage_error(
        fmt::format("git ls-tree {}: {}", rev, listing.too_large ? "too many files" : trim(listing.err)));
      return std::nullopt;
    }
    const std::size_t limit = yaml::Limits{}.max_bytes;
    Tree t;
    std::string wanted; // object names for git cat-file, one a line
    std::size_t total = 0;
    for (std::size_t at = 0; at < listing.out.size();) {
      auto end = listing.out.find('\0', at);
      if (end == std::string::npos) {
        end = listing.out.size();
      }
      const std::string_view entry(listing.out.data() + at, end - at);
      at = end + 1;
      // "<mode> blob <object> <size>\t<path>"
      const auto tab = entry.find('\t');
      if (tab == std::string_view::npos) {
        continue;
      }
      const std::string path(entry.substr(tab + 1));
      std::vector<std::string_view> fields;
      for (auto rest = entry.substr(0, tab); !rest.empty();) {
        const auto space = rest.find(' ');
        if (space != 0) {
          fields.push_back(rest.substr(0, space));
        }
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      }
      if (fields.size() != 4 || fields[1] != "blob" || !readable_name(path)
          || check::excluded(path, m_rt.options.exclude)) {
        continue;
      }
      std::size_t size = 0;
      for (char c : fields[3]) {
        size = size * 10 + static_cast<std::size_t>(c >= '0' && c <= '9' ? c - '0' : 0);
      }
      auto& file = t.files[path];
      file.object = std::string(fields[2]);
      file.size = size;
      if (size <= limit) {
        wanted += file.object + "\n";
        total += size + file.object.size() + 32;
      }
    }
    if (total > k_max_revision_bytes) {
      m_rt.usage_error(fmt::format("{}: its case files come to over {} MiB: compare a folder of it "
                                   "(REV1 REV2 PATH...)",
                                   rev, k_max_revision_bytes >> 20));
      return std::nullopt;
    }
    std::map<std::string, std::string_view> blobs;
    const auto contents = wanted.empty() ? GitOutput{true, 0, {}, false, {}}
                                         : git({"cat-file", "--batch"}, total + 1, wanted);
    if (contents.status != 0 || contents.too_large) {
      m_rt.usage_error(fmt::format("git cat-file: {}", trim(contents.err)));
      return std::nullopt;
    }
    // "<object> blob <size>\n<content>\n" for each object asked.
    for (std::size_t at = 0; at < contents.out.size();) {
      const auto line_end = contents.out.find('\n', at);
      if (line_end == std::string::npos) {
        break;
      }
      const std::string_view header(contents.out.data() + at, line_end - at);
      const auto first = header.find(' ');
      const auto second = header.rfind(' ');
      if (first == std::string_view::npos || header.substr(first + 1, second - first - 1) != "blob") {
        at = line_end + 1; // "<object> missing": nothing follows
        continue;
      }
      std::size_t size = 0;
      for (char c : header.substr(second + 1)) {
        size = size * 10 + static_cast<std::size_t>(c >= '0' && c <= '9' ? c - '0' : 0);
      }
      const auto body = line_end + 1;
      if (body + size > contents.out.size()) {
        break;
      }
      blobs.emplace(std::string(header.substr(0, first)), std::string_view(contents.out).substr(body, size));
      at = body + size + 1;
    }
    for (auto& [path, file] : t.files) {
      const auto label = rev + ":" + path;
      const auto folder = (fs::path(root()) / path).parent_path().lexically_normal().string();
      const auto blob = blobs.find(file.object);
      if (file.size > limit || blob == blobs.end()) {
        file.doc = std::make_shared<Document>();
        file.doc->path = label;
        file.doc->folder = folder;
        file.doc->load = Diagnostics(label);
        file.doc->load.error({}, "file.too-large",
                             fmt::format("file is {} bytes, over the {} byte limit: a case file is far "
                                         "smaller; is this the right file?",
                                         file.size, limit));
      } else {
        file.doc = parse_document(label, folder, blob->second);
      }
    }
    return t;
  }

  // The run every command makes (the repository's policy, calendar and baseline) over a whole
  // revision: each file's references resolve among that revision's files, never today's.
  std::optional<std::map<std::string, check::FileResult>> checked(const Tree& t)
  {
    std::vector<std::shared_ptr<Document>> docs;
    for (const auto& [path, file] : t.files) {
      docs.push_back(file.doc);
    }
    auto asked = diff::request("");
    asked.named.clear(); // another tool's YAML is left out, as in a folder `check` walks
    auto run = m_rt.run_documents(std::move(docs), std::move(asked), /*folders=*/false);
    if (!run) {
      return std::nullopt;
    }
    std::map<std::string, check::FileResult> by_label;
    for (auto& r : *run) {
      auto label = r.path;
      by_label.emplace(std::move(label), std::move(r));
    }
    return by_label;
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

  // The first line of what git printed, without the line break.
  static std::string trim(std::string_view s)
  {
    s = qicase::trim(s, " \r\n");
    return std::string(s.substr(0, s.find('\n')));
  }

  Runtime& m_rt;
  bool m_root_asked = false;
  std::string m_root;
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

// Two versions of one case, and whether its file changed between them.
struct Pair
{
  diff::Version before;
  diff::Version after;
  bool file_changed = true;
};
// What `diff` compares: the pairs, and every file changed between two revisions (its label and
// document), what a case whose file did not change may follow from.
struct Compared
{
  std::vector<Pair> pairs;
  std::vector<std::pair<std::string, const Document*>> changed;
  std::vector<Tree> trees; // hold the documents `changed` points into
};

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

// The PATHs of REV1 REV2 PATH... from the repository root ("" for the whole repository).
std::vector<std::string> scope_of(const std::string& root, const std::vector<std::string>& paths)
{
  std::vector<std::string> out;
  for (const auto& p : paths) {
    auto rel = fs::absolute(p).lexically_normal().lexically_relative(root).generic_string();
    if (rel == "." || rel.empty()) {
      return {""};
    }
    while (rel.ends_with("/")) {
      rel.pop_back();
    }
    out.push_back(rel);
  }
  if (out.empty()) {
    out.push_back("");
  }
  return out;
}

bool in_scope(const std::vector<std::string>& scope, const std::string& path)
{
  return std::any_of(scope.begin(), scope.end(), [&](const std::string& s) {
    return s.empty() || path == s || (path.starts_with(s) && path[s.size()] == '/');
  });
}

// REV1 REV2 [PATH...]: both revisions checked whole, as of the same day, and each case under the
// PATHs compared, whichever file changed it: a file changed, added or removed, and a case whose
// own file did not change but whose reading did (a notice whose response was removed). None: git
// failed (said).
std::optional<Compared> revision_pairs(Differ& differ, const std::vector<std::string>& ops)
{
  auto old_tree = differ.tree(ops[0]);
  auto new_tree = old_tree ? differ.tree(ops[1]) : std::nullopt;
  if (!new_tree) {
    return std::nullopt;
  }
  auto old_run = differ.checked(*old_tree);
  auto new_run = old_run ? differ.checked(*new_tree) : std::nullopt;
  if (!new_run) {
    return std::nullopt;
  }
  const auto scope = scope_of(differ.root(), {ops.begin() + 2, ops.end()});
  std::set<std::string> paths;
  for (const auto* t : {&*old_tree, &*new_tree}) {
    for (const auto& [path, file] : t->files) {
      if (in_scope(scope, path)) {
        paths.insert(path);
      }
    }
  }
  // A side's checked version: absent when the file is not in the revision or is not qicase's
  // (other YAML: CI workflows, ...).
  const auto side = [](const Tree& t, std::map<std::string, check::FileResult>& run, const std::string& rev,
                       const std::string& path, const Tree::File*& file) {
    diff::Version v;
    v.label = rev + ":" + path;
    const auto it = t.files.find(path);
    auto found = it == t.files.end() ? run.end() : run.find(v.label);
    file = it == t.files.end() ? nullptr : &it->second;
    v.exists = found != run.end();
    if (v.exists) {
      v.result = std::move(found->second);
    }
    return v;
  };
  Compared out;
  for (const auto& path : paths) {
    const Tree::File* old_file = nullptr;
    const Tree::File* new_file = nullptr;
    auto before = side(*old_tree, *old_run, ops[0], path, old_file);
    auto after = side(*new_tree, *new_run, ops[1], path, new_file);
    if (!before.exists && !after.exists) {
      continue;
    }
    const bool unchanged = old_file != nullptr && new_file != nullptr && old_file->object == new_file->object;
    if (!unchanged) {
      const auto* doc = after.exists ? after.result.doc.get() : before.result.doc.get();
      out.changed.emplace_back(after.exists ? after.label : before.label, doc);
    }
    out.pairs.push_back({std::move(before), std::move(after), !unchanged});
  }
  // The changed files outside the PATHs change the cases inside them too.
  for (const auto& [path, file] : new_tree->files) {
    const auto old_file = old_tree->files.find(path);
    if (!in_scope(scope, path)
        && (old_file == old_tree->files.end() || old_file->second.object != file.object)) {
      out.changed.emplace_back(ops[1] + ":" + path, file.doc.get());
    }
  }
  for (const auto& [path, file] : old_tree->files) {
    if (!in_scope(scope, path) && new_tree->files.count(path) == 0) {
      out.changed.emplace_back(ops[0] + ":" + path, file.doc.get());
    }
  }
  out.trees = {std::move(*old_tree), std::move(*new_tree)};
  return out;
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
  std::vector<check::FileResult> current;
  std::vector<diff::Result> results;
  for (auto& [before, after, file_changed] : compared.pairs) {
    auto r = diff::compare(before, after);
    if (!file_changed) {
      if (r.changes.empty()) {
        continue; // neither its file nor its reading changed
      }
      r.file_changed = false;
      for (const auto& [label, doc] : compared.changed) {
        if (doc != nullptr && diff::related(*after.result.doc, *doc)) {
          r.follows_from.push_back(label);
        }
      }
    }
    results.push_back(std::move(r));
    if (after.exists) {
      current.push_back(std::move(after.result));
    }
  }
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

#include <cli/revisions.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include <cli/git.hpp>
#include <qicase/check/baseline.hpp>
#include <qicase/core/file.hpp>
#include <qicase/core/parallel.hpp>
#include <qicase/core/sha256.hpp>
#include <qicase/core/text.hpp>
#include <qicase/yaml/loader.hpp>

namespace qicase::cli {

namespace {

namespace fs = std::filesystem;

// The case files of one version that qicase reads at most: a repository of 10,000 case files is
// about 40 MiB.
constexpr std::size_t k_max_version_bytes = std::size_t{1} << 30;

// A file of a revision that a folder walk of the repository would read (check::collect_paths):
// a case file name, in no hidden folder, neither it nor a folder above it excluded.
bool walked(std::string_view path, const std::vector<std::string>& exclude)
{
  const auto slash = path.rfind('/');
  if (!is_case_file_name(slash == std::string_view::npos ? path : path.substr(slash + 1))
      || path.starts_with(".") || path.find("/.") != std::string_view::npos) {
    return false;
  }
  for (auto end = path.find('/'); end != std::string_view::npos; end = path.find('/', end + 1)) {
    if (check::excluded(path.substr(0, end), exclude)) {
      return false; // a folder the walk leaves out
    }
  }
  return !check::excluded(path, exclude);
}

std::size_t decimal(std::string_view digits)
{
  std::size_t n = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9' || n > (std::size_t{1} << 50)) {
      break;
    }
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

// A file over the per-file limit: a document that says so, as loading it from disk would.
std::shared_ptr<Document> too_large(const std::string& label, const std::string& folder, std::size_t size)
{
  auto doc = std::make_shared<Document>();
  doc->path = label;
  doc->folder = folder;
  doc->load = Diagnostics(label);
  yaml::too_large(doc->load, size);
  return doc;
}

// One entry of `git ls-tree -r -z -l`: "<mode> blob <object> <size>\t<path>".
struct Listed
{
  std::string path;
  std::string object;
  std::size_t size = 0;
};

std::vector<Listed> listed(std::string_view out)
{
  std::vector<Listed> files;
  for (std::size_t at = 0; at < out.size();) {
    auto end = out.find('\0', at);
    if (end == std::string_view::npos) {
      end = out.size();
    }
    const auto entry = out.substr(at, end - at);
    at = end + 1;
    const auto tab = entry.find('\t');
    if (tab == std::string_view::npos) {
      continue;
    }
    std::vector<std::string_view> fields;
    for (auto rest = entry.substr(0, tab); !rest.empty() && fields.size() < 5;) {
      const auto space = rest.find(' ');
      if (space != 0) {
        fields.push_back(rest.substr(0, space));
      }
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    // A blob, not a symbolic link (mode 120000: its content is a path, not a case file).
    if (fields.size() == 4 && fields[1] == "blob" && fields[0] != "120000") {
      files.push_back({std::string(entry.substr(tab + 1)), std::string(fields[2]), decimal(fields[3])});
    }
  }
  return files;
}

// `git cat-file --batch` output: "<object> blob <size>\n<content>\n" for each object asked.
std::map<std::string, std::string_view> blobs_of(std::string_view out)
{
  std::map<std::string, std::string_view> blobs;
  for (std::size_t at = 0; at < out.size();) {
    const auto line_end = out.find('\n', at);
    if (line_end == std::string_view::npos) {
      break;
    }
    const auto header = out.substr(at, line_end - at);
    const auto first = header.find(' ');
    const auto second = header.rfind(' ');
    if (first == std::string_view::npos || header.substr(first + 1, second - first - 1) != "blob") {
      at = line_end + 1; // "<object> missing": nothing follows
      continue;
    }
    const auto size = decimal(header.substr(second + 1));
    const auto body = line_end + 1;
    if (body + size > out.size()) {
      break;
    }
    blobs.emplace(std::string(header.substr(0, first)), out.substr(body, size));
    at = body + size + 1;
  }
  return blobs;
}

// The paths asked for, from the repository root ("" for the whole repository); nullopt with a
// usage error for one outside it.
std::optional<std::vector<std::string>> scope_of(Runtime& rt, const std::string& root,
                                                 const std::vector<std::string>& paths)
{
  std::vector<std::string> out;
  for (const auto& p : paths) {
    auto rel = fs::absolute(p).lexically_normal().lexically_relative(root).generic_string();
    if (rel == "." || rel.empty()) {
      return std::vector<std::string>{""};
    }
    if (rel == ".." || rel.starts_with("../")) {
      rt.usage_error(fmt::format("{}: outside the repository ({})", escape_line(p), escape_line(root)));
      return std::nullopt;
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

// Whether a file is the same in two versions (a file that could not be read never is).
bool same(const Tree::File& a, const Tree::File& b)
{
  return !a.digest.empty() && a.digest == b.digest;
}

} // namespace

std::string first_line(std::string_view s)
{
  s = qicase::trim(s, " \r\n");
  return std::string(s.substr(0, s.find('\n')));
}

const std::string& Revisions::root()
{
  if (!m_root_asked) {
    m_root_asked = true;
    const auto r = git({"rev-parse", "--show-toplevel"}, 4096);
    if (!r.ran) {
      m_rt.usage_error("git is not installed: revisions need git (files do not)");
    } else if (r.status != 0) {
      m_rt.usage_error(fmt::format("revisions need a git repository: {}", first_line(r.err)));
    } else {
      m_root = first_line(r.out);
    }
  }
  return m_root;
}

std::optional<Tree> Revisions::at(const std::string& rev)
{
  if (root().empty()) {
    return std::nullopt;
  }
  // --end-of-options: whatever the revision says, git reads it as a revision, never an option.
  const auto listing = git({"ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", rev}, 256u << 20);
  if (listing.status != 0 || listing.too_large) {
    m_rt.usage_error(
      fmt::format("git ls-tree {}: {}", rev, listing.too_large ? "too many files" : first_line(listing.err)));
    return std::nullopt;
  }
  const std::size_t limit = yaml::Limits{}.max_bytes;
  std::vector<Listed> files;
  std::string wanted; // object names for git cat-file, one a line
  std::size_t total = 0;
  for (auto& f : listed(listing.out)) {
    if (!walked(f.path, m_rt.options.exclude)) {
      continue;
    }
    if (f.size <= limit) {
      wanted += f.object + "\n";
      total += f.size + f.object.size() + 32;
    }
    files.push_back(std::move(f));
  }
  if (total > k_max_version_bytes) {
    m_rt.usage_error(fmt::format("{}: its case files come to over {} MiB: compare a folder of it "
                                 "(REV1 REV2 PATH...)",
                                 rev, k_max_version_bytes >> 20));
    return std::nullopt;
  }
  const auto contents = wanted.empty() ? GitOutput{true, 0, {}, false, {}}
                                       : git({"cat-file", "--batch"}, total + 1, wanted);
  if (contents.status != 0 || contents.too_large) {
    m_rt.usage_error(fmt::format("git cat-file: {}", first_line(contents.err)));
    return std::nullopt;
  }
  const auto blobs = blobs_of(contents.out);
  Tree t;
  t.name = rev;
  for (const auto& f : files) {
    auto& file = t.files[f.path];
    file.label = rev + ":" + f.path;
    file.folder = (fs::path(root()) / f.path).parent_path().lexically_normal().string();
    file.size = f.size;
    const auto blob = blobs.find(f.object);
    if (f.size > limit || blob == blobs.end()) {
      file.too_large = true;
      file.digest = f.object;
    } else {
      file.text = std::string(blob->second);
      file.digest = sha256_hex(file.text);
    }
  }
  t.settings = settings_at(rev);
  if (!t.settings) {
    return std::nullopt;
  }
  return t;
}

std::shared_ptr<const Runtime::Settings> Revisions::settings_at(const std::string& rev)
{
  // The .qicase.yaml that applies is the one at the place of the working tree's (the nearest to
  // the paths given), else the repository root's; a revision without one has the defaults.
  const auto& here = m_rt.config();
  const auto where = here.path.empty() ? (fs::path(root()) / ".qicase.yaml").string() : here.path;
  const auto show = [&](const std::string& absolute, std::size_t limit) {
    const auto rel = fs::path(absolute).lexically_normal().lexically_relative(root()).generic_string();
    return std::make_pair(rev + ":" + rel, git({"show", "--end-of-options", rev + ":" + rel}, limit));
  };
  auto settings = std::make_shared<Runtime::Settings>();
  const auto [label, config] = show(where, (64u << 10) + 1);
  if (config.status != 0) {
    return settings; // none in this revision
  }
  Diagnostics diags;
  settings->config = parse_config(where, label, config.out, diags);
  if (!m_rt.configuration_usable(diags)) {
    return nullptr;
  }
  if (settings->config.baseline) {
    const auto [baseline_label, text] = show(absolute_path(settings->config.baseline->value),
                                             check::k_baseline_limits.max_bytes + 1);
    if (text.status != 0) {
      m_rt.usage_error(
        fmt::format("{}: the baseline its .qicase.yaml names is not in the revision", baseline_label));
      return nullptr;
    }
    Diagnostics baseline_problems(baseline_label);
    settings->baseline = check::parse_baseline(baseline_label, text.out, baseline_problems);
    if (!m_rt.configuration_usable(baseline_problems) || !settings->baseline) {
      m_rt.raise(2); // a baseline that cannot be used: nothing was compared
      return nullptr;
    }
  }
  return settings;
}

std::optional<Tree> Revisions::working_tree()
{
  if (root().empty()) {
    return std::nullopt;
  }
  const auto collected = check::collect_paths({root()}, m_rt.options.exclude);
  const std::size_t limit = yaml::Limits{}.max_bytes;
  Tree t;
  std::size_t total = 0;
  for (const auto& shown : collected.files) {
    const auto absolute = absolute_path(shown);
    auto& file = t.files[fs::path(absolute).lexically_relative(root()).generic_string()];
    file.label = shown;
    file.folder = fs::path(absolute).parent_path().string();
    auto read = read_file(absolute, limit, /*regular_only=*/true);
    if (read.too_large || !read.error.empty()) {
      file.too_large = read.too_large;
      file.size = limit + 1;
      file.doc = read.too_large ? nullptr : load_document(shown); // says why it cannot be read
      continue;
    }
    total += read.text.size();
    if (total > k_max_version_bytes) {
      m_rt.usage_error(
        fmt::format("the working tree's case files come to over {} MiB", k_max_version_bytes >> 20));
      return std::nullopt;
    }
    file.size = read.text.size();
    file.text = std::move(read.text);
    file.digest = sha256_hex(file.text);
  }
  return t;
}

void Revisions::parse(Tree& t, const Tree& other)
{
  std::vector<std::pair<const std::string*, Tree::File*>> files;
  files.reserve(t.files.size());
  for (auto& [path, file] : t.files) {
    if (file.doc == nullptr) {
      files.emplace_back(&path, &file);
    }
  }
  parallel_for(files.size(), m_rt.threads(), [&](std::size_t i) {
    auto& file = *files[i].second;
    if (file.too_large) {
      file.doc = too_large(file.label, file.folder, file.size);
    } else {
      // A file the same in both versions is only ever compared by its results: kept packed, as
      // `check` keeps it, its tree freed once checked. A changed one keeps its tree, whose lists
      // are compared.
      const auto it = other.files.find(*files[i].first);
      file.doc = parse_document(file.label, file.folder, file.text, {},
                                it != other.files.end() && same(file, it->second));
    }
    file.doc->revision_prefix = t.name.empty() ? 0 : static_cast<std::uint32_t>(t.name.size() + 1);
  });
}

std::optional<std::map<std::string, check::FileResult>> Revisions::checked(const Tree& t)
{
  std::vector<std::shared_ptr<Document>> docs;
  docs.reserve(t.files.size());
  for (const auto& [path, file] : t.files) {
    docs.push_back(file.doc);
  }
  auto asked = diff::request("");
  asked.named.clear(); // another tool's YAML is left out, as in a folder `check` walks
  auto run = m_rt.run_documents(std::move(docs), std::move(asked), /*folders=*/false, t.settings.get());
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

std::optional<Compared> Revisions::compare(Tree before, Tree after, const std::vector<std::string>& paths)
{
  parse(before, after);
  parse(after, before);
  for (auto* t : {&before, &after}) {
    for (auto& [path, file] : t->files) {
      std::string().swap(file.text); // parsed: the content is no longer needed
    }
  }
  auto old_run = checked(before);
  auto new_run = old_run ? checked(after) : std::nullopt;
  if (!new_run) {
    return std::nullopt;
  }
  const auto scope = scope_of(m_rt, root(), paths);
  if (!scope) {
    return std::nullopt;
  }
  std::set<std::string> in;
  for (const auto* t : {&before, &after}) {
    for (const auto& [path, file] : t->files) {
      if (in_scope(*scope, path)) {
        in.insert(path);
      }
    }
  }
  // A side's checked version: absent when the file is not in the version or is not qicase's
  // (other YAML: CI workflows, ...).
  const auto side = [](const Tree& t, std::map<std::string, check::FileResult>& run, const std::string& path,
                       const Tree::File*& file) {
    diff::Version v;
    const auto it = t.files.find(path);
    file = it == t.files.end() ? nullptr : &it->second;
    v.label = file != nullptr ? file->doc->path : t.name.empty() ? path : t.name + ":" + path;
    auto found = file == nullptr ? run.end() : run.find(v.label);
    v.exists = found != run.end();
    if (v.exists) {
      v.result = std::move(found->second);
      run.erase(found); // held once: in the pair, not also by the run
    }
    return v;
  };
  Compared out;
  out.pairs.reserve(in.size()); // 10,000 pairs of results are never moved to a larger vector
  for (const auto& path : in) {
    const Tree::File* old_file = nullptr;
    const Tree::File* new_file = nullptr;
    auto was = side(before, *old_run, path, old_file);
    auto is = side(after, *new_run, path, new_file);
    if (!was.exists && !is.exists) {
      continue;
    }
    const bool unchanged = old_file != nullptr && new_file != nullptr && same(*old_file, *new_file);
    out.pairs.push_back({std::move(was), std::move(is), !unchanged});
  }
  // Every file changed, within the paths or not: a case inside may follow from one outside.
  for (const auto& [path, file] : after.files) {
    const auto old_file = before.files.find(path);
    if (old_file == before.files.end() || !same(old_file->second, file)) {
      out.changed.emplace_back(file.doc->path, file.doc.get());
    }
  }
  for (const auto& [path, file] : before.files) {
    if (after.files.count(path) == 0) {
      out.changed.emplace_back(file.doc->path, file.doc.get());
    }
  }
  out.trees.push_back(std::move(before));
  out.trees.push_back(std::move(after));
  return out;
}

Changes changes_of(Compared& compared)
{
  Changes out;
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
    out.results.push_back(std::move(r));
    if (after.exists) {
      out.current.push_back(std::move(after.result));
    }
  }
  return out;
}

} // namespace qicase::cli

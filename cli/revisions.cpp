#include <cli/revisions.hpp>

#include <algorithm>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <any>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

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

// Whether a file is the same in two versions (a file that could not be hashed never is).
bool same(const Tree::File& a, const Tree::File& b)
{
  return a.digest_size != 0 && a.digest_size == b.digest_size && a.digest == b.digest;
}

// A git object name (40 or 64 hex digits) into `file`'s digest; false for anything else.
bool set_digest(Tree::File& file, std::string_view hex)
{
  const auto size = hex.size() / 2;
  file.digest_size = (hex.size() == 40 || hex.size() == 64)
                         && hex_bytes(hex, std::span(file.digest).first(size))
                       ? static_cast<unsigned char>(size)
                       : 0;
  return file.digest_size != 0;
}

} // namespace

std::string Tree::File::object() const
{
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < digest_size; ++i) {
    hex += k_hex[digest[i] >> 4];
    hex += k_hex[digest[i] & 15];
  }
  return hex;
}

std::string Tree::label(const std::string& path) const
{
  if (!name.empty()) {
    return name + ":" + path;
  }
  const auto it = files.find(path);
  return it != files.end() ? it->second.shown : path;
}

std::string Tree::folder(const std::string& path) const
{
  return (fs::path(root) / path).parent_path().lexically_normal().string();
}

void give_back_freed_memory()
{
#if defined(__GLIBC__)
  malloc_trim(0); // also the free pages inside each thread's arena, which another thread would not reuse
#endif
}

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
  auto t = files_at(rev);
  if (t) {
    t->settings = settings_at(rev);
    if (!t->settings) {
      return std::nullopt;
    }
  }
  return t;
}

std::optional<Tree> Revisions::files_at(const std::string& rev)
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
  Tree t;
  t.name = rev;
  t.root = root();
  std::size_t total = 0;
  for (auto& f : listed(listing.out)) {
    if (!walked(f.path, m_rt.options.exclude)) {
      continue;
    }
    total += f.size <= limit ? f.size : 0;
    auto& file = t.files[f.path];
    file.size = f.size;
    const bool named = set_digest(file, f.object); // its content is read from git when parsed
    file.too_large = f.size > limit || !named;
  }
  if (total > k_max_version_bytes) {
    m_rt.usage_error(fmt::format("{}: its case files come to over {} MiB: compare a folder of it "
                                 "(REV1 REV2 PATH...)",
                                 rev, k_max_version_bytes >> 20));
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
  t.root = root();
  std::size_t total = 0;
  std::string paths; // for git hash-object, one a line
  std::vector<Tree::File*> hashed;
  for (const auto& shown : collected.files) {
    const auto absolute = absolute_path(shown);
    auto& file = t.files[fs::path(absolute).lexically_relative(root()).generic_string()];
    file.shown = shown;
    std::error_code ec;
    const auto status = fs::status(absolute, ec);
    const auto size = ec || !fs::is_regular_file(status) ? 0 : fs::file_size(absolute, ec);
    if (ec || !fs::is_regular_file(status) || size > limit) {
      file.too_large = !ec && size > limit;
      file.size = limit + 1;
      file.doc = file.too_large ? nullptr : load_document(shown); // says why it cannot be read
      continue;
    }
    total += static_cast<std::size_t>(size);
    if (total > k_max_version_bytes) {
      m_rt.usage_error(
        fmt::format("the working tree's case files come to over {} MiB", k_max_version_bytes >> 20));
      return std::nullopt;
    }
    file.size = static_cast<std::size_t>(size);
    if (absolute.find('\n') == std::string::npos) { // else no digest: compared as changed
      paths += absolute + "\n";
      hashed.push_back(&file);
    }
  }
  // Each file's git object name, as a revision's listing gives it (its bytes as they are, no
  // filter: the same text gives the same name), so that a file is compared with its version in
  // a revision without reading either. Its content is read again when it is parsed.
  if (!hashed.empty()) {
    const auto names = git({"hash-object", "--no-filters", "--stdin-paths"}, hashed.size() * 80 + 1, paths);
    std::size_t at = 0;
    for (auto* file : hashed) {
      const auto end = names.out.find('\n', at);
      if (names.status != 0 || end == std::string::npos) {
        break; // left without a digest: compared as changed
      }
      set_digest(*file, std::string_view(names.out).substr(at, end - at));
      at = end + 1;
    }
  }
  return t;
}

void Revisions::parse(Tree& t, bool changed_only)
{
  struct ToParse
  {
    const std::string* path;
    Tree::File* file;
    bool unchanged; // the same in `other`
  };
  std::vector<ToParse> files;
  for (auto& [path, file] : t.files) {
    if (file.doc == nullptr && !(changed_only && file.same)) {
      files.push_back({&path, &file, file.same});
    }
  }
  // A revision's files are read from git a batch at a time, each batch's output freed once its
  // files are parsed: a version of 10,000 files is never held as text whole.
  constexpr std::size_t k_batch_bytes = std::size_t{1} << 20;
  for (std::size_t first = 0; first < files.size();) {
    std::size_t last = first;
    std::size_t bytes = 0;
    std::string wanted;
    for (; last < files.size() && (last == first || bytes < k_batch_bytes); ++last) {
      const auto& file = *files[last].file;
      if (!t.name.empty() && !file.too_large) {
        wanted += file.object() + "\n";
        bytes += file.size + 2 * file.digest_size + 32;
      }
    }
    const auto contents = wanted.empty() ? GitOutput{}
                                         : git({"cat-file", "--batch"}, bytes + 1, wanted, bytes);
    const auto blobs = blobs_of(contents.out);
    parallel_for(last - first, m_rt.threads(), [&](std::size_t i) {
      const auto& [path, file, unchanged] = files[first + i];
      const auto label = t.label(*path);
      if (file->too_large) {
        file->doc = too_large(label, t.folder(*path), file->size);
      } else if (t.name.empty()) {
        // A file the same in both versions is only ever compared by its results: kept packed,
        // as `check` keeps it, its tree freed once checked. A changed one keeps its tree, whose
        // lists are compared.
        file->doc = load_document(label, {}, unchanged);
      } else {
        const auto blob = blobs.find(file->object());
        file->doc = blob == blobs.end() ? too_large(label, t.folder(*path), file->size)
                                        : parse_document(label, t.folder(*path), blob->second, {}, unchanged);
      }
      file->doc->revision_prefix = t.name.empty() ? 0 : static_cast<std::uint32_t>(t.name.size() + 1);
    });
    first = last;
  }
}

std::optional<std::map<std::string, check::FileResult>> Revisions::checked(const Tree& t,
                                                                           const check::Settle& settle)
{
  std::vector<std::shared_ptr<Document>> docs;
  docs.reserve(t.files.size());
  for (const auto& [path, file] : t.files) {
    docs.push_back(file.doc);
  }
  auto asked = diff::request("");
  asked.named.clear(); // another tool's YAML is left out, as in a folder `check` walks
  auto run = m_rt.run_documents(std::move(docs), std::move(asked), /*folders=*/false, t.settings.get(),
                                settle);
  if (!run) {
    return std::nullopt;
  }
  std::map<std::string, check::FileResult> by_label;
  for (auto& r : *run) {
    if (r.doc != nullptr) { // not emptied by `settle`
      auto label = r.path;
      by_label.emplace(std::move(label), std::move(r));
    }
  }
  return by_label;
}

namespace {

// What a version's run keeps of a file's result (check::Settle), decided before the run.
enum class Keep : unsigned char {
  none,   // out of the paths asked for: nothing
  whole,  // its file changed, or the change of a file it relates to may change its reading
  digest, // unchanged and unrelated to any change: the digest of its reading, in its Tree::File
};

// A file of a version about to be checked: its entry, and what its run keeps.
struct Planned
{
  Tree::File* file = nullptr;
  Keep keep = Keep::none;
};
// Every file of a version, by its document (what the run's results name).
using Plan = std::unordered_map<const Document*, Planned>;

Planned planned(const Plan& plan, const check::FileResult& r)
{
  const auto it = plan.find(r.doc.get());
  return it == plan.end() ? Planned{} : it->second;
}

// The result of a file the run keeps nothing of, emptied as soon as it is made (its reading,
// findings and document freed while the run goes on); Revisions::checked leaves it out.
void empty(check::FileResult& r)
{
  r = check::FileResult();
}

// What a version's run does with each result as it is made (check::Settle), by `plan`: a case
// kept whole stays; of one kept as a digest, `digested(entry, digest)` keeps what it needs in the
// file's entry (its own: no other thread writes it) and says whether the result may go; the
// others' results are emptied.
template <class Digested> check::Settle settle(const Plan& plan, Digested digested)
{
  return [&plan, digested](check::FileResult& r) {
    const auto p = planned(plan, r);
    if (p.keep == Keep::whole || (p.keep == Keep::digest && !digested(*p.file, diff::reading_digest(r)))) {
      return;
    }
    empty(r);
  };
}

} // namespace

std::optional<Compared> Revisions::compare(Tree before, Tree after, const std::vector<std::string>& paths)
{
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
  for (auto& [path, file] : after.files) {
    const auto it = before.files.find(path);
    if (it != before.files.end() && same(file, it->second)) {
      file.same = it->second.same = true;
    }
  }
  // The changed files of both versions are read first: which unchanged cases they name, or are
  // named by (diff::related), decides which readings may change and are kept whole.
  parse(before, /*changed_only=*/true);
  parse(after, /*changed_only=*/true);
  std::set<std::string, std::less<>> changed_ids;
  std::set<std::string, std::less<>> named_by_changed;
  for (const auto* t : {&before, &after}) {
    for (const auto& [path, file] : t->files) {
      if (!file.same) {
        if (!file.doc->id.empty()) {
          changed_ids.insert(file.doc->id);
        }
        named_by_changed.insert(std::string(file.doc->field("notice")));
        named_by_changed.insert(std::string(file.doc->field("previous")));
        named_by_changed.insert(std::string(file.doc->field("delegate")));
      }
    }
  }
  named_by_changed.erase("");
  const auto near_change = [&](const Document& d) {
    return (!d.id.empty() && named_by_changed.count(d.id) != 0) || changed_ids.count(d.field("notice")) != 0
           || changed_ids.count(d.field("previous")) != 0 || changed_ids.count(d.field("delegate")) != 0;
  };

  // The old version: of a case whose reading cannot have changed (its file is the same, and no
  // changed file names it or is named by it), only the digest of its reading is kept.
  parse(before, /*changed_only=*/false);
  Plan plan;
  for (auto& [path, file] : before.files) {
    const auto keep = in.count(path) == 0                    ? Keep::none
                      : !file.same || near_change(*file.doc) ? Keep::whole
                                                             : Keep::digest;
    plan[file.doc.get()] = {&file, keep};
  }
  auto old_run = checked(before, settle(plan, [](Tree::File& file, std::string_view digest) {
                           file.has_reading = hex_bytes(digest, file.reading);
                           return true;
                         }));
  if (!old_run) {
    return std::nullopt;
  }
  plan.clear();
  // An unchanged file of the old version is no longer needed: its digest goes to its new
  // version's entry (a result kept whole holds its own document). The entries of a working tree
  // would stay, as its labels are read from them, but no command compares from the working tree.
  for (auto it = before.files.begin(); it != before.files.end();) {
    if (it->second.same) {
      auto& now = after.files.at(it->first);
      now.reading = it->second.reading;
      now.has_reading = it->second.has_reading;
      it->second.doc.reset();
    }
    it = it->second.same && !before.name.empty() ? before.files.erase(it) : std::next(it);
  }
  // The old version's documents and results are freed: their pages go back before the new
  // version is read, so that the two runs' peaks do not add up.
  give_back_freed_memory();

  // The new version: an unchanged case whose reading's digest is the old one's compares with no
  // change, and is not kept.
  parse(after, /*changed_only=*/false);
  for (auto& [path, file] : after.files) {
    const auto keep = in.count(path) == 0 ? Keep::none : file.has_reading ? Keep::digest : Keep::whole;
    plan[file.doc.get()] = {&file, keep};
  }
  auto new_run = checked(after, settle(plan, [](Tree::File& file, std::string_view digest) {
                           std::array<unsigned char, 32> now{};
                           if (!hex_bytes(digest, now) || now != file.reading) {
                             return false; // kept whole: its old version is read again (check_again)
                           }
                           file.same_reading = true;
                           return true;
                         }));
  if (!new_run) {
    return std::nullopt;
  }
  plan.clear();

  // A side's checked version: absent when the file is not in the version or is not qicase's
  // (other YAML: CI workflows, ...).
  const auto side = [](const Tree& t, std::map<std::string, check::FileResult>& run,
                       const std::string& path) {
    diff::Version v;
    v.label = t.label(path);
    const auto found = run.find(v.label);
    v.exists = found != run.end();
    if (v.exists) {
      v.result = std::move(found->second);
      run.erase(found); // held once: in the pair, not also by the run
    }
    return v;
  };
  Compared out;
  std::map<std::string, std::size_t> reread; // old versions kept as a digest whose reading changed
  for (const auto& path : in) {
    const auto now = after.files.find(path);
    const bool unchanged = now != after.files.end() && now->second.same;
    if (unchanged && now->second.same_reading) {
      continue; // neither its file nor its reading changed
    }
    auto was = side(before, *old_run, path);
    auto is = side(after, *new_run, path);
    const bool digest_only = unchanged && now->second.has_reading;
    if (!was.exists && !is.exists && !digest_only) {
      continue;
    }
    if (digest_only) {
      was.exists = true;
      reread.emplace(was.label, out.pairs.size());
    }
    out.pairs.push_back({std::move(was), std::move(is), !unchanged});
  }
  old_run.reset();
  new_run.reset();
  if (!reread.empty() && !check_again(before, after, reread, out.pairs)) {
    return std::nullopt;
  }
  // Every file changed, within the paths or not: a case inside may follow from one outside.
  for (const auto& [path, file] : after.files) {
    if (!file.same) {
      out.changed.emplace_back(after.label(path), file.doc.get());
    }
  }
  for (const auto& [path, file] : before.files) {
    if (after.files.count(path) == 0) {
      out.changed.emplace_back(before.label(path), file.doc.get());
    }
  }
  out.trees.push_back(std::move(before));
  out.trees.push_back(std::move(after));
  return out;
}

bool Revisions::check_again(const Tree& before, const Tree& after,
                            const std::map<std::string, std::size_t>& reread, std::vector<Pair>& pairs)
{
  // Read again as it was read the first time: the same files (from git, or from disk), the same
  // settings; kept whole this time, only the cases asked for.
  auto again = before.name.empty() ? working_tree() : files_at(before.name);
  if (!again) {
    return false;
  }
  again->settings = before.settings;
  for (auto& [path, file] : again->files) {
    const auto now = after.files.find(path);
    file.same = now != after.files.end() && now->second.same;
  }
  parse(*again, /*changed_only=*/false);
  auto run = checked(*again, [&](check::FileResult& r) {
    if (reread.count(r.path) == 0) {
      empty(r);
    }
  });
  if (!run) {
    return false;
  }
  for (const auto& [label, index] : reread) {
    const auto found = run->find(label);
    auto& was = pairs[index].before;
    was.exists = found != run->end();
    was.result = was.exists ? std::move(found->second) : check::FileResult();
  }
  return true;
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

#include <qicase/check/run.hpp>

#include <qicase/core/rules.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include <qicase/check/kinds.hpp>
#include <qicase/core/file.hpp>
#include <qicase/core/findings.hpp>
#include <qicase/core/parallel.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::check {

namespace fs = std::filesystem;

namespace {

// The root of the case repository `folder` is in (the nearest folder up holding .git or
// .qicase.yaml), absolute; "" when there is none.
std::string repository_root(const std::string& folder)
{
  std::error_code ec;
  fs::path p = fs::absolute(folder, ec).lexically_normal();
  if (ec) {
    return {};
  }
  if (!p.has_filename()) {
    p = p.parent_path(); // "/r/cases/" -> "/r/cases"
  }
  for (int guard = 0; guard < 256; ++guard) {
    std::error_code probe; // a missing entry is no error here
    if (fs::exists(fs::symlink_status(p / ".git", probe))
        || fs::exists(fs::symlink_status(p / ".qicase.yaml", probe))) {
      return p.string();
    }
    if (!p.has_parent_path() || p.parent_path() == p) {
      break;
    }
    p = p.parent_path();
  }
  return {};
}

// What a walk keeps, and the exclude patterns that left something out (for -v).
struct Walk
{
  Collected& out;
  const std::vector<std::string>& exclude;
  std::vector<unsigned char>& used;
};

// `shown`: the folder as paths under it are shown, normalised once ("" for "."); `rel`: the same
// folder from the repository's root, what exclude patterns are matched against.
void walk(const std::string& folder, const std::string& shown, const std::string& rel, Walk& w, int depth)
{
  if (depth > 64) {
    w.out.too_deep.push_back(shown); // bounded: said, not followed
    return;
  }
  for (const auto& entry : list_folder(folder)) {
    if (entry.name[0] == '.') {
      continue;
    }
    std::string path = join_path(shown, entry.name);
    std::string in_repo = join_path(rel, entry.name);
    if (!w.exclude.empty() && (entry.folder || entry.file)) {
      if (const auto which = excluded_by(in_repo, w.exclude)) {
        w.used[*which] = 1;
        continue;
      }
    }
    if (entry.folder) { // not a link to one: no loops
      walk(join_path(folder, entry.name), path, in_repo, w, depth + 1);
    } else if (entry.file && is_case_file_name(entry.name)) {
      w.out.files.push_back(std::move(path));
    }
  }
}

void walk(const std::string& folder, Collected& out, const std::vector<std::string>& exclude,
          std::vector<unsigned char>& used)
{
  std::string shown = fs::path(folder).lexically_normal().string(); // "./x/" -> "x/"
  if (shown == "." || shown == "./") {
    shown.clear();
  }
  // Exclude patterns name paths from the repository's root, wherever qicase runs.
  std::string rel = shown;
  if (!exclude.empty()) {
    if (const auto root = repository_root(folder); !root.empty()) {
      std::error_code ec;
      auto here = fs::absolute(folder, ec).lexically_normal();
      if (!here.has_filename()) {
        here = here.parent_path();
      }
      rel = here.lexically_relative(root).generic_string();
      if (rel == ".") {
        rel.clear();
      }
    }
  }
  Walk w{out, exclude, used};
  walk(folder, shown, rel, w, 0);
}

// The files a glob names: the folder before its first glob character walked, each file kept
// when its shown path matches the whole pattern.
void expand(const std::string& pattern, Collected& out, const std::vector<std::string>& exclude,
            std::vector<unsigned char>& used)
{
  const auto glob = pattern.find_first_of("*?[");
  const auto slash = pattern.rfind('/', glob);
  const std::string base = slash == std::string::npos ? "." : pattern.substr(0, slash == 0 ? 1 : slash);
  Collected found;
  std::error_code ec;
  if (fs::is_directory(base, ec)) {
    walk(base, found, exclude, used);
  }
  const std::string normal = fs::path(pattern).lexically_normal().string();
  for (auto& f : found.files) {
    if (glob_match(normal, f)) {
      out.files.push_back(std::move(f));
    }
  }
  out.too_deep.insert(out.too_deep.end(), found.too_deep.begin(), found.too_deep.end());
}

FileResult path_problem(const std::string& path, std::string rule, std::string message)
{
  FileResult r;
  r.path = path;
  r.diags = Diagnostics(path);
  r.diags.error({}, rule, std::move(message));
  r.diags.set_unusable();
  return r;
}

} // namespace

std::optional<std::size_t> excluded_by(std::string_view path, const std::vector<std::string>& exclude)
{
  for (std::size_t i = 0; i < exclude.size(); ++i) {
    const auto& pattern = exclude[i];
    if (pattern.find('/') != std::string::npos) {
      auto normal = fs::path(pattern).lexically_normal().generic_string();
      if (normal.starts_with("./")) {
        normal.erase(0, 2);
      }
      if (glob_match(normal, path)) {
        return i;
      }
      continue;
    }
    // No slash: any one name along the path.
    std::size_t start = 0;
    while (start <= path.size()) {
      const auto end = std::min(path.find('/', start), path.size());
      if (glob_match(pattern, path.substr(start, end - start))) {
        return i;
      }
      start = end + 1;
    }
  }
  return std::nullopt;
}

bool excluded(std::string_view path, const std::vector<std::string>& exclude)
{
  return excluded_by(path, exclude).has_value();
}

Collected collect_paths(const std::vector<std::string>& paths, const std::vector<std::string>& exclude)
{
  Collected c;
  std::vector<unsigned char> used(exclude.size(), 0);
  for (const auto& path : paths) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if ((ec || !fs::exists(status)) && has_glob(path)) {
      const auto before = c.files.size();
      expand(path, c, exclude, used);
      if (c.files.size() == before) {
        c.missing.push_back(path_problem(path, "file.not-found", "no case file matches this pattern"));
      }
    } else if (ec || !fs::exists(status)) {
      c.missing.push_back(path_problem(path, "file.not-found", "no such file or folder"));
    } else if (fs::is_directory(status)) {
      const auto before = c.files.size();
      walk(path, c, exclude, used);
      if (c.files.size() == before) {
        c.missing.push_back(
          path_problem(path, "file.no-case-files", "folder holds no .yaml or .yml case file"));
      }
    } else if (!fs::is_regular_file(status)) {
      // A pipe would block the run forever and a device never ends: only plain files.
      c.missing.push_back(path_problem(path, "file.unreadable",
                                       "not a regular file (a pipe, socket or device): name a "
                                       "case file or a folder"));
    } else {
      c.files.push_back(path);
    }
  }
  for (std::size_t i = 0; i < exclude.size(); ++i) {
    if (!used[i]) {
      c.unused_excludes.push_back(exclude[i]);
    }
  }
  // The same file named twice (or found twice) is read once. One folder walked alone cannot
  // list a file twice.
  if (paths.size() <= 1) {
    return c;
  }
  std::vector<std::string> unique;
  std::unordered_set<std::string> seen;
  for (const auto& f : c.files) {
    if (seen.insert(absolute_path(f)).second) {
      unique.push_back(f);
    }
  }
  c.files = std::move(unique);
  return c;
}

std::string repo_path(const FileResult& r)
{
  if (r.doc == nullptr || r.doc->folder.empty() || r.repo_root.empty()) {
    return {};
  }
  const auto name = fs::path(r.doc->path.substr(r.doc->revision_prefix)).filename(); // not "HEAD:x.yaml"
  return (fs::path(r.doc->folder) / name).lexically_relative(r.repo_root).generic_string();
}

std::vector<std::shared_ptr<Document>> load_all(const std::vector<std::string>& files, unsigned threads,
                                                bool pack)
{
  std::vector<std::shared_ptr<Document>> docs(files.size());
  parallel_for(files.size(), threads, [&](std::size_t i) {
    // Reference files stay trees: every case reads them, through their cached meaning.
    docs[i] = load_document(files[i], {}, pack);
  });
  return docs;
}

namespace {

bool named(const std::vector<std::string>& explicit_files, const std::string& path)
{
  return std::find(explicit_files.begin(), explicit_files.end(), path) != explicit_files.end();
}

// Whether the run checks `doc`: not another tool's YAML met in a folder (`keep` false: left out
// of the results), a usable file, of the command's kind (one of another kind named on the
// command line is a usage error; one met in a folder is left out), of a kind qicase checks.
const KindSpec* admit(const Document& doc, const Request& request, FileResult& r, unsigned char& keep)
{
  const std::string_view only_kind = request.kind;
  const auto& explicit_files = request.named;
  if (doc.foreign && !named(explicit_files, doc.path)) {
    keep = 0; // another tool's YAML met in a folder: not qicase's to judge
    return nullptr;
  }
  if (!doc.usable()) {
    return nullptr;
  }
  if (!only_kind.empty() && doc.kind != only_kind) {
    if (!named(explicit_files, doc.path)) {
      keep = 0;
      return nullptr;
    }
    const auto command = command_of(doc.kind);
    const std::string own = command.empty() ? "" : fmt::format(" or `qicase {}`", command);
    r.diags.error(
      doc.kind_mark, "file.kind",
      fmt::format("this is a {} file, not a {}: check it with `qicase check`{}", doc.kind, only_kind, own));
    r.diags.set_unusable(); // a usage error (exit 2): the wrong file for this command
    return nullptr;
  }
  const KindSpec* spec = find_kind(doc.kind);
  if (spec == nullptr || spec->run == nullptr) {
    r.diags.warning(doc.kind_mark, "kind.unsupported",
                    fmt::format("qicase {} cannot validate `kind: {}` files yet: this file "
                                "was not checked",
                                k_version, doc.kind));
    return nullptr;
  }
  return spec;
}

// Whom the run's cases concern, one Link per delegate shared by all its cases (thousands of cases
// name a few dozen delegates): filled from the run's threads.
class Links
{
public:
  std::shared_ptr<const delegate::Link> of(delegate::Link link)
  {
    std::lock_guard lock(m_mutex);
    auto& held = m_links[{link.id, link.name}];
    if (!held) {
      held = std::make_shared<const delegate::Link>(std::move(link));
    }
    return held;
  }

private:
  std::mutex m_mutex;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const delegate::Link>> m_links;
};

// What the run keeps of a checked case besides its report: its typed result (or only its part of
// the portfolio, Request::keep_part_only), its delegate, its
// obligations stamped with the case (those Context::keep_obligation keeps), and each finding's
// place by keys and item ids (its key in a baseline; the tree is still held).
void keep_outcome(const Document& doc, Context& ctx, const KindSpec& spec, Output& out, FileResult& r,
                  Links& links)
{
  r.typed = std::move(out.typed);
  if (ctx.request.keep_part_only && r.typed.has_value() && is_case_kind(doc.kind)) {
    r.part = std::make_shared<const PortfolioPart>(
      spec.part != nullptr ? spec.part(r.typed, doc, doc.path, ctx) : PortfolioPart{});
    r.typed.reset();
  }
  if (ctx.request.keep_figures_only && r.typed.has_value() && is_case_kind(doc.kind)
      && spec.backing == nullptr) {
    r.typed = std::make_shared<const Figures>(spec.figures != nullptr ? spec.figures(r.typed) : Figures{});
  }
  if ((ctx.request.keep_reports || ctx.request.keep_typed || ctx.request.keep_delegates)
      && (!out.delegate.id.empty() || !out.delegate.name.empty())) {
    r.delegate = links.of(std::move(out.delegate));
  }
  for (auto& o : r.obligations) {
    o.doc = &doc;
    o.kind = doc.kind;
  }
  r.obligation_count = r.obligations.size();
  if (const auto& keep = ctx.request.keep_obligation) {
    std::erase_if(r.obligations, [&](const Obligation& o) { return !keep(o); });
    r.obligations.shrink_to_fit();
  }
  if (doc.root) {
    for (auto& d : r.diags.items()) {
      if (is_finding(d.rule)) {
        d.item = yaml::item_path(*doc.root, d.mark);
      }
    }
  }
}

// A case's findings and what file problems left unread, split in the order found (the run
// sorts diagnostics by line afterwards): into its report, and with Request::keep_typed kept for
// the renderers.
void keep_findings(const Document& doc, const Context& ctx, FileResult& r)
{
  if (!is_case_kind(doc.kind) || (!r.report.is_object() && !ctx.request.keep_typed)) {
    return;
  }
  auto found = found_in(r.diags);
  if (r.report.is_object()) {
    attach_findings(r.report, found);
  }
  if (ctx.request.keep_typed) {
    r.found = std::make_shared<const Found>(std::move(found));
  }
}

// Spec: `id` is unique within a repository. Found before the files are checked, from the ids
// their loading read, so that each file's result is whole when its check ends (Settle).
// `dup[i]`: the message for file i, "" when its id is its own.
std::vector<std::string> duplicate_ids(const std::vector<std::shared_ptr<Document>>& docs)
{
  std::vector<std::string> dup(docs.size());
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto& doc = docs[i];
    if (doc->id.empty()) {
      continue;
    }
    auto [it, inserted] = first.emplace(doc->id, i);
    if (!inserted) {
      const auto& other = *docs[it->second];
      dup[i] = fmt::format("id `{}` is already used by {}:{}: ids are unique in a repository; rename one",
                           doc->id, other.path, other.id_mark.line);
    }
  }
  return dup;
}

} // namespace

Run run(Context& ctx, unsigned threads, const Settle& settle)
{
  const Request& request = ctx.request;
  const auto& docs = ctx.workspace.given();
  std::vector<FileResult> results(docs.size());
  // One byte a file, not std::vector<bool>: threads write neighbouring entries at once, and bits
  // of one word would race (a file of another kind was then kept at random).
  std::vector<unsigned char> keep(docs.size(), 1);
  const auto duplicates = request.kind.empty() ? duplicate_ids(docs) : std::vector<std::string>{};
  Links links;
  const auto check_one = [&](std::size_t i) {
    const auto& doc = docs[i];
    const auto tree = doc->hold();
    FileResult& r = results[i];
    r.path = doc->path;
    r.doc = doc;
    if (!doc->folder.empty()) {
      r.repo_root = ctx.workspace.root_of(doc->folder);
    }
    r.diags = Diagnostics(doc->path);
    r.diags.append(doc->load);
    const KindSpec* spec = admit(*doc, request, r, keep[i]);
    if (spec == nullptr) {
      return;
    }
    Output out{request.obligations ? &r.obligations : nullptr,
               request.list_evidence() ? &r.evidence : nullptr, request.keep_reports};
    r.report = spec->run(*doc, ctx, r.diags, out);
    keep_outcome(*doc, ctx, *spec, out, r, links);
    // Its check is done: what other files read of it is built now, while its tree is held,
    // then a packed tree is freed, so the memory of files checked serves the files still to
    // check.
    if (spec->share != nullptr) {
      spec->share(*doc, ctx);
    }
    doc->done();
    keep_findings(*doc, ctx, r);
    if (request.reports_as_text && !r.report.is_null()) {
      r.report = json::Value::kept_as_text(r.report);
    }
  };
  parallel_for(docs.size(), threads, [&](std::size_t i) {
    check_one(i);
    if (!keep[i]) {
      return;
    }
    FileResult& r = results[i];
    // Added after its findings were kept and its report made, as a whole-repository rule.
    if (!duplicates.empty() && !duplicates[i].empty()) {
      r.diags.error(docs[i]->id_mark, "file.duplicate-id", duplicates[i]);
    }
    r.diags.sort();
    if (settle) {
      settle(r);
    }
  });
  if (request.keep_part_only) {
    notice::forget_readings(ctx);
  }
  Run out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (!keep[i] && docs[i]->foreign) {
      out.skipped.push_back(docs[i]->path);
    }
  }
  // Compacted in place: a second vector of 10,000 results would double their memory.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (keep[i]) {
      if (kept != i) {
        results[kept] = std::move(results[i]);
      }
      ++kept;
    }
  }
  results.erase(results.begin() + static_cast<std::ptrdiff_t>(kept), results.end());
  out.results = std::move(results);
  return out;
}

Status overall_status(const std::vector<FileResult>& results, bool strict)
{
  Status s = Status::ok;
  for (const auto& r : results) {
    s = worst(s, r.diags.status(strict));
  }
  return s;
}

namespace {

// Whether two links are the same delegate: by registry id, else by name.
bool same_delegate(const delegate::Link& a, const delegate::Link& b)
{
  return !a.id.empty() || !b.id.empty() ? a.id == b.id
                                        : delegate::normalise(a.name) == delegate::normalise(b.name);
}

} // namespace

bool DelegatesNamed::holds(const delegate::Link& link) const
{
  return std::any_of(delegates.begin(), delegates.end(),
                     [&](const delegate::Link& d) { return same_delegate(d, link); });
}

DelegatesNamed delegates_named(const std::vector<FileResult>& results, std::string_view text)
{
  const auto wanted = delegate::normalise(text);
  std::vector<delegate::Link> links; // each delegate once, in the order met
  std::vector<bool> exact;
  for (const auto& r : results) {
    if (!r.delegate || (r.delegate->id.empty() && r.delegate->name.empty())) {
      continue;
    }
    const auto& link = *r.delegate;
    const auto at = static_cast<std::size_t>(
      std::find_if(links.begin(), links.end(),
                   [&](const delegate::Link& l) { return same_delegate(l, link); })
      - links.begin());
    if (at == links.size()) {
      links.push_back(link);
      exact.push_back(false);
    }
    std::vector<std::string_view> names = {link.id, link.name};
    if (const auto* entry = std::any_cast<std::shared_ptr<const delegate::Delegate>>(&r.typed)) {
      names.insert(names.end(), (*entry)->aliases.begin(), (*entry)->aliases.end());
    }
    exact[at] = exact[at] || std::any_of(names.begin(), names.end(), [&](std::string_view n) {
                  return !n.empty() && delegate::normalise(n) == wanted;
                });
  }
  DelegatesNamed out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (exact[i]) {
      out.delegates.push_back(links[i]);
    }
  }
  const auto part = lower(text);
  const bool named_exactly = !out.delegates.empty();
  for (std::size_t i = 0; i < links.size() && !named_exactly && !part.empty(); ++i) {
    if (lower(links[i].id).find(part) != std::string::npos
        || lower(links[i].name).find(part) != std::string::npos) {
      out.delegates.push_back(links[i]);
    }
  }
  if (out.delegates.empty()) {
    for (const auto& l : links) {
      for (const auto& n : {l.id, l.name}) {
        if (!n.empty()) {
          out.candidates.push_back(n);
        }
      }
    }
  }
  return out;
}

} // namespace qicase::check

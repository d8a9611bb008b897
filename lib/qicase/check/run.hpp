#pragma once

#include <any>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/findings.hpp>
#include <qicase/core/json.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/reference/evidence.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>

namespace qicase::check {

// The outcome for one file: its document (null when it could not be opened), every
// diagnostic found in it, and its report (null when none was computed).
struct FileResult
{
  std::string path;
  std::shared_ptr<Document> doc;
  Diagnostics diags;
  json::Value report;
  Obligations obligations;          // with collect_obligations: what the case holds due (kept even
                                    // when the file has errors: what could be read still counts)
  std::size_t obligation_count = 0; // how many the case holds, before Context::keep_obligation
  evidence::Entries evidence;       // with Context::list_evidence: the documents the case cites
  // Whom the case concerns (its registry entry, else the name it gives), kept with the report
  // (`qicase report`): a pointer, so that 10,000 results of a run that keeps no report do not
  // carry two empty strings each.
  std::shared_ptr<const delegate::Link> delegate;
  // With Request::keep_typed: the case as its kind read it and its result, for the renderers
  // (a QCAR: std::shared_ptr<const Evaluated<qcar::Qcar, qcar::Result>>, read with typed_as();
  // with Request::keep_figures_only, for a case of most kinds: std::shared_ptr<const Figures>;
  // a delegate entry: std::shared_ptr<const delegate::Delegate>). Empty otherwise.
  std::any typed;
  // With Request::keep_typed, for a case: its findings and what was left unread, in the order
  // found (as its report lists them), for the same renderers.
  std::shared_ptr<const Found> found;
  // With Request::keep_part_only, for a case its kind could evaluate: what it gives the
  // portfolio (its kind's `part()`, made in the run), in place of `typed`.
  std::shared_ptr<const PortfolioPart> part;
  // The case repository the file belongs to (the nearest folder up holding .git or
  // .qicase.yaml, else the file's folder). Empty for a file not read from disk.
  std::string repo_root;
};

using qicase::typed_as;
// The typed reading and result of a case of kind T (result R) a run kept (Request::keep_typed),
// null when it kept none or the file is of another kind.
template <class T, class R> const Evaluated<T, R>* typed_as(const FileResult& r)
{
  return qicase::typed_as<T, R>(r.typed);
}

// `--delegate TEXT` of `report` and `due`: the delegates of a run's results that TEXT names, each
// as whom its cases concern (delegate::Link). An id, a name or an alias (a registry entry's,
// when the run kept the entries typed) names a delegate exactly (ids and names compared as
// delegate::normalise() does); when none does, the delegates whose id or name contains TEXT (any
// case). Empty: TEXT names none of them, and `candidates` holds every id and name for a "did you
// mean".
struct DelegatesNamed
{
  std::vector<delegate::Link> delegates;
  std::vector<std::string> candidates;
  // Whether `link` (a case's delegate) is one of `delegates`.
  bool holds(const delegate::Link& link) const;
};
DelegatesNamed delegates_named(const std::vector<FileResult>& results, std::string_view text);

// The file's path within its repository (`repo_root`), "" for a file not read from disk: what a
// baseline of known findings keys a file by, wherever qicase runs. Computed when asked, not kept
// with each of 10,000 results.
std::string repo_path(const FileResult& r);

// The files of the given paths: files as given, folders walked recursively for .yaml/.yml
// files (hidden files and folders skipped), each folder's files in name order. A path that
// does not exist, or a folder with no YAML file, gives a result with an unusable diagnostic.
struct Collected
{
  std::vector<std::string> files;
  std::vector<FileResult> missing; // problems with the paths themselves
  // Folders more than 64 below a folder walked: left out, not followed (a loop of bind mounts or
  // a hostile tree must not make a walk endless), and said.
  std::vector<std::string> too_deep;
  // Exclude patterns that left nothing out of the folders walked (said under --verbose: a
  // pattern written from the wrong folder matches nothing).
  std::vector<std::string> unused_excludes;
};
// The case files of `paths`: files as named; folders walked (hidden entries skipped); a path
// that does not exist but holds a glob (`cases/**/*.yaml`, quoted so the shell left it) is
// expanded by walking the folder before its first glob. A walked or expanded file or folder
// that matches one of `exclude` is left out: a pattern with a `/` is matched against the path
// from the repository's root (the folder holding .git or .qicase.yaml; without one, as shown),
// whatever folder qicase runs in, one without against each name in it (`drafts` leaves out
// every folder of that name, `*.tmp.yaml` every such file). A file named outright is always
// taken.
Collected collect_paths(const std::vector<std::string>& paths, const std::vector<std::string>& exclude = {});
// Whether `path` (from the repository's root) is left out by one of `exclude` (see
// collect_paths), and by which.
bool excluded(std::string_view path, const std::vector<std::string>& exclude);
std::optional<std::size_t> excluded_by(std::string_view path, const std::vector<std::string>& exclude);

// Parses every file (in parallel), each once. `pack`: each case file's tree is kept packed
// (load_document) until run() checks it, so a run over many files holds about their size
// in memory, not every tree; for commands that read nothing but run()'s results.
std::vector<std::shared_ptr<Document>> load_all(const std::vector<std::string>& files, unsigned threads,
                                                bool pack = false);

// What a run returns: each file's outcome, and the files met while walking a folder and left
// out (YAML that declares no qicase kind: Document::foreign), for --verbose.
struct Run
{
  std::vector<FileResult> results;
  std::vector<std::string> skipped;
};

// Validates every given document of `ctx.workspace` (in parallel) as `ctx.request` asks and
// builds its report. `request.kind`: a command for one kind (`notice`); a file of another kind
// named on the command line is an error, one found by walking a folder is left out. Empty: every
// kind (`check`), with duplicate ids across files reported too. `request.obligations`: each case
// kind also lists what it holds due (`qicase due`), stamped with the case's id, kind and path.
// `request.keep_reports` false: no report is built (what `check` prints in text, JUnit, SARIF and
// GitHub formats and `due` prints need only diagnostics and obligations), so 10,000 reports are
// neither built nor held.
// `settle`: called with each file's result once it is whole (diagnostics sorted, before any
// baseline is applied), on the thread that checked it, so that a caller keeps only what it needs
// of each while the run goes on (`diff` keeps a digest of an unchanged file's reading).
using Settle = std::function<void(FileResult&)>;
Run run(Context& ctx, unsigned threads, const Settle& settle = {});

// Highest status over all results.
Status overall_status(const std::vector<FileResult>& results, bool strict);

} // namespace qicase::check

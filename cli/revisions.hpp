#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <cli/runtime.hpp>
#include <qicase/check/run.hpp>
#include <qicase/diff/diff.hpp>

// The repository compared across versions, case by case: `diff REV1 REV2` and `report --since
// REV`. Each version is read whole (a revision from git, or the working tree from disk), checked
// by the run every command makes in a workspace that reads nothing else, and each case under the
// paths asked for is compared with the library's diff::compare, whichever file changed it.
namespace qicase::cli {

// Every file of one version that qicase may read (.yaml/.yml, no hidden file or folder, none of
// --exclude or `exclude:`), by its path from the repository root: its content and digest, then
// (Revisions::compare) its document, shown as REV:PATH for a revision, as `check` shows it for the
// working tree.
struct Tree
{
  struct File
  {
    std::string label;  // as shown
    std::string folder; // absolute, in the working tree: where its references resolve from
    std::string text;   // the content, until parsed
    std::size_t size = 0;
    bool too_large = false;
    std::string digest; // SHA-256 of the content: whether the file changed between versions
    std::shared_ptr<Document> doc;
  };
  std::string name; // the revision, or "" for the working tree
  std::map<std::string, File> files;
  // A revision's own configuration (its .qicase.yaml at the place of the working tree's) and the
  // baseline it names; null for the working tree, which the run reads as every command does.
  std::shared_ptr<const Runtime::Settings> settings;
};

// Two versions of one case, and whether its file changed between them.
struct Pair
{
  diff::Version before;
  diff::Version after;
  bool file_changed = true;
};

// What two versions of the repository give: the pairs under the paths asked for, and every file
// that changed (its label and document), what a case whose own file did not change may follow
// from.
struct Compared
{
  std::vector<Pair> pairs;
  std::vector<std::pair<std::string, const Document*>> changed;
  std::vector<Tree> trees; // hold the documents `changed` points into
};

// The comparisons: each case's result (a case whose file and reading are unchanged left out; one
// whose file is unchanged names the changed files it follows from) and the new versions of those
// listed, checked (their problems are what `check` would print).
struct Changes
{
  std::vector<diff::Result> results;
  std::vector<check::FileResult> current;
};

class Revisions
{
public:
  explicit Revisions(Runtime& rt) : m_rt(rt) {}

  // The repository root (git rev-parse --show-toplevel), once; "" after a usage error.
  const std::string& root();
  // The files of revision `rev`, from git (one git ls-tree, one git cat-file). Nullopt after a
  // usage error.
  std::optional<Tree> at(const std::string& rev);
  // The files of the working tree under the root, from disk, as a folder walk finds them.
  std::optional<Tree> working_tree();
  // Both versions checked as of the run's day and each case under `paths` (files or folders,
  // from the current folder; none: every case) paired. Nullopt after a problem was printed.
  std::optional<Compared> compare(Tree before, Tree after, const std::vector<std::string>& paths);

private:
  std::optional<std::map<std::string, check::FileResult>> checked(const Tree& t);
  std::shared_ptr<const Runtime::Settings> settings_at(const std::string& rev);
  // Parses the files of `t` (on the run's threads), packing those the same in `other`.
  void parse(Tree& t, const Tree& other);
  Runtime& m_rt;
  bool m_root_asked = false;
  std::string m_root;
};

Changes changes_of(Compared& compared);

// The first line of what git printed, without the line break.
std::string first_line(std::string_view s);

} // namespace qicase::cli

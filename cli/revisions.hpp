#pragma once

#include <array>
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
// --exclude or `exclude:`), by its path from the repository root: its size and digest, then
// (Revisions::compare) its document, shown as REV:PATH for a revision, as `check` shows it for the
// working tree. The contents are read only to be parsed, a version at a time.
struct Tree
{
  struct File
  {
    std::string shown; // a working-tree file as `check` shows it; "" for a revision's (REV:PATH)
    std::size_t size = 0;
    bool too_large = false;
    // Its git object name, as bytes (a revision's from its listing, a working-tree file's from
    // its content): whether the file changed between versions, and what a revision's content is
    // read by. Empty: it could not be hashed, and is compared as changed.
    std::array<unsigned char, 32> digest{};
    unsigned char digest_size = 0;
    std::shared_ptr<Document> doc; // once parsed (Revisions::compare)
    // Set by Revisions::compare: the file is the same in the other version; the digest of its
    // old version's reading (diff::reading_digest), kept instead of its result, held by its
    // new version's entry once the old version is checked; its new version's reading has the
    // same digest. (In place, not on the heap: 10,000 small blocks made on the run's threads
    // would keep the pages of the old version's freed documents from being reused.)
    bool same = false;
    std::array<unsigned char, 32> reading{};
    bool has_reading = false;
    bool same_reading = false;
    // Its git object name in hex, as git reads it.
    std::string object() const;
  };
  std::string name; // the revision, or "" for the working tree
  std::string root; // the repository's root, absolute
  std::map<std::string, File> files;
  // A revision's own configuration (its .qicase.yaml at the place of the working tree's) and the
  // baseline it names; null for the working tree, which the run reads as every command does.
  std::shared_ptr<const Runtime::Settings> settings;
  // The file at `path` (from the root) as shown: REV:PATH, or as `check` shows a working-tree
  // file.
  std::string label(const std::string& path) const;
  // Where its references resolve from: its folder in the working tree, absolute.
  std::string folder(const std::string& path) const;
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
  // `t` checked, each result as `settle` leaves it, by its label.
  std::optional<std::map<std::string, check::FileResult>> checked(const Tree& t, const check::Settle& settle);
  // The files of `rev` without its settings (at()).
  std::optional<Tree> files_at(const std::string& rev);
  std::shared_ptr<const Runtime::Settings> settings_at(const std::string& rev);
  // Parses the files of `t` not yet parsed (on the run's threads), packing those the same in
  // the other version (Tree::File::same); `changed_only`: only those that are not.
  void parse(Tree& t, bool changed_only);
  // The old versions of `reread` (label: index in `pairs`), kept as a digest by the first run
  // though their reading changed, read again whole from the same source into their pairs.
  bool check_again(const Tree& before, const Tree& after, const std::map<std::string, std::size_t>& reread,
                   std::vector<Pair>& pairs);
  Runtime& m_rt;
  bool m_root_asked = false;
  std::string m_root;
};

Changes changes_of(Compared& compared);

// Hands the pages of memory freed so far back to the system (glibc: malloc_trim): between two
// stages that each read a whole repository (one revision then the other; `report --since`'s
// comparison then its portfolio), so that the peaks of the two do not add up.
void give_back_freed_memory();

// The first line of what git printed, without the line break.
std::string first_line(std::string_view s);

} // namespace qicase::cli

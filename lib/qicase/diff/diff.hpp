#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/json.hpp>
#include <qicase/workspace/request.hpp>

// `qicase diff`: what changed between two versions of a case file that matters to oversight.
// Each version is checked as `check` would: its typed result, its obligations and its findings,
// from the kind's own module. The comparison reads those (the statuses and scores through the
// kind's `figures`, a moved deadline's backing through its `backing`) and the lists of the parsed
// file, never the YAML text, so a reordered or reformatted file shows no change and a moved
// deadline shows even when only the date it counts from changed.
namespace qicase::diff {

// One version of a case file, checked.
struct Version
{
  std::string label;        // as shown: "old.yaml", "main:cases/qcar.yaml"
  bool exists = true;       // false: the file is not in this version (added or removed)
  check::FileResult result; // diagnostics, typed result and obligations
};

// What `diff` asks of the run that checks one version of the file at `path`: its obligations,
// its typed result, and the documents it cites by what it records (a version from git is not
// compared against today's files). The command runs it as every other command runs its files
// (cli/runtime: the repository's policy, calendar and baseline).
Request request(const std::string& path);

// Checks `doc` (parsed from one version's text) with references resolved from its folder, as
// `check` would under the same as-of, calendar and policy, through request(): for tests and
// callers with no command line.
Version evaluate(std::string label, std::shared_ptr<Document> doc, calendar::Date as_of,
                 std::shared_ptr<const calendar::Calendar> calendar, std::string policy = "lre-4.9a");

enum class Category {
  file,      // the case itself: added, removed, kind or id changed, file problems
  procedure, // a finding of qicase: a rule of the procedure the case breaks, added or removed
  evidence,  // a cited document added, removed, pinned, re-pinned or unpinned
  deadline,  // an obligation's due date moved, or a deadline added or removed
  finding,   // a finding (of a notice) or deficiency (of a CAP) added or removed
  item,      // another listed item added or removed: an action, evidence, a measure, an element
  score,     // points, percentages, rates, progress
  status,    // statuses, ratings, met / not met, obligations met
};

std::string_view category_name(Category c); // "file", "deadline", ...

struct Change
{
  Category category;
  std::string change;       // moved | added | removed | changed
  std::string item;         // what changed: "response", "finding F2", "standard CR1 received", "status"
  std::string before;       // "" when added
  std::string after;        // "" when removed
  std::optional<long> days; // a deadline moved: days later (negative: earlier)
  // A deadline moved later, or dropped with its case while open: whether anything backs it
  // (4.9A D.3: a QCAR's timeframe moves only by an extension approved on or before the deadline
  // it extends; no other kind records a backing, so its later dates are unbacked).
  std::optional<bool> backed;
  std::string note;   // e.g. "extension approved 2024-03-22 (4.9A D.3)"
  std::string clause; // the rule behind the date or figure
};

// A case new in the later version, in a line: whom it concerns, where it stands, what it holds
// due next and how many findings it has (its findings are listed as `procedure added` changes).
struct NewCase
{
  std::string delegate;  // its registry id and name, or the name it gives; "" when none
  std::string status;    // its own status (a notice's, a QCAR's, a CAP's); "" when its kind has none
  std::string next_due;  // the earliest open obligation's date, "" when none is open
  std::string next_what; // what is due then
  std::size_t findings = 0;
};

struct Result
{
  std::string old_label;
  std::string new_label;
  std::string kind; // of the new version (the old one when removed)
  std::string id;
  std::vector<Change> changes;
  // Whether the case's own file changed (false: the changes follow from other files, a notice
  // whose response was removed; `follows_from` names the changed files that relate to it).
  bool file_changed = true;
  std::vector<std::string> follows_from;
  std::optional<NewCase> added; // the case is new in the later version
  // Whom the case concerns (its new version's, else its old one's): `report --since` files each
  // change under its delegate.
  std::shared_ptr<const delegate::Link> delegate;
  // Deadlines moved later with nothing behind them (a QCAR's approved extension is the one
  // backing the files record), and the open ones of a case removed.
  std::size_t unbacked() const;
  // The case was removed while it still held open obligations (deleting a file closes nothing).
  bool removed_open() const;
  // Accepted evidence replaced: a pinned document re-pinned or unpinned (4.9A D.4).
  std::size_t evidence_changed() const;
};

Result compare(const Version& before, const Version& after);

// A digest of what compare() reads of one version's result (its diagnostics, obligations,
// citations and figures): two versions of a file whose text is the same compare with no change
// when their digests are equal, so a run over a whole revision keeps of an unchanged file only
// this (cli/revisions: `diff REV1 REV2` over 10,000 files holds their digests, not their
// readings).
std::string reading_digest(const check::FileResult& r);

// Whether one file's change can change how the other case reads (a QCAR or CAP answering a
// notice, an audit following another, a case and its delegate's registry entry): one names the
// other's id in its `notice:`, `previous:` or `delegate:`.
bool related(const Document& a, const Document& b);

// A change in words, as the text output lists it after its category and change: "D1 A1: 2024-05-31
// -> 2024-06-28 (28 days later); no approval of the move is recorded [4.9A F.4]".
std::string change_text(const Change& c);
// What the case's heading adds: "new case: delegate ...; status ...; next due ...; N findings",
// "its file did not change; this follows from ...", or "".
std::string case_note(const Result& r, calendar::Date as_of);

// Renderers: every result in order. `as_of`: the day both versions were judged on.
std::string render_text(const std::vector<Result>& results, calendar::Date as_of);
std::string render_markdown(const std::vector<Result>& results, calendar::Date as_of);
json::Value to_json(const std::vector<Result>& results, calendar::Date as_of);

} // namespace qicase::diff

#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/workspace/obligation.hpp>

namespace qicase {

// How a run treats the documents cases cite (4.9A D.4, F.2).
enum class EvidenceMode {
  check,    // on disk, hashing only the pinned ones (`check` and every case command)
  manifest, // on disk, every one listed and hashed (`qicase evidence`)
  recorded, // listed by what the case records, nothing read from disk (`diff`: a version from
            // git is compared by its pins, not against today's files)
};

// What one run is asked for: built once by a command from its command line and the repository's
// configuration (cli/runtime), then read by check::run() and, through Context::request, by the
// kinds. Every command that reads case files, `diff` at each version included, runs one.
struct Request
{
  std::string kind = {};               // the command's kind ("notice"); "" every kind (`check`)
  std::vector<std::string> named = {}; // the files named on the command line, as shown
  bool obligations = false;            // list what each case holds due (`due`, `report`, `diff`)
  // The last day an agenda looks ahead to (`due --to`): open-ended schedules such as a CAP's
  // monthly reports list their dates up to it. Unset: only the next one.
  std::optional<calendar::Date> horizon = std::nullopt;
  // Set: only the obligations it keeps are held (`due` keeps those its query lists, so a run
  // over 10,000 files holds the agenda, not every date of every case).
  std::function<bool(const Obligation&)> keep_obligation = {};
  // Build each case's JSON report (false: the command prints only diagnostics, obligations,
  // a summary or the typed results, so 10,000 reports are neither built nor held).
  bool keep_reports = true;
  // With keep_reports: keep each report as its compact JSON text, made in the run on the file's
  // thread (json::Value::kept_as_text), for a command that only writes the reports as JSON: the
  // text of 10,000 reports is a fraction of their values' memory.
  bool reports_as_text = false;
  // Keep each case's typed reading and result (FileResult::typed) and its findings
  // (FileResult::found), for a command that renders them.
  bool keep_typed = false;
  // With keep_typed, keep of each case only what it gives the committee's portfolio
  // (FileResult::part, its kind's `part()` made in the run) and its findings, not its typed
  // reading and result (`report`: 10,000 readings are most of its memory). A delegate entry is
  // still kept typed. Once the run is over, the notices' readings it shared with the files that
  // answer them are dropped (Workspace::forget): nothing reads a case after the run.
  bool keep_part_only = false;
  // With keep_typed, keep of each case only the statuses and scores `diff` compares (its kind's
  // `figures()`, made in the run: FileResult::typed then holds a
  // std::shared_ptr<const Figures>), not its typed reading and result; a case whose kind has a
  // rule on a moved deadline (a QCAR's extensions, 4.9A D.3) is still kept typed. `diff` of two
  // whole revisions: 20,000 readings were most of its memory.
  bool keep_figures_only = false;
  // Keep whom each case concerns (FileResult::delegate) though no report or typed result is
  // kept (`due --delegate`); kept anyway with either.
  bool keep_delegates = false;
  // Keep case files' trees packed between parse and check (check::load_all): for a command
  // that reads nothing but the run's results.
  bool pack_trees = false;
  EvidenceMode evidence = EvidenceMode::check;
  // .qicase.yaml `require-pinned-evidence: true`: a cited document present but not pinned is an
  // error (evidence.unpinned), so a gate fails until the analyst pins it.
  bool require_pinned = false;
  // `audit-score --rubric`: the rubric (an id or a file) every audit is scored against instead
  // of its own; resolved once the files are loaded (Context::rubric).
  std::string rubric = {};
  // `workplan --period`: every measure judged on one period (2024-Q2, 2024-H1, 2024-05, 2024),
  // as written; the command has checked it.
  std::string period = {};
  // Known findings: `check --baseline FILE` (else each repository's `baseline:` of
  // .qicase.yaml); `check --format baseline`, where every finding is known.
  std::string baseline = {};
  bool baseline_all_known = false;

  // Whether cited documents are listed in FileResult::evidence, hashed when not pinned, and
  // read on disk at all.
  bool list_evidence() const { return evidence != EvidenceMode::check; }
  bool hash_evidence() const { return evidence == EvidenceMode::manifest; }
  bool verify_evidence() const { return evidence != EvidenceMode::recorded; }
};

} // namespace qicase

#include <doctest/doctest.h>

#include <qicase/check/kinds.hpp>
#include <qicase/diff/diff.hpp>

#include <fmt/format.h>

#include "helpers.hpp"

using namespace qicase;

namespace {

diff::Version version(std::string_view text, std::string label)
{
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  return diff::evaluate(label, test::doc(text, label), test::d("2024-03-10"), cal);
}

std::string replace(std::string text, std::string_view from, std::string_view to)
{
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("diff: a notice's moved response date, and findings added and removed")
{
  const std::string old_text = test::k_qcar_notice;
  auto new_text = replace(old_text, "within: 14d", "within: 21d");
  new_text = replace(
    new_text,
    "  - {id: F2, summary: Missing logs, category: other, basis: Contract 7.4, evidence: [Q4 audit]}\n",
    "  - {id: F3, summary: Unsigned plans, category: other, basis: Contract 7.5, evidence: [file]}\n");
  const auto r = diff::compare(version(old_text, "old.yaml"), version(new_text, "new.yaml"));
  CHECK(r.id == "NNC-1");
  CHECK(r.kind == "notice");
  REQUIRE(r.changes.size() == 4);
  const auto& moved = r.changes[0];
  CHECK(moved.category == diff::Category::deadline);
  CHECK(moved.change == "moved");
  CHECK(moved.before == "2024-03-18");
  CHECK(moved.after == "2024-03-25");
  CHECK(moved.days == 7);
  // Only a QCAR records what backs a later date (an extension, 4.9A D.3): any other kind's
  // later date is unbacked, for the committee to confirm.
  CHECK(moved.backed == false);
  CHECK(moved.note == "no approval of the move is recorded");
  CHECK(moved.clause == "4.9A B.2");
  CHECK(r.changes[1].category == diff::Category::deadline); // the contest date moves with it
  CHECK(r.changes[2].category == diff::Category::finding);
  CHECK(r.changes[2].change == "added");
  CHECK(r.changes[2].item == "finding F3");
  CHECK(r.changes[2].after == "Unsigned plans");
  CHECK(r.changes[3].change == "removed");
  CHECK(r.changes[3].item == "finding F2");
  CHECK(r.unbacked() == 1); // the response; the contest date is a right, given more time
}

TEST_CASE("diff: reformatting, reordering and comments are no change")
{
  const std::string old_text = test::k_qcar_notice;
  auto new_text = "# reviewed\n"
                  + replace(old_text, "issuer: Example Regional Entity", "issuer: 'Example Regional Entity'");
  new_text = replace(new_text, "contest: {allowed: true}", "contest:\n  allowed: true");
  const auto r = diff::compare(version(old_text, "a.yaml"), version(new_text, "b.yaml"));
  CHECK(r.changes.empty());
  CHECK(diff::render_text({r}, test::d("2024-03-10"))
        == "NNC-1 (notice): a.yaml -> b.yaml\n  no change that matters to oversight\n\n"
           "0 changes in 0 of 1 file; 0 deadlines moved later or dropped without backing (as of "
           "2024-03-10)\n");
}

TEST_CASE("diff: a case added or removed between revisions")
{
  auto before = version(test::k_qcar_notice, "main:n.yaml");
  diff::Version missing;
  missing.label = "HEAD:n.yaml";
  missing.exists = false;
  const auto removed = diff::compare(before, missing);
  // The case, and the response it still awaited: deleting the file closes nothing (the contest
  // window is a right, not a duty, and goes with it unremarked).
  REQUIRE(removed.changes.size() == 2);
  CHECK(removed.changes[0].category == diff::Category::file);
  CHECK(removed.changes[0].change == "removed");
  CHECK(removed.changes[0].before == "NNC-1");
  CHECK(removed.changes[1].category == diff::Category::deadline);
  CHECK(removed.changes[1].change == "removed");
  CHECK(removed.changes[1].backed == false);
  CHECK(removed.unbacked() == 1);
  const auto json = diff::to_json({removed}, test::d("2024-03-10")).dump();
  CHECK(json.find(R"("category":"file","change":"removed","item":"case","before":"NNC-1","after":null)")
        != std::string::npos);
  CHECK(json.find(
          R"("summary":{"files":1,"changes":2,"unbacked":1,"evidence_changed":0,"removed_open":["NNC-1"]})")
        != std::string::npos);
  CHECK(removed.removed_open());
  CHECK_FALSE(removed.added);

  // Added: summarised in a line (its status and what it holds due next), its findings listed.
  const auto added = diff::compare(missing, before);
  REQUIRE(added.added);
  CHECK(added.added->status == "awaiting-response");
  CHECK(added.added->next_due == "2024-03-18");
  CHECK(added.added->findings == 0);
  CHECK(added.changes.front().change == "added");
  CHECK_FALSE(added.removed_open());
  const auto text = diff::render_text({added}, test::d("2024-03-10"));
  CHECK(text.find("  new case: delegate Harbor; status awaiting-response; next due 2024-03-18 (a Quality")
        != std::string::npos);
}

TEST_CASE("diff: files relate when one names the other's id")
{
  const auto notice = test::doc(test::k_qcar_notice, "n.yaml");
  const auto qcar = test::doc("kind: qcar\nid: QCAR-1\nnotice: NNC-1\n", "q.yaml");
  const auto other = test::doc("kind: qcar\nid: QCAR-2\nnotice: NNC-2\n", "o.yaml");
  CHECK(diff::related(*notice, *qcar));
  CHECK(diff::related(*qcar, *notice));
  CHECK_FALSE(diff::related(*notice, *other));
  CHECK_FALSE(diff::related(*qcar, *other));
}

TEST_CASE("diff: a file problem in the new version is counted; a finding is added by rule and place")
{
  const std::string old_text = test::k_qcar_notice;
  const auto new_text = replace(old_text, "issued: 2024-03-04", "issued: 2024-02-30");
  const auto r = diff::compare(version(old_text, "a.yaml"), version(new_text, "b.yaml"));
  REQUIRE_FALSE(r.changes.empty());
  CHECK(r.changes[0].category == diff::Category::file);
  CHECK(r.changes[0].item == "file problems");
  CHECK(r.changes[0].before == "0");
  CHECK(r.changes[0].after != "0");

  // A finding: the notice no longer states its basis (4.9A B.1); the line does not matter.
  const auto no_basis = replace(old_text, ", basis: Contract 7.3", "");
  const auto f = diff::compare(version(old_text, "a.yaml"), version("# moved down\n" + no_basis, "b.yaml"));
  REQUIRE_FALSE(f.changes.empty());
  CHECK(f.changes[0].category == diff::Category::procedure);
  CHECK(f.changes[0].change == "added");
  CHECK(f.changes[0].item == "notice.basis at findings[F1]");
  CHECK(f.changes[0].clause == "4.9A B.1");
}

TEST_CASE("diff: scores and statuses are the kind's figures, matched by label")
{
  // CR4 A, one file-review factor: 90% is High (100%), 89.99% is Medium (50%), never rounded up.
  const std::string old_text = "kind: audit\nid: AUD-T\ndelegate: G\ntype: annual\ndate: 2024-05-14\n"
                               "delegation: false\nresults:\n  CR4: {A: {file_review: [90%]}}\n";
  const auto new_text = replace(old_text, "[90%]", "[89.99%]");
  const auto before = version(old_text, "a.yaml");
  const auto after = version(new_text, "b.yaml");
  const auto* spec = check::find_kind("audit");
  REQUIRE(spec != nullptr);
  REQUIRE(static_cast<bool>(spec->figures));
  // The run made them (an audit's reading is not kept for diff, only its figures).
  const auto* kept = std::any_cast<std::shared_ptr<const Figures>>(&after.result.typed);
  REQUIRE(kept != nullptr);
  const auto& figures = **kept;
  REQUIRE_FALSE(figures.empty());
  CHECK(figures.front().label == "column");
  CHECK(figures.back().label == "missing corrective actions");

  const auto r = diff::compare(before, after);
  std::vector<std::string> seen;
  for (const auto& c : r.changes) {
    if (c.category == diff::Category::score || c.category == diff::Category::status) {
      seen.push_back(fmt::format("{}: {} -> {}", c.item, c.before, c.after));
    }
  }
  CHECK(seen
        == std::vector<std::string>{
          "standard CR4 received: 0.40 -> 0.20", "standard CR4 element A score: 100% -> 50%",
          "standard CR4 element A received: 0.40 -> 0.20", "total received: 0.40 -> 0.20",
          "total percent: 100.0 -> 50.0", "standard CR4 element A tier: high all -> medium all",
          "rating: Fully Met -> Not Met", "missing corrective actions: none -> CR4.A"});
  // A version with no typed result (not a case file) has no figures to compare.
  CHECK(spec->figures(std::any{}).empty());
}

TEST_CASE("diff: a reading's digest is the same exactly when compare() finds no change in it")
{
  // The same text read twice: the same digest, and no change.
  const std::string notice = test::k_qcar_notice;
  CHECK(diff::reading_digest(version(notice, "a.yaml").result)
        == diff::reading_digest(version(notice, "a.yaml").result));
  // What compare() reads, changed: a moved deadline, a finding added, a score changed.
  const auto moved = replace(notice, "within: 14d", "within: 21d");
  CHECK(diff::reading_digest(version(notice, "a.yaml").result)
        != diff::reading_digest(version(moved, "a.yaml").result));
  const auto late = replace(notice, "within: 14d", "within: 0d");
  CHECK(diff::reading_digest(version(notice, "a.yaml").result)
        != diff::reading_digest(version(late, "a.yaml").result));
  const std::string audit = "kind: audit\nid: AUD-T\ndelegate: G\ntype: annual\ndate: 2024-05-14\n"
                            "delegation: false\nresults:\n  CR4: {A: {file_review: [90%]}}\n";
  const auto before = version(audit, "a.yaml");
  const auto after = version(replace(audit, "[90%]", "[89.99%]"), "a.yaml");
  REQUIRE_FALSE(diff::compare(before, after).changes.empty());
  CHECK(diff::reading_digest(before.result) != diff::reading_digest(after.result));
  // As the digest covers every diagnostic: a duplicate id found by the run changes it.
  auto flagged = version(notice, "a.yaml");
  const auto digest = diff::reading_digest(flagged.result);
  flagged.result.diags.error({3, 5}, "file.duplicate-id", "id `NNC-1` is already used by b.yaml:3");
  CHECK(diff::reading_digest(flagged.result) != digest);
}

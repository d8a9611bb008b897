// A run over packed documents (what `check` and `due` do) finds exactly what a run over trees
// kept as nodes finds: the same diagnostics, reports and obligations, whichever file is checked
// first and whatever another file reads of it.
#include <doctest/doctest.h>

#include <string>

#include <qicase/check/run.hpp>
#include <qicase/report/render.hpp>

#include "helpers.hpp"

using namespace qicase;

namespace {

// Every file's diagnostics, report and obligations, as text.
std::string outcome(const std::vector<std::string>& files, bool pack, unsigned threads)
{
  Workspace ws(check::load_all(files, threads, pack));
  Diagnostics diags;
  auto cal = reference::calendar_by_name(ws, "us-federal", diags);
  const Request request{.named = files, .obligations = true, .horizon = test::d("2025-06-30")};
  Context ctx{ws, test::d("2024-06-30"), cal, "lre-4.9a", request};
  auto results = check::run(ctx, threads).results;
  std::string out = collect([&](Sink& sink) { report::render_json(results, "2024-06-30", false, sink); });
  out += report::render_diagnostics(results, false);
  for (const auto& r : results) {
    for (const auto& o : r.obligations) {
      out += r.path + " " + o.key + " " + o.due.str() + " " + (o.done ? "done" : "open") + " "
             + std::to_string(o.mark.line) + ":" + std::to_string(o.mark.column) + "\n";
    }
  }
  return out;
}

} // namespace

TEST_CASE("pack: checking packed examples gives what checking their trees gives")
{
  const auto collected = check::collect_paths({QICASE_SOURCE_DIR "/examples"});
  REQUIRE(collected.files.size() > 20);
  const auto kept = outcome(collected.files, false, 1);
  // What is compared holds what files read of each other: a notice's responses (read from the
  // files that answer it) and obligations with their positions.
  CHECK(kept.find("\"id\": \"CQUIC-2024-NORTHSHORE-PLAN\"") != std::string::npos);
  CHECK(kept.find(" response ") != std::string::npos);
  CHECK(kept.find(" next-oversight ") != std::string::npos);
  CHECK(outcome(collected.files, true, 1) == kept);
  CHECK(outcome(collected.files, true, 2) == kept);
  // Reversed, each file that others read (a notice, a previous audit) is checked after them.
  auto reversed = collected.files;
  std::reverse(reversed.begin(), reversed.end());
  CHECK(outcome(reversed, true, 1) == outcome(reversed, false, 1));
}

TEST_CASE("pack: a later audit reads the open actions of a previous audit already checked")
{
  const std::string dir = QICASE_SOURCE_DIR "/examples/audits";
  const auto collected = check::collect_paths({dir});
  REQUIRE(!collected.files.empty());
  const auto kept = outcome(collected.files, false, 1);
  CHECK(kept.find("Audit the CVO's recredentialing files annually") != std::string::npos);
  CHECK(outcome(collected.files, true, 1) == kept);
}

TEST_CASE("pack: a run that builds no reports finds the same problems and duties")
{
  // What `check` in text, JUnit, SARIF or GitHub format and `due` ask for: no report is built,
  // and nothing else may change with it. Examples (obligations) and files with errors.
  for (const std::string dir :
       {QICASE_SOURCE_DIR "/examples", QICASE_SOURCE_DIR "/tests/golden/check/format-json",
        QICASE_SOURCE_DIR "/tests/golden/check/yaml-problems"}) {
    CAPTURE(dir);
    const auto files = check::collect_paths({dir}).files;
    REQUIRE(!files.empty());
    auto duties = [&](bool reports, bool* any_report) {
      Workspace ws(check::load_all(files, 2, true));
      Diagnostics diags;
      auto cal = reference::calendar_by_name(ws, "us-federal", diags);
      const Request request{
        .named = files, .obligations = true, .horizon = test::d("2025-06-30"), .keep_reports = reports};
      Context ctx{ws, test::d("2024-06-30"), cal, "lre-4.9a", request};
      const auto results = check::run(ctx, 2).results;
      std::string out = report::render_diagnostics(results, false);
      for (const auto& r : results) {
        *any_report = *any_report || !r.report.is_null();
        for (const auto& o : r.obligations) {
          out += r.path + " " + o.key + " " + o.due.str() + " " + (o.done ? "done" : "open") + "\n";
        }
      }
      return out;
    };
    bool built = false;
    bool built_none = false;
    const auto with_reports = duties(true, &built);
    CHECK(duties(false, &built_none) == with_reports);
    CHECK(built); // a file that can be read as a case has a report, whatever it breaks
    CHECK_FALSE(built_none);
    CHECK(with_reports.find(dir.ends_with("examples") ? " open\n" : "error") != std::string::npos);
  }
}

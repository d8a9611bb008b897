// Fuzz target: every case and reference kind through the kind table, with the obligations of
// `qicase due` and every renderer of the run; the JSON document is the same with each report
// kept as its text; and the committee's portfolio, as `report` runs it, in every format. The input holds one or more files (see
// common.hpp), so that references between them (a QCAR and its notice) are exercised.
#include <cstdlib>

#include <qicase/check/run.hpp>
#include <qicase/due/due.hpp>
#include <qicase/portfolio/portfolio.hpp>
#include <qicase/report/render.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  // The input's files, parsed anew for each run (a run frees what it has checked).
  const auto parsed = [&] {
    std::vector<std::shared_ptr<Document>> docs;
    int n = 0;
    for (auto file : fuzz::split_files(fuzz::text(data, size))) {
      docs.push_back(parse_document("f" + std::to_string(n++) + ".yaml", "", file));
    }
    return docs;
  };
  Workspace ws(parsed());
  const Request request{.obligations = true, .horizon = calendar::Date::from_ymd(2025, 6, 30)};
  Context ctx{ws, fuzz::as_of(), fuzz::us_federal(), "lre-4.9a", request};
  auto results = check::run(ctx, 1).results;
  const auto document = collect([&](Sink& out) { report::render_json(results, "2024-06-15", false, out); });
  // A report kept as its text (what check --format json holds) is written as the value itself.
  for (auto& r : results) {
    r.report = json::Value::kept_as_text(r.report);
  }
  if (collect([&](Sink& out) { report::render_json(results, "2024-06-15", false, out); }) != document) {
    std::abort();
  }
  (void)report::render_diagnostics(results, false);
  (void)report::render_sarif(results);
  (void)report::render_junit(results, true);
  due::Query q;
  q.as_of = ctx.as_of;
  q.to = calendar::Date::from_ymd(2025, 6, 30);
  q.all = true;
  const auto items = due::agenda(results, q);
  (void)collect([&](Sink& out) { due::render_text(items, q, out); });
  (void)collect([&](Sink& out) { due::render_csv(items, out); });
  (void)collect([&](Sink& out) { due::render_json(items, q, results, false, out); });
  const auto feed = collect([&](Sink& out) { due::render_ical(items, q, out); });
  // The committee's portfolio, as `report` runs it (each case's part made in the run, the rows
  // viewing the run's results), in every format.
  {
    Workspace ws_report(parsed());
    const Request asked{.obligations = true,
                        .keep_reports = false,
                        .keep_typed = true,
                        .keep_part_only = true,
                        .pack_trees = true};
    Context ctx_report{ws_report, fuzz::as_of(), fuzz::us_federal(), "lre-4.9a", asked};
    const auto checked = check::run(ctx_report, 1).results;
    const auto p = portfolio::build(checked, ctx_report, 7);
    (void)collect([&](Sink& out) { portfolio::render_html(p, out); });
    (void)collect([&](Sink& out) { portfolio::render_markdown(p, out); });
    (void)collect([&](Sink& out) { portfolio::render_json(p, out); });
  }
  // RFC 5545: no content line over 75 octets.
  std::size_t start = 0;
  for (auto at = feed.find("\r\n"); at != std::string::npos; at = feed.find("\r\n", start)) {
    if (at - start > 75) {
      std::abort();
    }
    start = at + 2;
  }
  return 0;
}

#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include <qicase/check/run.hpp>
#include <qicase/portfolio/portfolio.hpp>

#include "helpers.hpp"

using namespace qicase;
using qicase::test::d;

namespace {

std::string html_of(const portfolio::Portfolio& p)
{
  return collect([&](Sink& out) { portfolio::render_html(p, out); });
}
std::string markdown_of(const portfolio::Portfolio& p)
{
  return collect([&](Sink& out) { portfolio::render_markdown(p, out); });
}
std::string json_of(const portfolio::Portfolio& p)
{
  return collect([&](Sink& out) { portfolio::render_json(p, out); });
}

// `path` views text that outlives the portfolio (a literal), as a row views the run's results.
portfolio::Portfolio one_delegate(std::string name, std::string_view path)
{
  portfolio::Portfolio p;
  p.as_of = d("2024-09-30");
  portfolio::Delegate del;
  del.key = "name:x";
  del.name = std::move(name);
  del.cases.push_back({"notice", "NNC-1", path, "overdue", true, d("2024-09-01"), "a <b>reply</b>", {}, 0});
  portfolio::AuditScore a;
  a.id = "AUD-1";
  a.path = "audit.yaml";
  a.date = d("2024-06-01");
  a.type = "annual";
  a.rated = true;
  a.possible = 10000;
  a.received = 8999;
  a.percent = 8999; // 89.99%: under the line, never rounded up to it
  a.line = 9000;
  a.rating = "Not Met";
  a.standards.push_back({"CR1", "Policies", 100, 99, 9900});
  del.audits.push_back(a);
  del.standards = {{"CR1", "Policies"}}; // as build() lists them
  p.delegates.push_back(std::move(del));
  return p;
}

} // namespace

TEST_CASE("report: case text is escaped in the page, and a link never carries a scheme")
{
  const auto html = html_of(one_delegate("<script>alert(1)</script> & Co", "javascript:alert(1).yaml"));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") != std::string::npos);
  CHECK(html.find("href=\"./javascript%3Aalert%281%29.yaml\"") != std::string::npos);
  CHECK(html.find("a &lt;b&gt;reply&lt;/b&gt;") != std::string::npos);
  // Self-contained: nothing to fetch (the only URL is the SVG namespace, one per chart).
  std::size_t urls = 0, namespaces = 0;
  for (auto at = html.find("http://"); at != std::string::npos; at = html.find("http://", at + 1)) {
    ++urls;
    namespaces += html.compare(at, 26, "http://www.w3.org/2000/svg") == 0 ? 1 : 0;
  }
  CHECK(namespaces == 2);
  CHECK(urls == namespaces);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
}

TEST_CASE("report: 89.99% is shown as 89.99%, under the 90% line, in the page, markdown and JSON")
{
  const auto p = one_delegate("Acme", "notice.yaml");
  const auto html = html_of(p);
  CHECK(html.find(">89.99%<") != std::string::npos);
  CHECK(html.find("90% line") != std::string::npos);
  CHECK(html.find("role=\"img\"") != std::string::npos);
  CHECK(markdown_of(p).find("| 89.99 of 100.00 | 89.99% | Not Met |") != std::string::npos);
  const auto json = json_of(p);
  CHECK(json.find("\"percent\": 89.99") != std::string::npos);
  CHECK(json.find("\"line\": 90.00") != std::string::npos);
  // Same portfolio, same bytes.
  CHECK(html_of(p) == html);
}

TEST_CASE("report: cases group by the delegate they name, and those needing attention come first")
{
  // A notice to `name`, issued `issued`, answered within `within`.
  auto notice = [](std::string_view id, std::string_view name, std::string_view issued,
                   std::string_view within) {
    return fmt::format(R"(kind: notice
id: {}
issuer: Example Regional Entity
recipient: {{name: {}, type: member}}
issued: {}
findings:
  - {{id: F1, summary: Late incidents, category: other, basis: Contract 7.3, evidence: [Q4 log]}}
response: {{required: qcar, within: {}}}
contest: {{allowed: true}}
)",
                       id, name, issued, within);
  };
  const std::vector<std::pair<std::string, std::string>> files = {
    {"a.yaml", notice("NNC-1", "Harbor  Behavioral", "2024-03-04", "14d")},
    {"b.yaml", notice("NNC-2", "harbor behavioral", "2024-09-20", "14d")},
    {"c.yaml", notice("NNC-3", "Acme", "2024-09-20", "30d")},
  };
  std::vector<std::shared_ptr<Document>> docs;
  for (const auto& [path, text] : files) {
    docs.push_back(test::doc(text, path));
  }
  Workspace ws(docs);
  // The portfolio is built from each case's part, made in the run (as `report` asks).
  const Request request{
    .obligations = true, .keep_reports = false, .keep_typed = true, .keep_part_only = true};
  Context ctx{ws, d("2024-09-30"), std::make_shared<const calendar::Calendar>(test::us_federal()), "lre-4.9a",
              request};
  const auto results = check::run(ctx, 1).results;
  const auto p = portfolio::build(results, ctx, 7);
  REQUIRE(p.delegates.size() == 2);
  // Without a registry, names that differ only in case and spaces are one delegate.
  CHECK(p.delegates[0].name == "Harbor  Behavioral");
  CHECK(p.delegates[0].cases.size() == 2);
  CHECK(p.delegates[0].overdue.size() == 1);
  // An overdue response is serious: red, named before the counts.
  CHECK(p.delegates[0].attention
        == std::vector<std::string>{"notice NNC-1: response overdue (4.9A B.2)", "1 obligation overdue"});
  CHECK(p.delegates[0].rating == portfolio::Rating::red);
  // The trend: the last eight quarters ended by --as-of (2024-09-30 ends its own), and at the
  // end of the last one the same obligations overdue as today.
  REQUIRE(p.quarters.size() == 8);
  CHECK(p.quarters.front().label == "2022-Q4");
  CHECK(p.quarters.back().label == "2024-Q3");
  CHECK(p.quarters.back().last == d("2024-09-30"));
  CHECK(p.delegates[0].trend_overdue.back() == p.delegates[0].overdue.size());
  CHECK(p.delegates[0].trend_overdue.front() == 0); // the notice was issued in 2024
  CHECK(p.delegates[1].name == "Acme");
  CHECK(p.delegates[1].attention.empty());
  CHECK(p.delegates[1].rating == portfolio::Rating::green);
  CHECK(p.summary.case_count == 3);
  CHECK(p.summary.cases.at("notice").at("overdue") == 1);
  // Cases naming the same delegate share one record of whom they concern.
  const auto b = std::find_if(results.begin(), results.end(),
                              [](const auto& r) { return r.path == "b.yaml"; });
  REQUIRE(b != results.end());
  REQUIRE(b->delegate != nullptr);
  CHECK(b->delegate->name == "harbor behavioral");
  CHECK(ws.given().size() == 3);
  // The run is over: the notices' readings it shared for the files answering them are dropped
  // (a reading asked for now is made anew).
  int made = 0;
  const auto again = ws.cached<int>(ws.given()[0].get(), "notice", [&] {
    ++made;
    return std::make_shared<const int>(1);
  });
  REQUIRE(made == 1); // else `again` is the old reading, not an int
  CHECK(*again == 1);
}

TEST_CASE("report: cases naming the same delegate share one link to it")
{
  const auto notice = [](std::string_view id) {
    return fmt::format(R"(kind: notice
id: {}
issuer: Example Regional Entity
recipient: {{name: Acme, type: member}}
issued: 2024-09-20
findings:
  - {{id: F1, summary: Late incidents, category: other, basis: Contract 7.3, evidence: [Q4 log]}}
response: {{required: qcar, within: 30d}}
contest: {{allowed: true}}
)",
                       id);
  };
  Workspace ws({test::doc(notice("NNC-1"), "a.yaml"), test::doc(notice("NNC-2"), "b.yaml")});
  const Request request{
    .obligations = true, .keep_reports = false, .keep_typed = true, .keep_part_only = true};
  Context ctx{ws, d("2024-09-30"), std::make_shared<const calendar::Calendar>(test::us_federal()), "lre-4.9a",
              request};
  const auto results = check::run(ctx, 2).results;
  REQUIRE(results.size() == 2);
  REQUIRE(results[0].delegate != nullptr);
  CHECK(results[0].delegate->name == "Acme");
  CHECK(results[0].delegate.get() == results[1].delegate.get());
}

TEST_CASE("report: a finding's `code` is a code span in HTML, its text still escaped")
{
  auto p = one_delegate("Acme", "n.yaml");
  p.delegates[0].cases[0].findings.push_back(
    {"notice.issuer", "4.9A B", "error", "the notice has no `issuer`: add `<b>x</b>`, then ` alone", 3});
  auto html = html_of(p);
  // An odd number of backticks: none is taken for a span.
  CHECK(html.find("the notice has no `issuer`: add `&lt;b&gt;x&lt;/b&gt;`, then ` alone")
        != std::string::npos);
  p.delegates[0].cases[0].findings.back().message = "the notice has no `issuer`: add `<b>x</b>`";
  html = html_of(p);
  CHECK(html.find("the notice has no <code>issuer</code>: add <code>&lt;b&gt;x&lt;/b&gt;</code>")
        != std::string::npos);
}

TEST_CASE("report: --link-base is a relative folder or an http(s) URL, ending in /")
{
  CHECK(portfolio::valid_link_base("../"));
  CHECK(portfolio::valid_link_base("docs/cases/"));
  CHECK(portfolio::valid_link_base("https://git.example/r/blob/main/"));
  CHECK_FALSE(portfolio::valid_link_base(".."));
  CHECK_FALSE(portfolio::valid_link_base("javascript:alert(1)//"));
  CHECK_FALSE(portfolio::valid_link_base("file:/etc/"));
  CHECK_FALSE(portfolio::valid_link_base("//evil.example/"));
  // Browsers read a backslash as a slash and drop tabs and line feeds: another host.
  CHECK_FALSE(portfolio::valid_link_base("/\\evil.example/"));
  CHECK_FALSE(portfolio::valid_link_base("\\/evil.example/"));
  CHECK_FALSE(portfolio::valid_link_base(" //evil.example/"));
  CHECK_FALSE(portfolio::valid_link_base("/\t/evil.example/"));
  CHECK_FALSE(portfolio::valid_link_base("/\n/evil.example/"));
  CHECK_FALSE(portfolio::valid_link_base("https://git.example/a b/"));
  auto p = one_delegate("Acme", "cases/a b#1.yaml");
  p.link_base = "https://git.example/r/blob/main/";
  CHECK(html_of(p).find("href=\"https://git.example/r/blob/main/cases/a%20b%231.yaml\"")
        != std::string::npos);
  // An absolute path never becomes a link to another host.
  p.link_base.clear();
  p.delegates[0].cases[0].path = "//evil.example/x.yaml";
  CHECK(html_of(p).find("href=\"/evil.example/x.yaml\"") != std::string::npos);
}

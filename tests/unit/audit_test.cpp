#include <doctest/doctest.h>

#include <memory>

#include <qicase/audit/audit.hpp>
#include <qicase/reference/rubric.hpp>

#include "helpers.hpp"

using namespace qicase;
using namespace qicase::reference;
using qicase::test::d;

namespace {

struct Scored
{
  Diagnostics diags;
  audit::Audit audit;
  audit::Result result; // the audit evaluated
  json::Value report;
  std::vector<std::string> rules() const { return test::rules(diags); }
  const audit::ElementScore& element(std::string_view standard, std::string_view id) const
  {
    for (const auto& s : audit.standards) {
      for (const auto& e : s.elements) {
        if (s.id == standard && e.id == id) {
          return e;
        }
      }
    }
    FAIL("no such element");
    return audit.standards.at(0).elements.at(0);
  }
};

Scored score(const std::string& audit_text, const std::string& rubric_text = "",
             const std::string& other_audit = "", std::string_view as_of = "2024-06-30")
{
  std::vector<std::shared_ptr<Document>> docs{test::doc(audit_text, "audit.yaml")};
  if (!rubric_text.empty()) {
    docs.push_back(test::doc(rubric_text, "rubric.yaml"));
  }
  if (!other_audit.empty()) {
    docs.push_back(test::doc(other_audit, "previous.yaml"));
  }
  Workspace ws(docs);
  auto cal = std::make_shared<const calendar::Calendar>(test::us_federal());
  Context ctx{ws, d(as_of), cal};
  Scored s;
  s.diags = Diagnostics("audit.yaml");
  s.audit = audit::read_audit(*docs[0], ctx, s.diags);
  s.result = audit::evaluate(s.audit, ctx);
  s.report = audit::to_json(s.audit, s.result);
  return s;
}

// An audit of the built-in rubric with only the given results (other standards not scored).
std::string audit_of(const std::string& results, bool delegation = false)
{
  return std::string("kind: audit\nid: AUD-T\ndelegate: G\ntype: annual\ndate: 2024-05-14\n"
                     "delegation: ")
         + (delegation ? "true" : "false") + "\nresults:\n" + results;
}

} // namespace

TEST_CASE("counts: every form")
{
  CHECK(parse_count("12")->matches(12, 12));
  CHECK_FALSE(parse_count("12")->matches(11, 12));
  CHECK(parse_count("8-11")->matches(8, 12));
  CHECK(parse_count("8-11")->matches(11, 12));
  CHECK_FALSE(parse_count("8-11")->matches(12, 12));
  CHECK(parse_count("4+")->matches(6, 6));
  CHECK_FALSE(parse_count("4+")->matches(3, 6));
  CHECK(parse_count("all")->matches(4, 4));
  CHECK_FALSE(parse_count("all")->matches(5, 6));
  CHECK(parse_count("all-1")->matches(14, 15));
  CHECK_FALSE(parse_count("all-1")->matches(13, 15));
  CHECK(parse_count("all-3+")->matches(12, 15));
  CHECK(parse_count("all-3+")->matches(14, 15));
  CHECK_FALSE(parse_count("all-3+")->matches(11, 15));
  CHECK(parse_count("rest").has_value());
  CHECK_FALSE(parse_count("5-3"));
  CHECK_FALSE(parse_count("many"));
}

TEST_CASE("file-review bands at their edges: 59.99/60 and 89.99/90")
{
  // CR4 A: one factor; High -> 100%, Medium -> 50%, Low -> 0%.
  auto band = [](std::string_view rate) {
    auto s = score(audit_of("  CR4: {A: {file_review: [" + std::string(rate) + "]}}\n"));
    return format_percent(s.element("CR4", "A").score);
  };
  CHECK(band("90%") == "100%");
  CHECK(band("89.99%") == "50%");
  CHECK(band("60%") == "50%");
  CHECK(band("59.99%") == "0%");
  CHECK(band("59%") == "0%");
  CHECK(band("100%") == "100%");
}

TEST_CASE("file-review tiers count applicable factors; `rest` means the other factors")
{
  auto a = score(audit_of("  CR3:\n    A: {file_review: [100%, 96%, 88%, 100%, 92%, 100%]}\n"
                          "    RA: {file_review: [100%, 90%, na, 89%, na, 100%]}\n"
                          "    B: {file_review: [95%, 70%]}\n    RB: {file_review: [70%, 70%]}\n"
                          "    C: {file_review: [100%, 100%, 100%, 50%, 50%, 50%]}\n"
                          "    RC: {file_review: [50%, 50%, 50%, 50%, 100%, 100%]}\n"));
  CHECK(a.element("CR3", "A").score == 8000); // high 5, medium 1
  CHECK(a.element("CR3", "A").tier == "high 4-5, medium rest");
  CHECK(a.element("CR3", "RA").score == 8000); // of 4 applicable: high 3, medium 1
  CHECK(a.element("CR3", "B").score == 8000);  // high 1, medium 1
  CHECK(a.element("CR3", "RB").score == 5000); // medium both
  CHECK(a.element("CR3", "C").score == 2000);  // low 3
  CHECK(a.element("CR3", "RC").score == 0);    // low 4
}

TEST_CASE("factors: counts and lists; the critical factor caps at 20%")
{
  auto a = score(audit_of("  CR8:\n    A: {met: 2}\n    B: {met: [2, 3, 4]}\n    C: {met: [1, 2]}\n"
                          "    D: {met: 1}\n    E: {met: 0}\n"));
  CHECK(a.element("CR8", "A").score == 8000);
  CHECK(a.element("CR8", "B").score == 2000); // 3 of 4 would be 80%, but hospitals (1) are critical
  CHECK(a.element("CR8", "B").received == 3);
  CHECK(a.element("CR8", "C").score == 5000);
  CHECK(a.element("CR8", "E").score == 0);
  auto with_critical = score(
    audit_of("  CR8: {A: {met: 3}, B: {met: [1, 2, 3]}, C: {met: 3}, D: {met: 1}, E: {met: 1}}\n"));
  CHECK(with_critical.element("CR8", "B").score == 8000);
  auto count_only = score(
    audit_of("  CR8: {A: {met: 3}, B: {met: 3}, C: {met: 3}, D: {met: 1}, E: {met: 1}}\n"));
  const auto rules = count_only.rules();
  CHECK(std::count(rules.begin(), rules.end(), "audit.critical") == 1);
  CHECK(count_only.audit.standards[7].elements.size() == 4); // B is not scored
  // "No scoring option" rows are never chosen: CR1.B with 2 factors is 80%, not 50%.
  CHECK(score(audit_of("  CR1: {A: {met: 12}, B: {met: 2}}\n")).element("CR1", "B").score == 8000);
}

TEST_CASE("na at each level is left out of received and possible")
{
  auto a = score(audit_of("  CR3:\n    A: {file_review: [100%, 100%, 100%, 100%, 100%, 100%]}\n"
                          "    RA: {file_review: [100%, 100%, na, 100%, na, 100%]}\n    B: na\n    RB: na\n"
                          "    C: {file_review: [na, na, na, na, na, na]}\n    RC: na\n  CR8: na\n"));
  const auto& cr3 = a.audit.standards[2];
  CHECK(cr3.possible == 142); // A + RA only
  CHECK(cr3.received == 142);
  CHECK(a.audit.standards[7].state == audit::State::na);
  CHECK(a.result.possible == 142);
}

TEST_CASE("both columns; CR 9 only with delegation")
{
  const std::string results =
    "  CR1: {A: {met: 11}, B: {met: 3}}\n"
    "  CR9: {A: {met: 6}, B: {met: 6}, C: {score: 50%}, D: {met: 4}, E: {score: 100%}}\n";
  auto without = score(audit_of(results, false));
  CHECK(without.audit.column == "no-delegation");
  CHECK(without.audit.standards[0].received == 35); // 0.19 + 0.16
  CHECK(without.audit.standards[8].state == audit::State::not_applicable);
  CHECK(std::find(without.rules().begin(), without.rules().end(), "audit.delegation")
        != without.rules().end());
  auto with = score(audit_of(results, true));
  CHECK(with.audit.column == "delegation");
  CHECK(with.audit.standards[0].received == 31); // 0.17 + 0.14
  CHECK(with.audit.standards[8].possible == 79); // the elements' sum, not the printed 0.80
  CHECK(with.audit.standards[8].received == 75); // 0.19 + 0.12 + 0.05 + 0.30 + 0.09
}

TEST_CASE("the rating compares exactly: 90.00% is Fully Met, 89.99% is not")
{
  auto rubric = [](std::string_view partial) {
    return "kind: rubric\nid: edge\ncolumns: [no-delegation, delegation]\n"
           "rating: [{at_least: 90%, label: Fully Met}, {label: Not Met}]\nstandards:\n"
           "  - id: S1\n    points: {no-delegation: 100.00, delegation: 100.00}\n    elements:\n"
           "      - id: A\n        factors: 2\n        tiers:\n"
           "          - {score: 100%, met: \"2\", points: [100.00]}\n"
           "          - {score: 50%, met: \"1\", points: ["
           + std::string(partial)
           + "]}\n"
             "          - {score: 0%, met: \"0\", points: [0]}\n";
  };
  const auto audit = "kind: audit\nid: AUD-E\nrubric: edge\ndelegate: G\ntype: annual\ndate: 2024-05-14\n"
                     "delegation: false\nresults:\n  S1: {A: {met: 1}}\ncorrective_actions:\n"
                     "  - {element: S1.A, action: fix, due: 2024-09-01}\n";
  auto at = score(audit, rubric("90.00"));
  CHECK(at.result.rating == "Fully Met");
  CHECK(at.report.find("total")->find("percent")->text() == "90.0");
  auto below = score(audit, rubric("89.99"));
  CHECK(below.result.rating == "Not Met");
  CHECK(below.report.find("total")->find("percent")->text() == "89.9"); // never rounded up to 90.0
  CHECK(audit::percent(8996, 10000) == 8996);
  CHECK(audit::percent_text(8996) == "89.9");
}

TEST_CASE("the built-in rubric's three sums that differ from the printed totals")
{
  Diagnostics diags;
  read_rubric(*Workspace::builtin("cr-delegation"), diags);
  std::vector<std::string> messages;
  for (const auto& x : diags.items()) {
    CHECK(x.severity == Severity::warning);
    messages.push_back(x.message);
  }
  CHECK(messages
        == std::vector<std::string>{
          "CR3 no-delegation: the elements add up to 3.22 points, the standard prints 3.20; scores use the "
          "elements' sum",
          "CR8 delegation: the elements add up to 0.74 points, the standard prints 0.72; scores use the "
          "elements' sum",
          "CR9 delegation: the elements add up to 0.79 points, the standard prints 0.80; scores use the "
          "elements' sum",
        });
}

TEST_CASE("rubric files are validated: tier order, counts, bands, points per column")
{
  Diagnostics diags("r.yaml");
  auto doc = test::doc("kind: rubric\nid: r\ncolumns: [a, b]\nrating: [{label: ok}]\nstandards:\n"
                       "  - id: S\n    elements:\n      - id: A\n        factors: 3\n        tiers:\n"
                       "          - {score: 50%, met: \"1-2\", points: [1, 1]}\n"
                       "          - {score: 100%, met: \"three\", points: [1, 2, 3]}\n"
                       "      - id: B\n        scoring: file-review\n        tiers:\n"
                       "          - {score: 100%, when: {hi: all}, points: [1]}\n");
  read_rubric(*doc, diags);
  std::vector<std::string> rules;
  for (const auto& x : diags.items()) {
    rules.push_back(x.rule);
  }
  CHECK(rules
        == std::vector<std::string>{"rubric.count", "rubric.points", "rubric.tier-order", "rubric.band"});
}

TEST_CASE("corrective actions: every element below 100% needs one; the previous audit's open ones carry over")
{
  auto missing = score(audit_of("  CR1: {A: {met: 11}, B: {met: 3}}\n"));
  CHECK(missing.audit.missing_actions == std::vector<std::string>{"CR1.A"});
  auto unknown = score(audit_of("  CR1: {A: {met: 12}, B: {met: 3}}\n")
                       + "corrective_actions: [{element: CR1.Z, action: x, due: 2024-07-01}]\n");
  const auto unknown_rules = unknown.rules();
  CHECK(std::count(unknown_rules.begin(), unknown_rules.end(), "audit.corrective-action") == 1);

  // Open actions of `previous` carry over; one closed by --as-of does not.
  const std::string previous =
    "kind: audit\nid: AUD-PREV\ndelegate: G\ntype: annual\ndate: 2023-05-14\ndelegation: false\n"
    "results:\n  CR1: {A: {met: 11}, B: {met: 2}}\ncorrective_actions:\n"
    "  - {element: CR1.A, action: open one, due: 2023-08-01}\n"
    "  - {element: CR1.B, action: closed one, due: 2023-08-01, closed: 2024-01-10}\n"
    "  - {element: CR1.B, action: closed later, due: 2023-08-01, closed: 2024-09-01}\n";
  const auto current = audit_of("  CR1: {A: {met: 12}, B: {met: 3}}\n") + "previous: AUD-PREV\n";
  auto carried = score(current, "", previous);
  REQUIRE(carried.audit.carried_over.size() == 2);
  CHECK(carried.audit.carried_over[0].action == "open one");
  CHECK(carried.audit.carried_over[1].action == "closed later"); // not yet closed on 2024-06-30
  CHECK(carried.report.find("carried_over")->as_array().size() == 2);
  auto later = score(current, "", previous, "2024-09-01");
  CHECK(later.audit.carried_over.size() == 1);
  auto dangling = score(audit_of("  CR1: {A: {met: 12}, B: {met: 3}}\n") + "previous: AUD-NONE\n");
  const auto dangling_rules = dangling.rules();
  CHECK(std::count(dangling_rules.begin(), dangling_rules.end(), "ref.dangling") == 1);
}

TEST_CASE("sample sizes: ncqa 10% or 50, at least 10, all when fewer; urac 8/30 + 2 (the rubric's data)")
{
  Diagnostics diags;
  const auto rubric = read_rubric(*Workspace::builtin("cr-delegation"), diags);
  REQUIRE(rubric.sample("ncqa") != nullptr);
  REQUIRE(rubric.sample("urac") != nullptr);
  CHECK(rubric.sample("other") == nullptr);
  const auto& ncqa_rule = *rubric.sample("ncqa");
  const auto& urac = *rubric.sample("urac");
  const std::vector<std::pair<long, long>> ncqa = {{0, 0},    {9, 9},    {10, 10},  {99, 10},  {100, 10},
                                                   {101, 11}, {500, 50}, {501, 50}, {1000, 50}};
  for (const auto& row : ncqa) {
    CAPTURE(row.first);
    CHECK(audit::sample_size(row.first, ncqa_rule).sample == row.second);
    CHECK(audit::sample_size(row.first, ncqa_rule).expanded == row.second);
  }
  CHECK(audit::sample_size(9, urac).sample == 9);
  CHECK(audit::sample_size(100, urac).sample == 10);
  CHECK(audit::sample_size(100, urac).expanded == 32);
  CHECK(audit::sample_size(20, urac).expanded == 20);
  CHECK(audit::sample_size(10000000, ncqa_rule).sample == 50); // the largest count --initial takes
}

TEST_CASE("rubric: a lower tier may not be worth more points than the one above (no score over 100%)")
{
  Diagnostics diags("r.yaml");
  auto doc = test::doc("kind: rubric\nid: r\ncolumns: [a]\nrating: [{label: ok}]\nstandards:\n"
                       "  - id: S\n    elements:\n      - id: A\n        factors: 3\n        tiers:\n"
                       "          - {score: 100%, met: all, points: [0.71]}\n"
                       "          - {score: 80%, met: \"2\", points: [1.28]}\n"
                       "          - {score: 0%, met: \"0-1\", points: [0]}\n");
  read_rubric(*doc, diags);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].rule == "rubric.tier-order");
  CHECK(diags.items()[0].mark.line == 12);
  CHECK(diags.items()[0].message
        == "1.28 points at 80% is more than the 0.71 of the tier above (100%): points fall with the score");
}

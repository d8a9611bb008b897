#pragma once

#include <span>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/number.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

// A count of factors in a tier's condition: "12", "8-11", "4+", "all", "all-1" (all but one),
// "all-3+" (all but three or more met), "rest" (the applicable factors not counted by the
// condition's other bands).
struct Count
{
  enum class Kind { range, all, all_minus, all_minus_or_more, rest };
  Kind kind = Kind::range;
  int lo = 0;
  int hi = 0; // range upper bound; -1 = no bound ("4+")

  bool matches(int count, int applicable) const;
};
std::optional<Count> parse_count(std::string_view text);

enum class Band { high, medium, low };

struct Tier
{
  Hundredths score = 0;                     // 10000 = 100%
  std::optional<Count> met;                 // scoring: factors
  std::vector<std::pair<Band, Count>> when; // scoring: file-review
  bool chosen_by_auditor = false;           // scoring: choice (the audit names the score)
  std::vector<Hundredths> points;           // per column
  bool option = true;                       // false: "No scoring option" (never chosen)
};

enum class Scoring { factors, file_review, choice };

struct Element
{
  std::string id;
  std::string title;
  Scoring scoring = Scoring::factors;
  int factors = 1;
  std::vector<int> critical;   // a critical factor not met caps the score at 20%
  std::vector<int> na_factors; // factors that never apply (RA: 3 and 5)
  std::vector<Tier> tiers;     // falling order
  std::string source;
};

struct Standard
{
  std::string id;
  std::string title;
  std::vector<Hundredths> printed;  // per column, as printed in the tool
  bool requires_delegation = false; // scored only when the audit's `delegation` is true
  std::vector<Element> elements;
};

struct Rating
{
  std::optional<Hundredths> at_least; // percent in hundredths; none: the fallback label
  std::string label;
};

// A file-review sample rule (`file_review_samples`): `percent` of the files rounded up, at
// least `at_least`, at most `at_most`; `expanded` files when `expanded_when`; all files when
// there are fewer.
struct SampleRule
{
  std::string method;
  std::optional<Hundredths> percent;
  long at_least = 0;
  std::optional<long> at_most;
  std::optional<long> expanded;
  std::string expanded_when;
};

// An audit scoring rubric (kind: rubric). Built in: cr-delegation.
struct Rubric
{
  std::string id;
  std::string title;
  std::vector<std::string> columns;
  Hundredths high = 9000;   // file-review band: High from 90%
  Hundredths medium = 6000; // Medium from 60%; Low below
  std::vector<Rating> rating;
  std::vector<Standard> standards;
  std::vector<SampleRule> samples; // file_review_samples, in file order
  const SampleRule* sample(std::string_view method) const;
  // The time from one oversight audit to the next (the tool's "Next Oversight Date"); none:
  // an audit's next oversight date is only what it states.
  std::optional<calendar::Duration> oversight_cycle;

  const Standard* standard(std::string_view id) const;
  int column(std::string_view name) const; // -1 when unknown
  Band band(Hundredths percent) const;
};

// Reads and validates a rubric file: tiers in falling order, known counts and bands, points for
// every column, and each standard's element sums against its printed points (a difference is a
// warning naming both figures; scoring uses the element sums).
Rubric read_rubric(const Document& doc, Diagnostics& diags);

// The points an element is worth in `column`: its 100% tier.
Hundredths element_possible(const Element& e, int column);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> rubric_field_tables();

} // namespace qicase::reference

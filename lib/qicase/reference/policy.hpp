#pragma once

#include <span>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

// Finding categories of a notice: 4.9A L.1-5 and `other`.
const std::vector<std::string_view>& finding_categories();
// The L clause of a category ("4.9A L.4"), or "" for other.
std::string_view category_clause(std::string_view category);

enum class Roll { none, following, preceding };

// The rules a notice, QCAR or CAP follows (kind: policy). Every number is data: a key a policy
// file leaves out takes the value of the built-in policy `lre-4.9a` (data/builtin/lre-4.9a.yaml:
// procedure 4.9A's 30 days of D.3, 90 days of I, 5 business days of F.4).
struct Policy
{
  std::string id;
  std::string title;
  std::vector<std::string> cap_categories; // findings for which a CAP may be required (L)
  calendar::Duration qcar_max_timeframe;   // D.3
  Roll deadline_roll = Roll::none;
  calendar::Duration cap_reasonable_time; // I
  calendar::Duration cap_report_grace;    // F.4
};

// The id of the built-in policy whose values a policy file's omitted keys take.
inline constexpr std::string_view k_default_policy = "lre-4.9a";
// The built-in policy, read once.
const Policy& default_policy();

// Moves a deadline that falls on a weekend, holiday or closure as the policy says
// (qcar.deadline_roll): none, to the following or to the preceding business day.
calendar::Date roll(Roll rule, calendar::Date date, const calendar::Calendar& cal);
std::string_view to_string(Roll rule);

// Reads and validates a policy file; problems go to `diags`.
Policy read_policy(const Document& doc, Diagnostics& diags);

// The policy `id` as seen from `from`, reporting at `mark` a dangling reference, a file of
// another kind, or a policy file with errors. Never null: falls back to default_policy().
std::shared_ptr<const Policy> policy_for(Context& ctx, const Document& from, std::string_view id, Mark mark,
                                         Diagnostics& diags);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> policy_field_tables();

} // namespace qicase::reference

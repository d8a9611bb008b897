#include <qicase/reference/policy.hpp>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_policy_fields[] = {
  {"kind",   As::text, Req::yes},
  {"id",     As::text, Req::yes},
  {"title",  As::text, Req::no},
  {"source", As::text, Req::no},
  {"notice", As::map,  Req::no},
  {"qcar",   As::map,  Req::no},
  {"cap",    As::map,  Req::no},
};
const yaml::Field k_notice_fields[] = {
  {"cap_categories", As::list, Req::no},
};
const yaml::Field k_qcar_fields[] = {
  {"max_timeframe", As::duration, Req::no},
  {"deadline_roll", As::choice,   Req::no},
};
const yaml::Field k_cap_fields[] = {
  {"reasonable_time", As::duration, Req::no},
  {"report_grace",    As::duration, Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_policy_fields},
  {"/properties/notice", k_notice_fields},
  {"/properties/qcar", k_qcar_fields},
  {"/properties/cap", k_cap_fields},
};

} // namespace

const std::vector<std::string_view>& finding_categories()
{
  static const std::vector<std::string_view> k_categories = {
    "reporting-timeliness",  // 4.9A L.1
    "performance-indicator", // 4.9A L.2
    "recurring",             // 4.9A L.3
    "critical-incident",     // 4.9A L.4
    "safety-risk",           // 4.9A L.5
    "other",
  };
  return k_categories;
}

std::string_view category_clause(std::string_view category)
{
  const auto& c = finding_categories();
  static constexpr std::string_view k_clauses[] = {"4.9A L.1", "4.9A L.2", "4.9A L.3",
                                                   "4.9A L.4", "4.9A L.5", ""};
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i] == category) {
      return k_clauses[i];
    }
  }
  return "";
}

calendar::Date roll(Roll rule, calendar::Date date, const calendar::Calendar& cal)
{
  switch (rule) {
  case Roll::following: return cal.roll_following(date);
  case Roll::preceding: return cal.roll_preceding(date);
  case Roll::none: break;
  }
  return date;
}

std::string_view to_string(Roll rule)
{
  return rule == Roll::following ? "following" : rule == Roll::preceding ? "preceding" : "none";
}

const Policy& default_policy()
{
  static const Policy k_policy = [] {
    const Document* doc = Workspace::builtin(k_default_policy);
    Diagnostics diags(doc != nullptr ? doc->path : std::string());
    return doc != nullptr ? read_policy(*doc, diags) : Policy{};
  }();
  return k_policy;
}

Policy read_policy(const Document& doc, Diagnostics& diags)
{
  // The built-in policy is read from nothing; any other starts from it.
  Policy policy = doc.builtin && doc.id == k_default_policy ? Policy{} : default_policy();
  policy.id = doc.id;
  policy.title.clear();
  yaml::Fields top(&*doc.root, diags, k_policy_fields, "the policy");
  policy.title = top.text("title").value_or("");
  top.text("source");

  yaml::Fields notice(top.map("notice"), diags, k_notice_fields, "`notice`", top.mark());
  if (const auto* list = notice.list("cap_categories")) {
    policy.cap_categories.clear(); // the file's list replaces the default one
    for (const auto& item : list->children) {
      auto category = yaml::read_text(item, diags, "a CAP category");
      if (!category) {
        continue;
      }
      bool known = false;
      for (auto c : finding_categories()) {
        known = known || c == *category;
      }
      if (!known) {
        diags.error(item.mark, "policy.category",
                    fmt::format("unknown finding category `{}`{}: write reporting-timeliness, "
                                "performance-indicator, recurring, critical-incident, "
                                "safety-risk or other",
                                utf8_prefix(*category, 40), did_you_mean(*category, finding_categories())));
        continue;
      }
      policy.cap_categories.push_back(*category);
    }
  }

  yaml::Fields qcar(top.map("qcar"), diags, k_qcar_fields, "`qcar`", top.mark());
  if (auto d = qcar.duration("max_timeframe")) {
    policy.qcar_max_timeframe = *d;
  }
  if (auto roll = qcar.choice("deadline_roll", {"none", "following", "preceding"})) {
    policy.deadline_roll = *roll == "following"   ? Roll::following
                           : *roll == "preceding" ? Roll::preceding
                                                  : Roll::none;
  }

  yaml::Fields cap(top.map("cap"), diags, k_cap_fields, "`cap`", top.mark());
  if (auto d = cap.duration("reasonable_time")) {
    policy.cap_reasonable_time = *d;
  }
  if (auto d = cap.duration("report_grace")) {
    policy.cap_report_grace = *d;
  }
  return policy;
}

std::shared_ptr<const Policy> policy_for(Context& ctx, const Document& from, std::string_view id, Mark mark,
                                         Diagnostics& diags)
{
  const Document* doc = resolve_reference(ctx.workspace, from, id, "policy", mark, diags);
  if (doc == nullptr) {
    return std::make_shared<const Policy>(default_policy());
  }
  return ctx.workspace.cached<Policy>(doc, "policy", [&] {
    Diagnostics own(doc->path);
    auto policy = std::make_shared<const Policy>(read_policy(*doc, own));
    return policy;
  });
}

std::span<const yaml::Table> policy_field_tables()
{
  return k_field_tables;
}

} // namespace qicase::reference

#include <qicase/reference/policy.hpp>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

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
  yaml::Fields top(&*doc.root, diags, {"kind", "id", "title", "source", "notice", "qcar", "cap"},
                   "the policy");
  policy.title = top.text("title").value_or("");
  top.text("source");

  yaml::Fields notice(top.map("notice"), diags, {"cap_categories"}, "`notice`", top.mark());
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

  yaml::Fields qcar(top.map("qcar"), diags, {"max_timeframe", "deadline_roll"}, "`qcar`", top.mark());
  if (auto d = qcar.duration("max_timeframe")) {
    policy.qcar_max_timeframe = *d;
  }
  if (auto roll = qcar.choice("deadline_roll", {"none", "following", "preceding"})) {
    policy.deadline_roll = *roll == "following"   ? Roll::following
                           : *roll == "preceding" ? Roll::preceding
                                                  : Roll::none;
  }

  yaml::Fields cap(top.map("cap"), diags, {"reasonable_time", "report_grace"}, "`cap`", top.mark());
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

} // namespace qicase::reference

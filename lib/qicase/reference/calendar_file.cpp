#include <qicase/reference/calendar_file.hpp>

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
const yaml::Field k_calendar_fields[] = {
  {"kind",     As::text, Req::yes},
  {"id",       As::text, Req::yes},
  {"title",    As::text, Req::no},
  {"source",   As::text, Req::no},
  {"extends",  As::text, Req::no},
  {"weekend",  As::list, Req::no},
  {"holidays", As::list, Req::no},
  {"closures", As::list, Req::no},
  {"remove",   As::list, Req::no},
};
const yaml::Field k_holiday_fields[] = {
  {"name",     As::text,    Req::yes, {"calendar.holiday", "the holiday's name"}},
  {"date",     As::text,    Req::yes, {"calendar.holiday", "the day: MM-DD, or e.g. `third monday of january`"}},
  {"observed", As::choice,  Req::no},
  {"from",     As::integer, Req::no},
  {"until",    As::integer, Req::no},
};
const yaml::Field k_closure_fields[] = {
  {"date", As::date, Req::yes, {"calendar.closure", "the day the office is closed"}},
  {"name", As::text, Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_calendar_fields},
  {"/properties/holidays/items", k_holiday_fields},
  {"/properties/closures/items/oneOf/1", k_closure_fields},
};

constexpr int k_max_extends = 8;

std::optional<unsigned> weekday_index(std::string_view name)
{
  for (unsigned w = 0; w < 7; ++w) {
    std::string lower(calendar::weekday_name(w));
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    if (lower == name) {
      return w;
    }
  }
  return std::nullopt;
}

} // namespace

namespace {

// What a calendar takes from the one it extends (default us-federal; `none`: nothing): its
// holiday rules, closures and weekend. A chain deeper than k_max_extends, a calendar extending
// itself, or a base that is missing, not a calendar or has errors is reported.
void inherit(Workspace& workspace, const Document& doc, yaml::Fields& top, int depth,
             std::vector<calendar::HolidayRule>& rules, std::vector<calendar::Closure>& closures,
             unsigned& weekend, Diagnostics& diags)
{
  using calendar::Calendar;
  std::string extends = "us-federal";
  if (auto e = top.text("extends")) {
    extends = *e;
  }
  if (extends != "none") {
    if (depth >= k_max_extends) {
      diags.error(top.mark_of("extends"), "calendar.extends",
                  fmt::format("calendars extend each other more than {} deep (a cycle?): end "
                              "the chain with `extends: none`",
                              k_max_extends));
    } else if (extends == doc.id) {
      diags.error(top.mark_of("extends"), "calendar.extends",
                  "a calendar cannot extend itself: name another calendar or `none`");
    } else if (const Document* base = workspace.resolve(extends, doc); base == nullptr) {
      diags.error(top.mark_of("extends"), "ref.dangling",
                  fmt::format("no calendar with id `{}` to extend: write an id such as "
                              "us-federal, or `none`",
                              extends.substr(0, 60)));
    } else if (base->kind != "calendar" || !base->usable()) {
      diags.error(top.mark_of("extends"), "ref.kind",
                  fmt::format("`{}` ({}) is not a calendar", extends, base->path));
    } else {
      Diagnostics base_diags(base->path);
      Calendar parent = read_calendar(workspace, *base, base_diags, depth + 1);
      if (base_diags.has_errors()) {
        diags.error(top.mark_of("extends"), "ref.invalid",
                    fmt::format("calendar `{}` ({}) has errors: run `qicase check {}`", extends, base->path,
                                base->path));
      }
      rules = parent.rules();
      closures = parent.closures();
      weekend = parent.weekend_mask();
    }
  }
}

// `weekend`: the days of the week off, at least one working day left.
void read_weekend(yaml::Fields& top, unsigned& weekend, Diagnostics& diags)
{
  using calendar::Calendar;
  if (const auto* list = top.list("weekend")) {
    weekend = 0;
    for (const auto& item : list->children) {
      auto name = yaml::read_text(item, diags, "a weekend day");
      if (!name) {
        continue;
      }
      auto w = weekday_index(*name);
      if (!w) {
        diags.error(
          item.mark, "calendar.weekday",
          fmt::format("`{}` is not a weekday: write sunday, monday, ... saturday", utf8_prefix(*name, 40)));
        continue;
      }
      weekend |= 1u << *w;
    }
    if (weekend == 0x7Fu) {
      diags.error(list->mark, "calendar.weekend",
                  "every day of the week is a weekend day: leave at least one working day");
      weekend = Calendar::k_saturday_sunday;
    }
  }
}

// One holiday rule: its name, date rule, observance and the years it holds.
void read_holiday(yaml::Fields& h, std::vector<calendar::HolidayRule>& rules, Diagnostics& diags)
{
  auto name = h.text("name");
  auto when = h.text("date");
  auto observed = h.choice("observed", {"none", "nearest-weekday"});
  auto from = h.integer("from", 1, 9999);
  auto until = h.integer("until", 1, 9999);
  if (!name || !when) {
    return;
  }
  auto parsed = calendar::parse_holiday_date(*when);
  if (!parsed.rule) {
    diags.error(h.mark_of("date"), "calendar.holiday", parsed.error);
    return;
  }
  auto rule = *parsed.rule;
  rule.name = *name;
  rule.observed = observed && *observed == "nearest-weekday" ? calendar::Observed::nearest_weekday
                                                             : calendar::Observed::none;
  rule.from = static_cast<int>(from.value_or(0));
  rule.until = static_cast<int>(until.value_or(0));
  if (rule.from != 0 && rule.until != 0 && rule.until < rule.from) {
    diags.error(h.mark_of("until"), "calendar.holiday",
                fmt::format("`until: {}` is before `from: {}`", rule.until, rule.from));
  }
  rules.push_back(std::move(rule));
}

// `remove`: holidays of the calendar extended, by name.
void remove_holidays(yaml::Fields& top, std::vector<calendar::HolidayRule>& rules, Diagnostics& diags)
{
  if (const auto* list = top.list("remove")) {
    for (const auto& item : list->children) {
      auto name = yaml::read_text(item, diags, "a holiday to remove");
      if (!name) {
        continue;
      }
      auto before = rules.size();
      std::erase_if(rules, [&](const calendar::HolidayRule& r) { return r.name == *name; });
      if (rules.size() == before) {
        std::vector<std::string_view> names;
        for (const auto& r : rules) {
          names.push_back(r.name);
        }
        diags.error(item.mark, "calendar.remove",
                    fmt::format("no holiday named `{}` to remove{}: `qicase calendar holidays "
                                "YEAR` lists the names",
                                name->substr(0, 60), did_you_mean(*name, names)));
      }
    }
  }
}

// `closures`: single days off, a date or {date, name}.
void read_closures(yaml::Fields& top, std::vector<calendar::Closure>& closures, Diagnostics& diags)
{
  if (const auto* list = top.list("closures")) {
    for (const auto& item : list->children) {
      if (item.is_map()) {
        yaml::Fields c(&item, diags, k_closure_fields, "a closure", item.mark);
        auto d = c.date("date");
        auto name = c.text("name");
        if (d) {
          closures.push_back({*d, name.value_or("Closure")});
        }
      } else if (auto d = yaml::read_date(item, diags, "a closure")) {
        closures.push_back({*d, "Closure"});
      }
    }
  }
}

} // namespace

calendar::Calendar read_calendar(Workspace& workspace, const Document& doc, Diagnostics& diags, int depth)
{
  using calendar::Calendar;
  yaml::Fields top(&*doc.root, diags, k_calendar_fields, "the calendar");
  top.text("title");
  top.text("source");

  std::vector<calendar::HolidayRule> rules;
  std::vector<calendar::Closure> closures;
  unsigned weekend = Calendar::k_saturday_sunday;

  inherit(workspace, doc, top, depth, rules, closures, weekend, diags);
  read_weekend(top, weekend, diags);
  top.each(
    "holidays", k_holiday_fields, [](std::size_t) { return std::string("a holiday"); },
    [&](yaml::Fields& h, std::size_t) { read_holiday(h, rules, diags); });

  remove_holidays(top, rules, diags);
  read_closures(top, closures, diags);
  Calendar cal(doc.id, std::move(rules), std::move(closures), weekend);
  // A calendar with a year and more of days off has no business day to count to: every
  // deadline in business days on it would never come. Built-ins are known to have none.
  if (!doc.builtin) {
    if (const auto span = cal.closed_span()) {
      diags.error(doc.kind_mark, "calendar.no-business-day",
                  fmt::format("no business day from {} to {} (a year or more): every day is a "
                              "weekend day, a holiday or a closure, so a deadline in business "
                              "days would never come; remove holidays or closures",
                              span->first.str(), span->second.str()));
    }
  }
  return cal;
}

void warn_day_off(const calendar::Calendar& cal, const std::optional<calendar::Date>& date, Mark mark,
                  std::string_view field, Diagnostics& diags)
{
  if (!date || cal.is_business_day(*date)) {
    return;
  }
  const auto name = cal.holiday(*date);
  const auto before = cal.roll_preceding(*date);
  const auto after = cal.roll_following(*date);
  if (!before.in_range() || !after.in_range()) {
    return; // no business day near it: the calendar itself says so
  }
  diags.warning(mark, "date.day-off",
                fmt::format("`{}: {}` falls on {}, a day off on calendar {}: write the business "
                            "day meant ({} or {})",
                            field, date->str(),
                            name ? *name : fmt::format("a {}", calendar::weekday_name(date->weekday())),
                            cal.id(), before.str(), after.str()));
}

std::shared_ptr<const calendar::Calendar> calendar_by_name(Workspace& workspace, std::string_view name,
                                                           Diagnostics& diags)
{
  auto named = find_named(workspace, "--calendar", name, "calendar", "the built-in one is us-federal", diags);
  if (named.doc == nullptr) {
    return nullptr;
  }
  const Document* doc = named.doc;
  auto build = [&] {
    Diagnostics own(doc->path);
    auto cal = std::make_shared<const calendar::Calendar>(read_calendar(workspace, *doc, own));
    diags.append(own);
    return cal;
  };
  if (named.owned) {
    return build(); // a file named on the command line: read once, not cached by address
  }
  return workspace.cached<calendar::Calendar>(doc, "calendar", build);
}

std::span<const yaml::Table> calendar_field_tables()
{
  return k_field_tables;
}

} // namespace qicase::reference

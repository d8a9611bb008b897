#include <qicase/reference/program.hpp>

#include <fmt/format.h>

#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_program_fields[] = {
  {"kind",                             As::text,     Req::yes},
  {"id",                               As::text,     Req::yes},
  {"title",                            As::text,     Req::no},
  {"source",                           As::text,     Req::no},
  {"cycle",                            As::map,      Req::no},
  {"lines_of_business",                As::texts,    Req::no},
  {"domains",                          As::list,     Req::no},
  {"measures",                         As::map,      Req::no},
  {"escalation",                       As::map,      Req::no},
  {"baseline_sources_tracked_in_year", As::texts,    Req::no},
  {"baseline_sources_yearly",          As::texts,    Req::no},
  {"vague_phrases",                    As::texts,    Req::no},
  {"response_within",                  As::duration, Req::no},
  {"measures_required",                As::text,     Req::no},
  {"estimates",                        As::choice,   Req::no},
  {"check_ins",                        As::choice,   Req::no},
  {"check_in_role",                    As::text,     Req::no},
  {"improve_within",                   As::duration, Req::no},
  {"notes",                            As::text,     Req::no},
};
const yaml::Field k_cycle_fields[] = {
  {"initial", As::date, Req::no},
  {"update",  As::date, Req::no},
  {"final",   As::date, Req::no},
};
const yaml::Field k_escalation_fields[] = {
  {"internal", As::texts,Req::no},
  {"external", As::texts,Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_program_fields},
  {"/properties/cycle", k_cycle_fields},
  {"/properties/escalation", k_escalation_fields},
};

} // namespace

const std::vector<std::string>* Program::list(std::string_view domain, std::string_view lob) const
{
  auto d = measures.find(std::string(domain));
  if (d == measures.end()) {
    return nullptr;
  }
  if (auto l = d->second.find(std::string(lob)); l != d->second.end()) {
    return &l->second;
  }
  if (auto all = d->second.find("all"); all != d->second.end()) {
    return &all->second;
  }
  return nullptr;
}

bool Program::has_domain(std::string_view domain) const
{
  for (const auto& group : domains) {
    for (const auto& d : group) {
      if (d == domain) {
        return true;
      }
    }
  }
  return measures.count(std::string(domain)) > 0;
}

namespace {

// `cycle`: the initial plan, the update and the final results, due in that order.
void read_cycle(yaml::Fields& top, Program& p, Diagnostics& diags)
{
  yaml::Fields cycle(top.map("cycle"), diags, k_cycle_fields, "`cycle`", top.mark());
  p.initial_due = cycle.date("initial");
  p.update_due = cycle.date("update");
  p.final_due = cycle.date("final");
  if (p.initial_due && p.update_due && *p.update_due <= *p.initial_due) {
    diags.error(cycle.mark_of("update"), "program.cycle", "the update is due after the initial plan");
  }
  if (p.update_due && p.final_due && *p.final_due <= *p.update_due) {
    diags.error(cycle.mark_of("final"), "program.cycle", "the final results are due after the update");
  }
}

// `measures`: per domain, per line of business (or `all`), the measures a plan may choose.
void read_measures(yaml::Fields& top, Program& p, Diagnostics& diags)
{
  if (const auto* measures = top.map("measures")) {
    for (std::size_t i = 0; i < measures->keys.size(); ++i) {
      const auto& domain = measures->keys[i].name;
      const auto& by_lob = measures->children[i];
      if (!by_lob.is_map()) {
        diags.error(by_lob.mark, "program.measures",
                    fmt::format("`{}` maps each line of business (or `all`) to its measures", domain));
        continue;
      }
      for (std::size_t j = 0; j < by_lob.keys.size(); ++j) {
        const auto& lob = by_lob.keys[j].name;
        if (lob != "all" && !p.lines_of_business.empty()
            && std::find(p.lines_of_business.begin(), p.lines_of_business.end(), lob)
                 == p.lines_of_business.end()) {
          std::vector<std::string_view> lobs(p.lines_of_business.begin(), p.lines_of_business.end());
          diags.error(by_lob.keys[j].mark, "program.measures",
                      fmt::format("`{}` is not one of the program's lines of business{}", lob,
                                  did_you_mean(lob, lobs)));
        }
        p.measures[domain][lob] = yaml::read_text_list(by_lob.children[j], diags,
                                                       fmt::format("the {} measures", domain));
      }
    }
  }
}

// Coaching (QI 27A): the lowest N measures required, quarterly estimates, check-ins.
void read_coaching(yaml::Fields& top, Program& p, Diagnostics& diags)
{
  if (auto lowest = top.text("measures_required")) {
    const auto dash = lowest->find('-');
    const int n = dash == std::string::npos ? 0 : std::atoi(lowest->c_str() + dash + 1);
    if (lowest->substr(0, 7) != "lowest-" || n < 1) {
      diags.error(top.mark_of("measures_required"), "program.measures",
                  "`measures_required` is `lowest-N`, e.g. lowest-3");
    } else {
      p.lowest = n;
    }
  }
  if (auto e = top.choice("estimates", {"quarterly", "none"})) {
    p.quarterly_estimates = *e == "quarterly";
  }
  if (auto c = top.choice("check_ins", {"required", "optional"})) {
    p.check_ins_required = *c == "required";
  }
  if (auto role = top.text("check_in_role")) {
    p.check_in_role = *role;
  }
}

} // namespace

Program read_program(const Document& doc, Diagnostics& diags)
{
  Program p;
  p.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_program_fields, "the program");
  p.title = top.text("title").value_or("");
  top.text("source");
  top.text("notes");
  read_cycle(top, p, diags);
  auto text_list = [&](std::string_view key) {
    const auto* node = top.list(key);
    return node != nullptr ? yaml::read_text_list(*node, diags, fmt::format("`{}`", key))
                           : std::vector<std::string>{};
  };
  p.lines_of_business = text_list("lines_of_business");
  if (const auto* domains = top.list("domains")) {
    for (const auto& group : domains->children) {
      p.domains.push_back(yaml::read_text_list(group, diags, "a domain group"));
    }
  }
  read_measures(top, p, diags);
  yaml::Fields esc(top.map("escalation"), diags, k_escalation_fields, "`escalation`", top.mark());
  if (const auto* n = esc.list("internal")) {
    p.escalation_internal = yaml::read_text_list(*n, diags, "`internal`");
  }
  if (const auto* n = esc.list("external")) {
    p.escalation_external = yaml::read_text_list(*n, diags, "`external`");
  }
  p.sources_tracked_in_year = text_list("baseline_sources_tracked_in_year");
  p.sources_yearly = text_list("baseline_sources_yearly");
  p.vague_phrases = text_list("vague_phrases");
  p.response_within = top.duration("response_within");
  read_coaching(top, p, diags);
  p.improve_within = top.duration("improve_within");
  return p;
}

std::span<const yaml::Table> program_field_tables()
{
  return k_field_tables;
}

} // namespace qicase::reference

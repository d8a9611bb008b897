// Reading an audit (audit::Audit): its field tables, the file read into the typed case, and the
// rules checked while reading (file problems and findings, each citing its clause).
#include <qicase/audit/audit.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <qicase/core/rules.hpp>
#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::audit {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_result_fields[] = {
  {"met",         As::integer, Req::no},
  {"file_review", As::list,    Req::no},
  {"score",       As::rate,    Req::no},
  {"note",        As::text,    Req::no},
};

const yaml::Field k_corrective_action_fields[] = {
  {"element", As::text, Req::yes, {"audit.corrective-action", "the element, e.g. CR1.A"}},
  {"action",  As::text, Req::yes, {"audit.corrective-action", "the corrective action"}},
  {"due",     As::date, Req::yes, {"audit.corrective-action", "the date it is due"}},
  {"closed",  As::date, Req::no},
  {"owner",   As::text, Req::no},
  {"note",    As::text, Req::no},
};

const yaml::Field k_audit_fields[] = {
  {"kind",               As::text,    Req::yes},
  {"id",                 As::text,    Req::yes},
  {"title",              As::text,    Req::no},
  {"rubric",             As::text,    Req::no},
  {"delegate",           As::text,    Req::yes, {"audit.delegate",   "the delegated group audited"}},
  {"type",               As::choice,  Req::yes, {"audit.type",       "pre-delegation, annual, shared-annual or compliance"}},
  {"date",               As::date,    Req::yes, {"audit.date",       "the date of the audit"}},
  {"delegation",         As::boolean, Req::yes, {"audit.delegation", "`delegation: true` when the group sub-delegates (it picks the points column; CR 9 is scored only then), else false"}},
  {"previous",           As::text,    Req::no},
  {"next_oversight",     As::date,    Req::no},
  {"auditors",           As::text,    Req::no},
  {"results",            As::map,     Req::yes, {"audit.results",    "the results: standard -> element -> result"}},
  {"corrective_actions", As::list,    Req::no},
  {"notes",              As::text,    Req::no},
};

// clang-format on
const yaml::Table k_field_tables[] = {
  {"/$defs/result/oneOf/1", k_result_fields},
  {"/properties/corrective_actions/items", k_corrective_action_fields},
  {"", k_audit_fields},
};

using reference::Band;

using reference::Count;

using reference::Element;

using reference::Rubric;

using reference::Scoring;

using reference::Tier;

bool is_na(const yaml::Node& node)
{
  return node.is_scalar() && (node.text == "na" || node.text == "NA" || node.text == "n/a");
}

std::string count_text(const Count& c)
{
  switch (c.kind) {
  case Count::Kind::all: return "all";
  case Count::Kind::rest: return "rest";
  case Count::Kind::all_minus: return fmt::format("all-{}", c.lo);
  case Count::Kind::all_minus_or_more: return fmt::format("all-{}+", c.lo);
  case Count::Kind::range:
    if (c.hi < 0)
      return fmt::format("{}+", c.lo);
    if (c.lo == c.hi)
      return fmt::format("{}", c.lo);
    return fmt::format("{}-{}", c.lo, c.hi);
  }
  return "?";
}

std::string_view band_name(Band b)
{
  return b == Band::high ? "high" : b == Band::medium ? "medium" : "low";
}

std::string tier_text(const Tier& t)
{
  if (t.met) {
    return "met " + count_text(*t.met);
  }
  std::string s;
  for (const auto& [band, count] : t.when) {
    s += (s.empty() ? "" : ", ") + std::string(band_name(band)) + " " + count_text(count);
  }
  return s.empty() ? std::string("chosen by the auditor") : s;
}

std::vector<std::string_view> ids_of(const std::vector<reference::Standard>& standards)
{
  std::vector<std::string_view> ids;
  for (const auto& s : standards) {
    ids.push_back(s.id);
  }
  return ids;
}

// Scores one element result; problems go to `diags`. Returns nullopt when not scorable.
// Scored by the auditor's choice: `score:` is one of the rubric's options.
bool score_by_choice(const Element& el, yaml::Fields& f, const std::string& name, const Tier*& chosen,
                     Diagnostics& diags)
{
  auto score = f.rate("score");
  if (!score) {
    if (!f.has("score")) {
      diags.error(f.mark(), "audit.result",
                  fmt::format("{} is scored by the auditor's choice: give `score:` (one of the "
                              "rubric's options)",
                              name));
    }
    return false;
  }
  std::string options;
  for (const auto& t : el.tiers) {
    if (t.option) {
      options += (options.empty() ? "" : ", ") + format_percent(t.score);
      if (t.score == *score) {
        chosen = &t;
      }
    }
  }
  if (chosen == nullptr) {
    diags.error(
      f.mark_of("score"), "audit.score",
      fmt::format("{} has no scoring option {}: the options are {}", name, format_percent(*score), options));
    return false;
  }
  return true;
}

// Scored by factors met: `met:` a count, or a list of factor numbers (needed when a factor is
// critical: one not met caps the element at 20%, `note` says so).
// The factors a `met:` list names, each once and within 1 to the element's factors.
std::set<int> listed_factors(const Element& el, const yaml::Node& met, const std::string& name,
                             Diagnostics& diags)
{
  std::set<int> listed;
  for (const auto& item : met.children) {
    const auto n = item.is_scalar() ? std::atoi(item.text.c_str()) : 0;
    if (n < 1 || n > el.factors || !yaml::is_plain_number(item)) {
      diags.error(item.mark, "audit.factor", fmt::format("{} has factors 1 to {}", name, el.factors));
    } else if (!listed.insert(n).second) {
      diags.error(item.mark, "audit.factor", fmt::format("factor {} is listed twice", n));
    }
  }
  return listed;
}

// A critical factor not met caps the element at 20%: the first tier at or under it.
void cap_critical(const Element& el, const Tier*& chosen, std::string& note)
{
  if (chosen == nullptr || chosen->score <= 2000) {
    return;
  }
  for (const auto& t : el.tiers) {
    if (t.score <= 2000) {
      chosen = &t;
      break;
    }
  }
  note = "critical factor not met: capped at 20%";
}

bool score_by_factors(const Element& el, yaml::Fields& f, const std::string& name, const Tier*& chosen,
                      std::string& note, Diagnostics& diags)
{
  const yaml::Node* met = f.find("met");
  if (met == nullptr) {
    diags.error(f.mark(), "audit.result",
                fmt::format("{} is scored by factors met: give `met:` as a count (of {}) or "
                            "a list of factor numbers",
                            name, el.factors));
    return false;
  }
  const bool listed_form = met->is_sequence();
  const auto listed = listed_form ? listed_factors(el, *met, name, diags) : std::set<int>{};
  int count = static_cast<int>(listed.size());
  if (!listed_form) {
    auto n = f.integer("met", 0, el.factors);
    if (!n) {
      return false;
    }
    count = static_cast<int>(*n);
  }
  for (const auto& t : el.tiers) {
    if (t.option && t.met && t.met->matches(count, el.factors)) {
      chosen = &t;
      break;
    }
  }
  if (el.critical.empty()) {
    return true;
  }
  if (!listed_form && count < el.factors) {
    // A count cannot say which factors were met.
    diags.error(f.mark_of("met"), "audit.critical",
                fmt::format("{} has a critical factor ({}): give `met` as a list of factor "
                            "numbers so it can be checked, e.g. met: [2, 3, 4]",
                            name, fmt::join(el.critical, ", ")));
    return false;
  }
  const bool critical_met = !listed_form || std::all_of(el.critical.begin(), el.critical.end(), [&](int c) {
    return listed.count(c) > 0;
  });
  if (!critical_met) {
    cap_critical(el, chosen, note);
  }
  return true;
}

// Scored by file review: one percentage per factor (`na` where one does not apply), each in the
// rubric's band, and the first tier whose band counts match; `na` when no factor applies.
// The first tier of a file-review element whose bands match how many factors fell in each band
// (high, medium, low) of the `applicable` ones; a band's `rest` takes every factor not named, so
// the bands not named must hold none. Null when none matches.
const Tier* tier_by_bands(const Element& el, const int (&counts)[3], int applicable)
{
  for (const auto& t : el.tiers) {
    if (!t.option || t.when.empty()) {
      continue;
    }
    bool ok = true;
    bool has_rest = false;
    int named = 0;
    for (const auto& [band, count] : t.when) {
      const int n = counts[static_cast<int>(band)];
      named += n;
      if (count.kind == Count::Kind::rest) {
        has_rest = true;
      } else {
        ok = ok && count.matches(n, applicable);
      }
    }
    if (ok && (!has_rest || named == applicable)) {
      return &t;
    }
  }
  return nullptr;
}

bool score_by_file_review(const Rubric& rubric, const Element& el, yaml::Fields& f, const std::string& name,
                          const Tier*& chosen, bool& na, Diagnostics& diags)
{
  const auto* list = f.list("file_review");
  if (list == nullptr) {
    if (!f.has("file_review")) {
      diags.error(f.mark(), "audit.result",
                  fmt::format("{} is scored by file review: give `file_review:` with one "
                              "percentage per factor ({}), `na` for a factor that does not apply",
                              name, el.factors));
    }
    return false;
  }
  if (static_cast<int>(list->children.size()) != el.factors) {
    diags.error(list->mark, "audit.file-review",
                fmt::format("{} has {} factors: give {} percentages (`na` where a factor does "
                            "not apply), not {}",
                            name, el.factors, el.factors, list->children.size()));
    return false;
  }
  int counts[3] = {0, 0, 0};
  int applicable = 0;
  for (std::size_t i = 0; i < list->children.size(); ++i) {
    const auto& item = list->children[i];
    const int factor = static_cast<int>(i) + 1;
    const bool rubric_na = std::find(el.na_factors.begin(), el.na_factors.end(), factor)
                           != el.na_factors.end();
    if (is_na(item)) {
      continue;
    }
    if (rubric_na) {
      diags.warning(
        item.mark, "audit.na-factor",
        fmt::format("factor {} of {} does not apply: write `na`; it is not counted", factor, name));
      continue;
    }
    auto rate = yaml::read_rate(item, diags, fmt::format("factor {} of {}", factor, name));
    if (!rate) {
      return false;
    }
    ++counts[static_cast<int>(rubric.band(*rate))];
    ++applicable;
  }
  if (applicable == 0) {
    na = true;
    return true;
  }
  chosen = tier_by_bands(el, counts, applicable);
  if (chosen == nullptr) {
    diags.error(list->mark, "audit.no-tier",
                fmt::format("no tier of {} matches high {}, medium {}, low {} of {} factors: "
                            "check the percentages, or the rubric's tiers",
                            name, counts[0], counts[1], counts[2], applicable));
    return false;
  }
  return true;
}

std::optional<ElementScore> score_element(const Rubric& rubric, const std::string& standard_id,
                                          const Element& el, const yaml::Node& node, int column,
                                          Diagnostics& diags)
{
  ElementScore s;
  s.id = el.id;
  const std::string name = standard_id + "." + el.id;
  if (is_na(node)) {
    s.na = true;
    return s;
  }
  if (node.is_scalar()) {
    diags.error(node.mark, "audit.result",
                fmt::format("`{}: {}`: write `na`, or a mapping such as {{met: 11}}, "
                            "{{file_review: [100%, 95%]}} or {{score: 50%}}",
                            name, node.text.substr(0, 30)));
    return std::nullopt;
  }
  yaml::Fields f(&node, diags, k_result_fields, "`" + name + "`", node.mark);
  if (!f.ok()) {
    return std::nullopt;
  }
  f.text("note");
  s.possible = reference::element_possible(el, column);
  const Tier* chosen = nullptr;

  const bool scored = el.scoring == Scoring::choice ? score_by_choice(el, f, name, chosen, diags)
                      : el.scoring == Scoring::factors
                        ? score_by_factors(el, f, name, chosen, s.tier, diags)
                        : score_by_file_review(rubric, el, f, name, chosen, s.na, diags);
  if (!scored) {
    return std::nullopt;
  }
  if (s.na) {
    return s;
  }
  if (chosen == nullptr) {
    diags.error(f.mark(), "audit.no-tier",
                fmt::format("no tier of {} matches this result: check it against the rubric", name));
    return std::nullopt;
  }
  s.score = chosen->score;
  if (s.tier.empty()) {
    s.tier = tier_text(*chosen);
  }
  s.received = static_cast<std::size_t>(column) < chosen->points.size()
                 ? chosen->points[static_cast<std::size_t>(column)]
                 : 0;
  return s;
}

std::vector<CorrectiveAction> read_actions(const yaml::Node* list, const Rubric* rubric, Diagnostics& diags)
{
  std::vector<CorrectiveAction> out;
  if (list == nullptr) {
    return out;
  }
  for (std::size_t i = 0; i < list->children.size(); ++i) {
    const auto& item = list->children[i];
    yaml::Fields f(&item, diags, k_corrective_action_fields, fmt::format("corrective action {}", i + 1),
                   item.mark);
    if (!f.ok()) {
      continue;
    }
    CorrectiveAction a;
    a.element = f.text("element").value_or("");
    a.action = f.text("action").value_or("");
    a.due = f.date("due");
    a.closed = f.date("closed");
    a.index = i;
    a.owner = f.text("owner").value_or("");
    f.text("note");
    if (rubric != nullptr && !a.element.empty()) {
      const auto dot = a.element.find('.');
      const auto* st = rubric->standard(a.element.substr(0, dot));
      bool found = false;
      std::vector<std::string> names;
      for (const auto& s : rubric->standards) {
        for (const auto& e : s.elements) {
          names.push_back(s.id + "." + e.id);
          found = found || names.back() == a.element;
        }
      }
      if (!found && !(st != nullptr && dot == std::string::npos)) {
        std::vector<std::string_view> views(names.begin(), names.end());
        diags.error(f.mark_of("element"), "audit.corrective-action",
                    fmt::format("`{}` is not an element of rubric {}{}: write e.g. CR1.A", a.element,
                                rubric->id, did_you_mean(a.element, views)));
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

} // namespace

std::shared_ptr<const std::vector<CorrectiveAction>> recorded_actions(const Document& doc, Context& ctx)
{
  return ctx.workspace.cached<std::vector<CorrectiveAction>>(&doc, "audit-actions", [&] {
    const auto tree = doc.hold(); // it may be packed (check::load_all)
    auto out = std::make_shared<std::vector<CorrectiveAction>>();
    if (doc.root && doc.root->is_map()) {
      Diagnostics scratch(doc.path); // its own problems are reported when it is checked
      const yaml::Node* list = doc.root->get("corrective_actions");
      *out = read_actions(list != nullptr && list->is_sequence() ? list : nullptr, nullptr, scratch);
    }
    return std::shared_ptr<const std::vector<CorrectiveAction>>(std::move(out));
  });
}

namespace {

// The next oversight: as the file gives it (after this audit), else the audit's date plus the
// rubric's oversight cycle.
void read_next_oversight(Audit& a, yaml::Fields& top, Context& ctx, Diagnostics& diags)
{
  a.next_oversight = top.date("next_oversight");
  if (a.next_oversight && a.date && *a.next_oversight <= *a.date) {
    diags.error(top.mark_of("next_oversight"), "audit.next-oversight",
                fmt::format("the next oversight date {} is not after this audit ({}): write "
                            "the date of the next audit",
                            a.next_oversight->str(), a.date->str()));
  }
  if (!a.next_oversight && a.date && a.rubric && a.rubric->oversight_cycle) {
    a.next_oversight = ctx.calendar->add(*a.date, *a.rubric->oversight_cycle);
    if (!a.next_oversight->in_range()) {
      a.next_oversight.reset(); // after 9999-12-31: no next oversight a file could record
    }
  }
}

// The previous audit (dated before this one, which rules out a cycle of `previous`): its
// corrective actions still open by --as-of carry over.
void read_previous(Audit& a, yaml::Fields& top, const Document& doc, Context& ctx, Diagnostics& diags)
{
  if (auto previous = top.text("previous")) {
    a.previous = *previous;
    if (const Document* prev = reference::resolve_reference(ctx.workspace, doc, *previous, "audit",
                                                            top.mark_of("previous"), diags)) {
      // The previous audit comes before this one (this also rules out a cycle of `previous`).
      const auto prev_date = calendar::parse_date(prev->field("date")).date;
      if (prev_date && a.date && *prev_date >= *a.date) {
        diags.error(top.mark_of("previous"), "audit.previous",
                    fmt::format("the previous audit {} is dated {}, not before this audit ({}): "
                                "name the audit before this one",
                                *previous, prev_date->str(), a.date->str()));
      }
      for (const auto& action : *recorded_actions(*prev, ctx)) {
        if (!action.closed || *action.closed > ctx.as_of) {
          a.carried_over.push_back(action);
        }
      }
    }
  }
}

// Each standard the results name must be one of the rubric's.
void check_standards(const Rubric& rubric, const yaml::Node& results, Diagnostics& diags)
{
  for (const auto& key : results.keys) {
    if (rubric.standard(key.name) == nullptr) {
      auto hint = suggest(key.name, ids_of(rubric.standards));
      diags.error(key.mark, "audit.standard",
                  fmt::format("rubric {} has no standard `{}`{}", rubric.id, key.name, hint.text),
                  std::move(hint.aside));
    }
  }
}

// One standard of the rubric scored from the results in the rubric's column: not applicable
// without delegation, not scored when absent, `na`, or its elements scored one by one (exact
// hundredths).
// Every element a standard's results name is one of the rubric's for it.
void check_elements(const reference::Standard& st, const yaml::Node& results, Diagnostics& diags)
{
  std::vector<std::string_view> element_ids;
  for (const auto& e : st.elements) {
    element_ids.push_back(e.id);
  }
  for (const auto& k : results.keys) {
    if (std::find(element_ids.begin(), element_ids.end(), k.name) == element_ids.end()) {
      auto hint = suggest(k.name, element_ids);
      diags.error(k.mark, "audit.element", fmt::format("{} has no element `{}`{}", st.id, k.name, hint.text),
                  std::move(hint.aside));
    }
  }
}

StandardScore score_standard(const Audit& a, const Rubric& rubric, const reference::Standard& st,
                             const yaml::Node* results, int column, Diagnostics& diags)
{
  StandardScore ss;
  ss.id = st.id;
  ss.title = st.title;
  const yaml::Node* node = results != nullptr ? results->get(st.id) : nullptr;
  const yaml::Key* key = results != nullptr ? results->key_of(st.id) : nullptr;
  if (st.requires_delegation && !a.delegation) {
    ss.state = State::not_applicable;
    if (node != nullptr && !is_na(*node)) {
      diags.warning(key->mark, "audit.delegation",
                    fmt::format("{} is scored only when the group sub-delegates "
                                "(`delegation: true`): these results are left out",
                                st.id));
    }
    return ss;
  }
  if (node == nullptr) {
    ss.state = State::not_scored;
    if (results != nullptr) {
      diags.warning(results->mark, "audit.standard-missing",
                    fmt::format("no results for {} ({}): it is not scored (left out of "
                                "received and possible); write `{}: na` if it does not apply",
                                st.id, st.title, st.id));
    }
    return ss;
  }
  if (is_na(*node)) {
    ss.state = State::na;
    return ss;
  }
  if (!node->is_map()) {
    diags.error(node->mark, "audit.result",
                fmt::format("{} is `na` or a mapping of its elements to results", st.id));
    return ss;
  }
  ss.state = State::scored;
  check_elements(st, *node, diags);
  for (const auto& el : st.elements) {
    const yaml::Node* result = node->get(el.id);
    if (result == nullptr) {
      diags.warning(node->mark, "audit.element-missing",
                    fmt::format("{}.{} ({}) has no result: it is not scored (left out of "
                                "received and possible); score it, or write `{}: na`",
                                st.id, el.id, el.title, el.id));
      continue;
    }
    auto score = score_element(rubric, st.id, el, *result, column, diags);
    if (!score) {
      continue;
    }
    if (!score->na) {
      ss.possible += score->possible;
      ss.received += score->received;
    }
    ss.elements.push_back(std::move(*score));
  }
  if (std::none_of(ss.elements.begin(), ss.elements.end(), [](const ElementScore& e) { return !e.na; })) {
    ss.state = State::na; // every element not applicable (or not scored)
  }
  return ss;
}

// Every element below 100% needs a corrective action with a due date.
void require_actions(Audit& a, yaml::Fields& top, Diagnostics& diags)
{
  for (const auto& ss : a.standards) {
    for (const auto& es : ss.elements) {
      if (es.na || es.score >= 10000) {
        continue;
      }
      const std::string name = ss.id + "." + es.id;
      const bool has = std::any_of(a.actions.begin(), a.actions.end(),
                                   [&](const CorrectiveAction& c) { return c.element == name; });
      if (!has) {
        a.missing_actions.push_back(name);
        diags.warning(top.has("corrective_actions") ? top.mark_of("corrective_actions") : top.mark(),
                      "audit.action-missing",
                      fmt::format("{} scored {}: add a corrective action for it with a due date", name,
                                  format_percent(es.score)));
      }
    }
  }
}

} // namespace

Audit read_audit(const Document& doc, Context& ctx, Diagnostics& diags)
{
  return read_audit(doc, ctx, diags, nullptr);
}

Audit read_audit(const Document& doc, Context& ctx, Diagnostics& diags,
                 std::shared_ptr<const reference::Rubric> rubric_override)
{
  Audit a;
  a.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_audit_fields, "the audit");
  top.text("title");
  top.text("notes");
  top.text("auditors");
  if (auto r = top.text("rubric")) {
    a.rubric_id = *r;
  }
  if (!rubric_override && ctx.rubric != nullptr) { // audit-score --rubric
    rubric_override = ctx.workspace.cached<reference::Rubric>(ctx.rubric, "rubric", [&] {
      Diagnostics own(ctx.rubric->path);
      return std::make_shared<const reference::Rubric>(reference::read_rubric(*ctx.rubric, own));
    });
  }
  a.rubric = rubric_override ? rubric_override
                             : rubric_for(ctx, doc, a.rubric_id, top.mark_of("rubric"), diags);
  a.delegate = top.text("delegate").value_or("");
  a.type = top.choice("type", {"pre-delegation", "annual", "shared-annual", "compliance"}).value_or("");
  a.date = top.date("date");
  a.delegation = top.boolean("delegation").value_or(false);
  a.actions = read_actions(top.list("corrective_actions"), a.rubric.get(), diags);
  read_next_oversight(a, top, ctx, diags);
  // Open corrective actions of the previous audit carry over.
  read_previous(a, top, doc, ctx, diags);
  const yaml::Node* results = top.map("results");
  if (!a.rubric) {
    return a;
  }
  const Rubric& rubric = *a.rubric;
  const std::string column_name = a.delegation ? "delegation" : "no-delegation";
  int column = rubric.column(column_name);
  if (column < 0) {
    column = a.delegation && rubric.columns.size() > 1 ? 1 : 0;
  }
  a.column = static_cast<std::size_t>(column) < rubric.columns.size()
               ? rubric.columns[static_cast<std::size_t>(column)]
               : column_name;

  // Unknown standards in the results.
  if (results != nullptr) {
    check_standards(rubric, *results, diags);
  }
  for (const auto& st : rubric.standards) {
    a.standards.push_back(score_standard(a, rubric, st, results, column, diags));
  }
  a.whole = !has_file_problems(diags);
  require_actions(a, top, diags);
  return a;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::audit

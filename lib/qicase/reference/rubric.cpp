#include <qicase/reference/rubric.hpp>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_sample_fields[] = {
  {"percent",       As::rate,    Req::no},
  {"at_least",      As::integer, Req::no},
  {"at_most",       As::integer, Req::no},
  {"expanded",      As::integer, Req::no},
  {"expanded_when", As::text,    Req::no},
};
const yaml::Field k_rubric_fields[] = {
  {"kind",                As::text,     Req::yes},
  {"id",                  As::text,     Req::yes},
  {"title",               As::text,     Req::no},
  {"source",              As::text,     Req::no},
  {"rating",              As::list,     Req::nonempty, {"rubric.rating",   "the rating, e.g. [{at_least: 90%, label: Fully Met}, {label: Not Met}]"}},
  {"columns",             As::list,     Req::nonempty, {"rubric.columns",  "the points columns, e.g. [no-delegation, delegation]"}},
  {"file_review_bands",   As::map,      Req::no},
  {"file_review_samples", As::map,      Req::no},
  {"standards",           As::list,     Req::nonempty, {"rubric.standard", "the rubric's standards"}},
  {"oversight_cycle",     As::duration, Req::no},
  {"notes",               As::text,     Req::no},
};
const yaml::Field k_bands_fields[] = {
  {"high",   As::rate, Req::no},
  {"medium", As::rate, Req::no},
};
const yaml::Field k_rating_fields[] = {
  {"at_least", As::rate, Req::no},
  {"label",    As::text, Req::yes, {"rubric.rating", "the rating's label"}},
};
const yaml::Field k_standard_fields[] = {
  {"id",                  As::text,    Req::yes,      {"rubric.standard", "an id such as CR1"}},
  {"title",               As::text,    Req::no},
  {"points",              As::map,     Req::no},
  {"requires_delegation", As::boolean, Req::no},
  {"elements",            As::list,    Req::nonempty, {"rubric.element",  "the standard's elements"}},
  {"source",              As::text,    Req::no},
};
const yaml::Field k_element_fields[] = {
  {"id",         As::text,    Req::yes,      {"rubric.element", "an id such as A"}},
  {"title",      As::text,    Req::no},
  {"scoring",    As::choice,  Req::no},
  {"factors",    As::integer, Req::no},
  {"critical",   As::list,    Req::no},
  {"na_factors", As::list,    Req::no},
  {"tiers",      As::list,    Req::nonempty, {"rubric.tier",    "the element's scoring tiers, highest first"}},
  {"source",     As::text,    Req::no},
};
const yaml::Field k_tier_fields[] = {
  {"score",  As::rate, Req::yes,      {"rubric.tier", "the tier's score, e.g. 80%"}},
  {"met",    As::any,  Req::no},
  {"when",   As::map,  Req::no},
  {"points", As::list, Req::nonempty, {"rubric.tier", "the points per column, e.g. [0.19, 0.17]"}},
  {"text",   As::text, Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"/properties/file_review_samples/additionalProperties", k_sample_fields},
  {"", k_rubric_fields},
  {"/properties/file_review_bands", k_bands_fields},
  {"/properties/rating/items", k_rating_fields},
  {"/properties/standards/items", k_standard_fields},
  {"/properties/standards/items/properties/elements/items", k_element_fields},
  {"/properties/standards/items/properties/elements/items/properties/tiers/items", k_tier_fields},
};

std::optional<int> number(std::string_view s)
{
  if (s.empty() || s.size() > 4) {
    return std::nullopt;
  }
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

} // namespace

bool Count::matches(int count, int applicable) const
{
  switch (kind) {
  case Kind::all: return count == applicable;
  case Kind::all_minus: return count == applicable - lo;
  case Kind::all_minus_or_more: return count >= applicable - lo;
  case Kind::rest: return true; // checked against the other bands by the caller
  case Kind::range: return count >= lo && (hi < 0 || count <= hi);
  }
  return false;
}

std::optional<Count> parse_count(std::string_view text)
{
  Count c;
  if (text == "all") {
    c.kind = Count::Kind::all;
    return c;
  }
  if (text == "rest") {
    c.kind = Count::Kind::rest;
    return c;
  }
  if (text.substr(0, 4) == "all-") {
    std::string_view k = text.substr(4);
    const bool more = !k.empty() && k.back() == '+';
    if (more) {
      k.remove_suffix(1);
    }
    auto n = number(k);
    if (!n) {
      return std::nullopt;
    }
    c.kind = more ? Count::Kind::all_minus_or_more : Count::Kind::all_minus;
    c.lo = *n;
    return c;
  }
  if (!text.empty() && text.back() == '+') {
    auto n = number(text.substr(0, text.size() - 1));
    if (!n) {
      return std::nullopt;
    }
    c.lo = *n;
    c.hi = -1;
    return c;
  }
  const auto dash = text.find('-');
  if (dash != std::string_view::npos) {
    auto lo = number(text.substr(0, dash));
    auto hi = number(text.substr(dash + 1));
    if (!lo || !hi || *hi < *lo) {
      return std::nullopt;
    }
    c.lo = *lo;
    c.hi = *hi;
    return c;
  }
  auto n = number(text);
  if (!n) {
    return std::nullopt;
  }
  c.lo = c.hi = *n;
  return c;
}

const Standard* Rubric::standard(std::string_view standard_id) const
{
  for (const auto& s : standards) {
    if (s.id == standard_id) {
      return &s;
    }
  }
  return nullptr;
}

int Rubric::column(std::string_view name) const
{
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

Band Rubric::band(Hundredths percent) const
{
  return percent >= high ? Band::high : percent >= medium ? Band::medium : Band::low;
}

Hundredths element_possible(const Element& e, int column)
{
  if (e.tiers.empty() || column < 0) {
    return 0;
  }
  const auto& points = e.tiers.front().points;
  return static_cast<std::size_t>(column) < points.size() ? points[static_cast<std::size_t>(column)] : 0;
}

namespace {

// file_review_samples: method -> {percent, at_least, at_most, expanded, expanded_when}.
void read_samples(yaml::Fields& top, Rubric& r, Diagnostics& diags)
{
  const yaml::Node* samples = top.map("file_review_samples");
  if (samples == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < samples->keys.size(); ++i) {
    const auto& item = samples->children[i];
    yaml::Fields f(&item, diags, k_sample_fields, "a sample rule", item.mark);
    if (!f.ok()) {
      continue;
    }
    constexpr std::int64_t k_most = 10000000;
    SampleRule rule;
    rule.method = samples->keys[i].name;
    rule.percent = f.rate("percent");
    rule.at_least = static_cast<long>(f.integer("at_least", 0, k_most).value_or(0));
    if (auto most = f.integer("at_most", 1, k_most)) {
      rule.at_most = static_cast<long>(*most);
    }
    if (auto expanded = f.integer("expanded", 1, k_most)) {
      rule.expanded = static_cast<long>(*expanded);
    }
    rule.expanded_when = f.text("expanded_when").value_or("");
    if (rule.at_most && *rule.at_most < rule.at_least) {
      diags.error(f.mark_of("at_most"), "rubric.samples", "`at_most` is below `at_least`");
    }
    r.samples.push_back(std::move(rule));
  }
}

} // namespace

const SampleRule* Rubric::sample(std::string_view method) const
{
  for (const auto& s : samples) {
    if (s.method == method) {
      return &s;
    }
  }
  return nullptr;
}

namespace {

// `rating`: thresholds from the highest down; the last, with no `at_least`, the label below them.
void read_rating(yaml::Fields& top, Rubric& r, Diagnostics& diags)
{
  if (const auto* rating = top.list("rating")) {
    for (const auto& item : rating->children) {
      yaml::Fields f(&item, diags, k_rating_fields, "a rating", item.mark);
      if (f.ok()) {
        r.rating.push_back({f.rate("at_least"), f.text("label").value_or("")});
      }
    }
    if (!r.rating.empty() && r.rating.back().at_least) {
      diags.error(rating->mark, "rubric.rating",
                  "the last rating needs no `at_least`: it is the label below every threshold");
    }
  }
}

// A standard's printed points per column.
void read_standard_points(yaml::Fields& sf, const Rubric& r, std::size_t ncol, Standard& st,
                          Diagnostics& diags)
{
  if (const auto* pts = sf.map("points")) {
    st.printed.assign(ncol, 0);
    for (std::size_t k = 0; k < pts->keys.size(); ++k) {
      const int col = r.column(pts->keys[k].name);
      const auto& v = pts->children[k];
      auto value = v.is_scalar() ? parse_hundredths(v.text) : std::nullopt;
      if (col < 0) {
        diags.error(pts->keys[k].mark, "rubric.columns",
                    fmt::format("`{}` is not one of the rubric's columns", pts->keys[k].name));
      } else if (!value) {
        diags.error(v.mark, "field.type", "points are a number with at most two decimals, e.g. 0.40");
      } else {
        st.printed[static_cast<std::size_t>(col)] = *value;
      }
    }
  }
}

// The printed standard total against the sum of its elements' full points, per column: scores use
// the elements' sum.
void check_standard_sum(const yaml::Fields& sf, const Rubric& r, const Standard& st, Diagnostics& diags)
{
  for (std::size_t col = 0; col < r.columns.size() && col < st.printed.size(); ++col) {
    if (st.requires_delegation && r.columns[col] != "delegation") {
      continue; // a standard scored only with delegation has no other column to add up
    }
    Hundredths sum = 0;
    for (const auto& el : st.elements) {
      sum += element_possible(el, static_cast<int>(col));
    }
    if (sum != st.printed[col]) {
      diags.warning(sf.mark_of("points"), "rubric.standard-sum",
                    fmt::format("{} {}: the elements add up to {} points, the standard prints {}; "
                                "scores use the elements' sum",
                                st.id, r.columns[col], format_hundredths(sum),
                                format_hundredths(st.printed[col])));
    }
  }
}

// An element's `critical` and `na_factors`: factor numbers from 1 to its factors.
void read_factor_lists(yaml::Fields& ef, Element& el, Diagnostics& diags)
{
  for (auto [key, list] : {std::pair{"critical", &el.critical}, std::pair{"na_factors", &el.na_factors}}) {
    if (const auto* node = ef.list(key)) {
      for (const auto& item : node->children) {
        auto n = item.is_scalar() ? number(item.text) : std::nullopt;
        if (!n || *n < 1 || *n > el.factors) {
          diags.error(item.mark, "rubric.factor",
                      fmt::format("`{}` lists factor numbers from 1 to {}", key, el.factors));
        } else {
          list->push_back(*n);
        }
      }
    }
  }
}

// A file-review tier's `when`: a count of factors per band (high, medium, low).
void read_when(yaml::Fields& tf, Tier& tier, Diagnostics& diags)
{
  if (const auto* when = tf.map("when")) {
    for (std::size_t k = 0; k < when->keys.size(); ++k) {
      const auto& name = when->keys[k].name;
      const Band band = name == "high" ? Band::high : name == "medium" ? Band::medium : Band::low;
      if (name != "high" && name != "medium" && name != "low") {
        diags.error(when->keys[k].mark, "rubric.band",
                    fmt::format("`{}` is not a band: write high, medium or low{}", name,
                                did_you_mean(name, {"high", "medium", "low"})));
        continue;
      }
      const auto& v = when->children[k];
      auto c = v.is_scalar() ? parse_count(v.text) : std::nullopt;
      if (!c) {
        diags.error(v.mark, "rubric.count",
                    "a band's count is \"4-5\", \"0\", \"4+\", \"all\", \"all-1\", \"all-3+\" or \"rest\"");
        continue;
      }
      tier.when.emplace_back(band, *c);
    }
  }
}

// A tier's points: one figure per column, or one for all.
void read_tier_points(yaml::Fields& tf, std::size_t ncol, Tier& tier, Diagnostics& diags)
{
  if (const auto* pts = tf.list("points")) {
    for (const auto& p : pts->children) {
      auto v = p.is_scalar() ? parse_hundredths(p.text) : std::nullopt;
      if (!v || *v < 0) {
        diags.error(p.mark, "field.type", "points are a number with at most two decimals, e.g. 0.19");
        continue;
      }
      tier.points.push_back(*v);
    }
    if (tier.points.size() == 1) {
      tier.points.assign(ncol, tier.points[0]); // one figure: the same in every column
    } else if (tier.points.size() != ncol) {
      diags.error(pts->mark, "rubric.points",
                  fmt::format("{} points for {} columns: give one figure per column, or one for all",
                              tier.points.size(), ncol));
      tier.points.resize(ncol, 0);
    }
  }
}

// Tiers go from the highest score down, and points fall with the score.
void check_tier_order(const yaml::Fields& tf, const Element& el, const Tier& tier, Diagnostics& diags)
{
  if (!el.tiers.empty() && tier.score >= el.tiers.back().score) {
    diags.error(tf.mark_of("score"), "rubric.tier-order",
                fmt::format("tiers go from the highest score down: {} after {}", format_percent(tier.score),
                            format_percent(el.tiers.back().score)));
  } else if (!el.tiers.empty()) {
    // A lower tier worth more points than a higher one would score an element above its
    // possible points (over 100%). (Found by the rubric fuzzer.)
    const auto& above = el.tiers.back().points;
    for (std::size_t col = 0; col < tier.points.size() && col < above.size(); ++col) {
      if (tier.points[col] > above[col]) {
        diags.error(tf.mark_of("points"), "rubric.tier-order",
                    fmt::format("{} points at {} is more than the {} of the tier above "
                                "({}): points fall with the score",
                                format_hundredths(tier.points[col]), format_percent(tier.score),
                                format_hundredths(above[col]), format_percent(el.tiers.back().score)));
        break;
      }
    }
  }
}

// One element of a standard: its scoring, factors and tiers (each with its score, what selects
// it, and its points per column).
Element read_element(yaml::Fields& ef, const std::string& standard, std::size_t ncol, Diagnostics& diags)
{
  Element el;
  el.id = ef.text("id").value_or("");
  el.title = ef.text("title").value_or("");
  el.source = ef.text("source").value_or("");
  const auto scoring = ef.choice("scoring", {"factors", "file-review", "choice"}).value_or("factors");
  el.scoring = scoring == "file-review" ? Scoring::file_review
               : scoring == "choice"    ? Scoring::choice
                                        : Scoring::factors;
  el.factors = static_cast<int>(ef.integer("factors", 1, 99).value_or(1));
  read_factor_lists(ef, el, diags);
  const auto* tiers = ef.list("tiers");
  for (std::size_t t = 0; tiers != nullptr && t < tiers->children.size(); ++t) {
    const auto& tn = tiers->children[t];
    yaml::Fields tf(&tn, diags, k_tier_fields, fmt::format("tier {} of {}.{}", t + 1, standard, el.id),
                    tn.mark);
    if (!tf.ok()) {
      continue;
    }
    Tier tier;
    tier.score = tf.rate("score").value_or(0);
    tf.text("text");
    if (const yaml::Node* met = tf.find("met")) {
      auto c = met->is_scalar() ? parse_count(met->text) : std::nullopt;
      if (!c) {
        diags.error(
          met->mark, "rubric.count",
          "`met` is a count of factors: \"12\", \"8-11\", \"4+\", \"all\", \"all-1\" or \"all-3+\"");
      }
      tier.met = c;
    }
    read_when(tf, tier, diags);
    // "No scoring option" rows keep their points but have no `met`/`when` (for choice
    // scoring: no `text`): they are never chosen.
    tier.chosen_by_auditor = el.scoring == Scoring::choice && tf.has("text");
    tier.option = tier.met.has_value() || !tier.when.empty() || tier.chosen_by_auditor;
    read_tier_points(tf, ncol, tier, diags);
    check_tier_order(tf, el, tier, diags);
    el.tiers.push_back(std::move(tier));
  }
  return el;
}

} // namespace

Rubric read_rubric(const Document& doc, Diagnostics& diags)
{
  Rubric r;
  r.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_rubric_fields, "the rubric");
  r.title = top.text("title").value_or("");
  r.oversight_cycle = top.duration("oversight_cycle");
  if (r.oversight_cycle && r.oversight_cycle->count <= 0) {
    diags.error(top.mark_of("oversight_cycle"), "rubric.oversight-cycle",
                "`oversight_cycle` must be a positive duration, e.g. 1y");
    r.oversight_cycle.reset();
  }
  top.text("source");
  top.text("notes");
  if (const auto* cols = top.list("columns")) {
    r.columns = yaml::read_text_list(*cols, diags, "`columns`");
  }
  const std::size_t ncol = std::max<std::size_t>(1, r.columns.size());

  yaml::Fields bands(top.map("file_review_bands"), diags, k_bands_fields, "`file_review_bands`", top.mark());
  if (auto h = bands.rate("high")) {
    r.high = *h;
  }
  if (auto m = bands.rate("medium")) {
    r.medium = *m;
  }
  if (r.medium >= r.high) {
    diags.error(top.mark_of("file_review_bands"), "rubric.bands",
                "the Medium band must start below the High band");
  }

  read_samples(top, r, diags);

  read_rating(top, r, diags);

  top.each("standards", k_standard_fields, "standard", [&](yaml::Fields& sf, std::size_t) {
    Standard st;
    st.id = sf.text("id").value_or("");
    st.title = sf.text("title").value_or("");
    sf.text("source");
    st.requires_delegation = sf.boolean("requires_delegation").value_or(false);
    read_standard_points(sf, r, ncol, st, diags);
    sf.each(
      "elements", k_element_fields,
      [&](std::size_t e) { return fmt::format("element {} of {}", e + 1, st.id); },
      [&](yaml::Fields& ef, std::size_t) { st.elements.push_back(read_element(ef, st.id, ncol, diags)); });

    check_standard_sum(sf, r, st, diags);
    r.standards.push_back(std::move(st));
  });
  return r;
}

std::span<const yaml::Table> rubric_field_tables()
{
  return k_field_tables;
}

} // namespace qicase::reference

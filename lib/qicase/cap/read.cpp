// Reading a CAP (cap::Cap): its field tables, the file read into the typed case, and the rules
// checked while reading (file problems and findings, each citing its clause).
#include <qicase/cap/cap.hpp>

#include <algorithm>
#include <set>

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::cap {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_cap_fields[] = {
  {"kind",         As::text, Req::yes},
  {"id",           As::text, Req::yes},
  {"title",        As::text, Req::no},
  {"notice",       As::text, Req::no},
  {"audit",        As::text, Req::no},
  {"policy",       As::text, Req::no},
  {"opened",       As::date, Req::yes,      {"cap.opened",       "the date the CAP was opened"}},
  {"submitted",    As::date, Req::no},
  {"monitor",      As::text, Req::yes,      {"cap.monitor",      "who monitors the CAP, e.g. `Provider Network Manager, with the Quality Improvement Council` (4.9A K)"}},
  {"deficiencies", As::list, Req::nonempty, {"cap.deficiencies", "one entry per deficiency (4.9A F)"}},
  {"notes",        As::text, Req::no},
};

const yaml::Field k_deficiency_fields[] = {
  {"id",          As::text, Req::yes,      {"cap.deficiency", "an id such as D1"}},
  {"finding",     As::text, Req::no},
  {"description", As::text, Req::yes,      {"cap.deficiency", "what is deficient"}},
  {"root_cause",  As::text, Req::finding,  {"cap.root-cause", "the analysis of the deficiency's causes the actions rest on (4.9A F.1)"}},
  {"actions",     As::list, Req::nonempty, {"cap.actions",    "at least one action for remediation (4.9A F.1)"}},
  {"progress",    As::list, Req::no},
  {"evidence",    As::list, Req::no},
  {"remedied",    As::date, Req::no},
  {"notes",       As::text, Req::no},
};

const yaml::Field k_action_fields[] = {
  {"id",         As::text,    Req::yes, {"cap.action",     "an id such as A1"}},
  {"action",     As::text,    Req::yes, {"cap.action",     "the specific action taken for remediation (4.9A F.1)"}},
  {"owner",      As::text,    Req::yes, {"cap.owner",      "the staff responsible for monitoring and evaluating the action (4.9A F.3)"}},
  {"start",      As::date,    Req::no},
  {"due",        As::date,    Req::yes, {"cap.due",        "the anticipated timeframe for the action to be effective (4.9A F.4)"}},
  {"measure",    As::text,    Req::yes, {"cap.measure",    "how the action is measured and monitored (4.9A F.2)"}},
  {"target",     As::text,    Req::no},
  {"monitoring", As::text,    Req::yes, {"cap.monitoring", "the interval to monitor and report progress: weekly, biweekly, monthly, quarterly or a duration such as 6w (4.9A F.4)"}},
  {"outcome",    As::text,    Req::yes, {"cap.outcome",    "the anticipated outcome of the action (4.9A F.5)"}},
  {"imposed",    As::boolean, Req::no},
  {"notes",      As::text,    Req::no},
};

const yaml::Field k_progress_fields[] = {
  {"date",   As::date, Req::yes, {"cap.progress", "the date of the monitoring report"}},
  {"value",  As::any,  Req::yes, {"cap.progress", "the measurement reported"}},
  {"note",   As::text, Req::no},
  {"action", As::text, Req::no},
  {"file",   As::text, Req::no},
  {"sha256", As::text, Req::no},
  {"size",   As::integer, Req::no},
};

const yaml::Field k_evidence_fields[] = {
  {"date",        As::date, Req::yes, {"cap.progress", "the date of the evidence"}},
  {"description", As::text, Req::yes, {"cap.progress", "what the evidence shows"}},
  {"file",        As::text, Req::no},
  {"sha256",      As::text, Req::no},
  {"size",        As::integer, Req::no},
};

// clang-format on
const yaml::Table k_field_tables[] = {
  {"", k_cap_fields},
  {"/properties/deficiencies/items", k_deficiency_fields},
  {"/properties/deficiencies/items/properties/actions/items", k_action_fields},
  {"/properties/deficiencies/items/properties/progress/items", k_progress_fields},
  {"/properties/deficiencies/items/properties/evidence/items", k_evidence_fields},
};

// H: a deficiency is remedied when the CAP proves it (F.2: the measure shows it; F.4: the
// reports or evidence back it). A remedy recorded without that proof is a finding, and the
// deficiency stays open (its status follows its dates as if no remedy were recorded).
void check_remedy(Deficiency& d, Mark mark, Diagnostics& diags)
{
  const calendar::Date on = *d.remedied;
  std::vector<std::string> missing;
  for (const auto& a : d.actions) {
    if (!a.target) {
      continue; // a measure without a numeric target: the reports say whether it is met
    }
    const Progress* latest = nullptr;
    for (const auto& p : d.progress) {
      if (p.date <= on && p.rate && (p.action.empty() || p.action == a.id)) {
        latest = &p;
      }
    }
    if (latest == nullptr) {
      missing.push_back(fmt::format("no measurement of {}'s target ({}) by then", a.id, a.target_text));
    } else if (!a.target->met_by(*latest->rate)) {
      missing.push_back(fmt::format("{}'s latest result, {} on {}, does not meet its target {}", a.id,
                                    latest->value, latest->date.str(), a.target_text));
    }
  }
  const bool backed = std::any_of(
                        d.progress.begin(), d.progress.end(),
                        [&](const Progress& p) { return p.date <= on && evidence::sound(p.citation); })
                      || std::any_of(d.evidence.begin(), d.evidence.end(),
                                     [&](const Proof& p) { return p.date && evidence::sound(p.citation); });
  if (!backed) {
    missing.push_back("no monitoring report by then or evidence item backs it (a cited file must "
                      "exist, unchanged)");
  }
  if (missing.empty()) {
    return;
  }
  d.remedy_proven = false;
  std::string why;
  for (const auto& m : missing) {
    why += (why.empty() ? "" : "; ") + m;
  }
  diags.error(mark, "cap.remedied",
              fmt::format("{} is recorded remedied {}, but {}: it stays open until the CAP shows the "
                          "remedy (4.9A F.2, H)",
                          d.id, on.str(), why));
}

} // namespace

std::optional<Target> parse_target(std::string_view text)
{
  std::string_view s = trim(text);
  Target t;
  struct Prefix
  {
    std::string_view text;
    Target::Op op;
  };
  static constexpr Prefix k_prefixes[] = {
    {">=", Target::Op::ge},      {"\xe2\x89\xa5", Target::Op::ge},
    {"<=", Target::Op::le},      {"\xe2\x89\xa4", Target::Op::le},
    {">", Target::Op::gt},       {"<", Target::Op::lt},
    {"=", Target::Op::eq},       {"at least", Target::Op::ge},
    {"at most", Target::Op::le},
  };
  for (const auto& p : k_prefixes) {
    if (s.substr(0, p.text.size()) == p.text) {
      t.op = p.op;
      s = trim(s.substr(p.text.size()));
      break;
    }
  }
  auto rate = parse_rate(s);
  if (!rate.rate) {
    return std::nullopt;
  }
  t.rate = *rate.rate;
  return t;
}

std::optional<calendar::Duration> parse_interval(std::string_view text)
{
  using calendar::Unit;
  if (text == "weekly")
    return calendar::Duration{1, Unit::weeks};
  if (text == "biweekly")
    return calendar::Duration{2, Unit::weeks};
  if (text == "monthly")
    return calendar::Duration{1, Unit::months};
  if (text == "quarterly")
    return calendar::Duration{3, Unit::months};
  auto parsed = calendar::parse_duration(text);
  if (parsed.duration && parsed.duration->count > 0) {
    return parsed.duration;
  }
  return std::nullopt;
}

namespace {

// Whom the CAP answers (a notice, an audit, or neither), the policy it follows, its dates and
// monitor (4.9A C, F).
void read_source(Cap& c, yaml::Fields& top, const Document& doc, Context& ctx, Diagnostics& diags)
{
  c.notice_id = top.text("notice").value_or("");
  c.audit_id = top.text("audit").value_or("");
  if (!c.notice_id.empty() && !c.audit_id.empty()) {
    diags.error(top.mark_of("audit"), "cap.source",
                "a CAP answers a notice or an audit, not both: keep one (or neither for a "
                "self-initiated CAP)");
  }
  if (!c.notice_id.empty()) {
    c.notice = notice::notice_for(ctx, doc, c.notice_id, top.mark_of("notice"), diags);
    if (c.notice && c.notice->response_required == "actionplan") {
      diags.warning(top.mark_of("notice"), "cap.notice-requires",
                    fmt::format("notice {} requires an action plan, not a CAP (4.9A C)", c.notice_id));
    }
  }
  if (!c.audit_id.empty()) {
    reference::resolve_reference(ctx.workspace, doc, c.audit_id, "audit", top.mark_of("audit"), diags);
  }
  // The policy: the CAP's own `policy`, else its notice's, else 4.9A's.
  if (auto policy = top.text("policy")) {
    c.rules = reference::policy_for(ctx, doc, *policy, top.mark_of("policy"), diags);
  } else if (c.notice) {
    c.rules = c.notice->rules;
  } else {
    c.rules = reference::policy_for(ctx, doc, "lre-4.9a", top.mark(), diags);
  }
  c.opened = top.date("opened");
  c.submitted = top.date("submitted");
  if (c.notice && !top.has("submitted")) {
    diags.warning(top.mark(), "cap.submitted",
                  fmt::format("no `submitted` date: notice {} shows no response until the CAP "
                              "has one; add the date the CAP was submitted",
                              c.notice_id));
  }
  if (c.notice && c.notice->issued) {
    for (auto [key, date] : {std::pair{"opened", c.opened}, std::pair{"submitted", c.submitted}}) {
      if (date && *date < *c.notice->issued) {
        diags.error(top.mark_of(key), "cap.dates",
                    fmt::format("`{}` {} is before notice {} was issued ({})", key, date->str(), c.notice_id,
                                c.notice->issued->str()),
                    c.notice->there(c.notice->issued_mark, "the issue date"));
      }
    }
  }
  c.monitor = top.text("monitor").value_or("");
}

// The notice's finding a deficiency names must be one of the notice's.
void check_finding(const Cap& c, const Deficiency& d, yaml::Fields& f, Diagnostics& diags)
{
  if (!d.finding.empty() && c.notice && c.notice->finding(d.finding) == nullptr
      && diags.full("cap.finding")) {
    diags.error(f.mark_of("finding"), "cap.finding", {}); // counted only
  } else if (!d.finding.empty() && c.notice && c.notice->finding(d.finding) == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& nf : c.notice->findings) {
      ids.push_back(nf.id);
    }
    auto hint = suggest(d.finding, ids);
    hint.aside.related = c.notice->path;
    hint.aside.related_mark = c.notice->findings.empty() ? Mark{} : c.notice->findings.front().mark;
    hint.aside.relation = fmt::format("the findings of notice {}", c.notice_id);
    diags.error(f.mark_of("finding"), "cap.finding",
                fmt::format("notice {} has no finding `{}`{}", c.notice_id, d.finding, hint.text),
                std::move(hint.aside));
  } else if (!d.finding.empty() && !c.notice) {
    if (c.notice_id.empty()) {
      diags.warning(f.mark_of("finding"), "cap.finding",
                    "`finding` names a finding, but the CAP names no `notice`");
    }
  }
}

// One action of a deficiency (4.9A F.1-F.5): ids unique within it, an interval to monitor, a
// target to compare with, a due date not before its start.
void read_action(const Cap& c, Deficiency& d, yaml::Fields& a, std::size_t j,
                 std::set<std::string>& action_ids, Diagnostics& diags)
{
  Action action;
  action.index = j;
  action.id = a.text("id").value_or("");
  if (!action.id.empty() && !action_ids.insert(action.id).second) {
    diags.error(a.mark_of("id"), "cap.action",
                fmt::format("action id `{}` is used twice in {}", action.id, d.id));
  }
  action.action = a.text("action").value_or("");
  action.owner = a.text("owner").value_or("");
  action.start = a.date("start");
  action.due = a.date("due");
  action.measure = a.text("measure").value_or("");
  action.target_text = a.text("target").value_or("");
  action.monitoring = a.text("monitoring").value_or("");
  action.outcome = a.text("outcome").value_or("");
  action.imposed = a.boolean("imposed").value_or(false);
  a.text("notes");
  if (!action.start) {
    action.start = c.opened;
  }
  if (!action.monitoring.empty()) {
    action.interval = parse_interval(action.monitoring);
    if (!action.interval) {
      diags.error(a.mark_of("monitoring"), "cap.monitoring",
                  fmt::format("`monitoring: {}` is not an interval: write weekly, "
                              "biweekly, monthly, quarterly or a duration such as 6w "
                              "(4.9A F.4)",
                              utf8_prefix(action.monitoring, 40)));
    }
  }
  if (!action.target_text.empty()) {
    action.target = parse_target(action.target_text);
    if (!action.target) {
      diags.warning(a.mark_of("target"), "cap.target",
                    fmt::format("target `{}` is not a comparison such as `>= 95%`: "
                                "whether the latest value misses it cannot be judged",
                                utf8_prefix(action.target_text, 40)));
    }
  }
  if (action.due && action.start && *action.due < *action.start) {
    diags.error(a.mark_of("due"), "cap.due",
                fmt::format("action {} is due {}, before it starts ({})", action.id, action.due->str(),
                            action.start->str()));
  }
  d.actions.push_back(std::move(action));
}

// The deficiency's monitoring reports (4.9A F.4), in date order; each cited document checked.
void read_progress(const Cap& c, Deficiency& d, yaml::Fields& f, const Document& doc, Context& ctx,
                   Diagnostics& diags)
{
  if (const auto* progress = f.list("progress")) {
    for (std::size_t j = 0; j < progress->children.size(); ++j) {
      const auto& node = progress->children[j];
      yaml::Fields p(&node, diags, k_progress_fields, fmt::format("progress report {}", j + 1), node.mark);
      if (!p.ok()) {
        continue;
      }
      auto date = p.date("date");
      Progress report;
      const yaml::Node* value = p.find("value");
      if (value == nullptr) {
        p.missing("value");
      } else if (value->is_scalar()) {
        report.value = value->text;
        report.rate = parse_rate(value->text).rate;
      } else {
        diags.error(value->mark, "field.type",
                    fmt::format("`value` must be a measurement such as 88% or a short text, "
                                "not {}",
                                value->describe()));
      }
      report.note = p.text("note").value_or("");
      report.action = p.text("action").value_or("");
      if (!report.action.empty() && std::none_of(d.actions.begin(), d.actions.end(), [&](const Action& x) {
            return x.id == report.action;
          })) {
        diags.error(p.mark_of("action"), "cap.progress",
                    fmt::format("{} has no action `{}`", d.id, report.action));
      }
      if (date && c.opened && *date < *c.opened) {
        diags.error(
          p.mark_of("date"), "cap.progress",
          fmt::format("report dated {}, before the CAP was opened ({})", date->str(), c.opened->str()));
      }
      report.citation = evidence::read(p, diags);
      if (report.citation) {
        report.citation->date = date;
        report.citation->item = fmt::format("{} report {}", d.id, date ? date->str() : "-");
        evidence::verify(*report.citation, doc, ctx, diags, d.remedied.has_value());
      }
      if (date) {
        report.date = *date;
        d.progress.push_back(std::move(report));
      }
    }
    std::stable_sort(d.progress.begin(), d.progress.end(),
                     [](const Progress& a, const Progress& b) { return a.date < b.date; });
  }
}

// Evidence that the deficiency is remedied (4.9A H), its document checked.
void read_proof(Deficiency& d, yaml::Fields& e, const Document& doc, Context& ctx, Diagnostics& diags)
{
  Proof proof;
  proof.mark = e.mark();
  proof.date = e.date("date");
  proof.description = e.text("description").value_or("");
  proof.citation = evidence::read(e, diags);
  if (proof.citation) {
    proof.citation->date = proof.date;
    proof.citation->item = d.id;
    evidence::verify(*proof.citation, doc, ctx, diags, d.remedied.has_value());
  }
  d.evidence.push_back(std::move(proof));
}

// A CAP answering a notice covers each finding that needs one: every finding when the notice
// requires a CAP, else those in the policy's CAP categories (4.9A F, L).
void check_coverage(const Cap& c, yaml::Fields& top, Diagnostics& diags)
{
  if (c.notice && top.has("deficiencies")) {
    std::unordered_set<std::string_view> answered;
    for (const auto& d : c.deficiencies) {
      answered.insert(d.finding);
    }
    for (const auto& nf : c.notice->findings) {
      const bool needs = c.notice->response_required == "cap" || nf.cap_category;
      const bool covered = answered.count(nf.id) != 0;
      if (needs && !covered) {
        diags.error(top.mark_of("deficiencies"), "cap.finding-uncovered",
                    fmt::format("finding {} of notice {} ({}) has no deficiency: add one with "
                                "`finding: {}` (4.9A F)",
                                nf.id, c.notice_id, nf.summary, nf.id),
                    c.notice->there(nf.mark, fmt::format("finding {}", nf.id)));
      }
    }
  }
}

// One deficiency (4.9A F.1): its id unique in the CAP, the finding it answers, its root cause,
// actions, monitoring reports and evidence, and whether its remedy is backed (4.9A H).
void read_deficiency(Cap& c, yaml::Fields& f, std::size_t i, std::set<std::string>& deficiency_ids,
                     const Document& doc, Context& ctx, Diagnostics& diags)
{
  Deficiency d;
  d.mark = f.mark();
  d.index = i;
  d.id = f.text("id").value_or("");
  f.text("notes");
  if (!d.id.empty() && !deficiency_ids.insert(d.id).second) {
    diags.error(f.mark_of("id"), "cap.deficiency",
                fmt::format("deficiency id `{}` is used twice: give each its own", d.id));
  }
  d.finding = f.text("finding").value_or("");
  check_finding(c, d, f, diags);
  d.description = f.text("description").value_or("");
  d.root_cause = f.text("root_cause").value_or("");
  d.remedied = f.date("remedied");
  if (d.remedied && c.opened && *d.remedied < *c.opened) {
    diags.error(
      f.mark_of("remedied"), "cap.dates",
      fmt::format("remedied {}, before the CAP was opened ({})", d.remedied->str(), c.opened->str()));
  }
  std::set<std::string> action_ids;
  f.each(
    "actions", k_action_fields,
    [&](std::size_t j) {
      return fmt::format("action {} of {}", j + 1, d.id.empty() ? "the deficiency" : d.id);
    },
    [&](yaml::Fields& a, std::size_t j) { read_action(c, d, a, j, action_ids, diags); });
  read_progress(c, d, f, doc, ctx, diags);
  f.each(
    "evidence", k_evidence_fields,
    [&](std::size_t j) { return fmt::format("evidence {} of {}", j + 1, d.id); },
    [&](yaml::Fields& e, std::size_t) { read_proof(d, e, doc, ctx, diags); });
  if (d.remedied) {
    check_remedy(d, f.mark_of("remedied"), diags);
  }
  c.deficiencies.push_back(std::move(d));
}

} // namespace

Cap read_cap(const Document& doc, Context& ctx, Diagnostics& diags)
{
  Cap c;
  c.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_cap_fields, "the CAP");
  top.text("title");
  top.text("notes");
  read_source(c, top, doc, ctx, diags);
  std::set<std::string> deficiency_ids;
  top.each("deficiencies", k_deficiency_fields, "deficiency", [&](yaml::Fields& f, std::size_t i) {
    read_deficiency(c, f, i, deficiency_ids, doc, ctx, diags);
  });
  check_coverage(c, top, diags);
  return c;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::cap

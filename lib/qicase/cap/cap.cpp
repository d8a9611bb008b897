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
  {"file",   As::any,  Req::no},
  {"sha256", As::any,  Req::no},
  {"size",   As::any,  Req::no},
};
const yaml::Field k_evidence_fields[] = {
  {"date",        As::date, Req::yes, {"cap.progress", "the date of the evidence"}},
  {"description", As::text, Req::yes, {"cap.progress", "what the evidence shows"}},
  {"file",        As::any,  Req::no},
  {"sha256",      As::any,  Req::no},
  {"size",        As::any,  Req::no},
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

bool Target::met_by(Hundredths value) const
{
  switch (op) {
  case Op::ge: return value >= rate;
  case Op::gt: return value > rate;
  case Op::le: return value <= rate;
  case Op::lt: return value < rate;
  case Op::eq: return value == rate;
  }
  return false;
}

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

std::vector<calendar::Date> report_dates(calendar::Date start, const calendar::Duration& interval,
                                         calendar::Date until, const calendar::Calendar& cal)
{
  std::vector<calendar::Date> dates;
  for (long k = 1; k <= 10000; ++k) {
    const calendar::Date d = cal.add(start, calendar::Duration{interval.count * k, interval.unit});
    if (d > until) {
      break;
    }
    dates.push_back(d);
  }
  return dates;
}

Cap read_cap(const Document& doc, Context& ctx, Diagnostics& diags)
{
  Cap c;
  c.id = doc.id;
  yaml::Fields top(&*doc.root, diags, k_cap_fields, "the CAP");
  top.text("title");
  top.text("notes");
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
                                c.notice->issued->str()));
      }
    }
  }
  c.monitor = top.text("monitor").value_or("");

  std::set<std::string> deficiency_ids;
  top.each("deficiencies", k_deficiency_fields, "deficiency", [&](yaml::Fields& f, std::size_t i) {
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
    if (!d.finding.empty() && c.notice && c.notice->finding(d.finding) == nullptr
        && diags.full("cap.finding")) {
      diags.error(f.mark_of("finding"), "cap.finding", {}); // counted only
    } else if (!d.finding.empty() && c.notice && c.notice->finding(d.finding) == nullptr) {
      std::vector<std::string_view> ids;
      for (const auto& nf : c.notice->findings) {
        ids.push_back(nf.id);
      }
      diags.error(
        f.mark_of("finding"), "cap.finding",
        fmt::format("notice {} has no finding `{}`{}", c.notice_id, d.finding, did_you_mean(d.finding, ids)));
    } else if (!d.finding.empty() && !c.notice) {
      if (c.notice_id.empty()) {
        diags.warning(f.mark_of("finding"), "cap.finding",
                      "`finding` names a finding, but the CAP names no `notice`");
      }
    }
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
      [&](yaml::Fields& a, std::size_t j) {
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
      });

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
    f.each(
      "evidence", k_evidence_fields,
      [&](std::size_t j) { return fmt::format("evidence {} of {}", j + 1, d.id); },
      [&](yaml::Fields& e, std::size_t) {
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
      });
    if (d.remedied) {
      check_remedy(d, f.mark_of("remedied"), diags);
    }
    c.deficiencies.push_back(std::move(d));
  });

  // A CAP answering a notice covers each finding that needs one: every finding when the notice
  // requires a CAP, else those in the policy's CAP categories (4.9A F, L).
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
                                nf.id, c.notice_id, nf.summary, nf.id));
      }
    }
  }
  return c;
}

namespace {

// One monitoring report an action owes (F.4): its date, the last day it may come (the policy's
// grace after it), and the report that answered it, if any.
struct ReportSlot
{
  std::size_t action = 0; // index in the deficiency's actions
  calendar::Date date;
  calendar::Date last_day;
  std::optional<calendar::Date> received;
};

struct DeficiencyFigures
{
  std::string status;
  std::vector<ReportSlot> slots; // report dates up to the remedy or --as-of, then the next ones
  std::optional<calendar::Date> last_due;
  std::optional<calendar::Date> escalate_after;
  std::optional<calendar::Date> next_report_due;
  std::vector<calendar::Date> overdue_reports;
  const Progress* latest = nullptr;
};

// `horizon`: list the report slots after --as-of up to this day too (for `qicase due`); by
// default only the next one.
DeficiencyFigures figures(const Deficiency& d, const Cap& c, Context& ctx,
                          std::optional<calendar::Date> horizon = std::nullopt)
{
  DeficiencyFigures f;
  const auto& cal = *ctx.calendar;
  const auto& rules = *c.rules;
  const bool remedied = d.remedied && d.remedy_proven && *d.remedied <= ctx.as_of;
  for (const auto& a : d.actions) {
    if (a.due && (!f.last_due || *a.due > *f.last_due)) {
      f.last_due = a.due;
    }
  }
  for (const auto& p : d.progress) {
    if (p.date <= ctx.as_of) {
      f.latest = &p;
    }
  }
  // Monitoring (F.4): a report per interval from each action's start until the deficiency is
  // remedied or --as-of; each report may answer one due date, from the day after the previous
  // due date (the start day for the first) to the policy's grace after its own.
  const calendar::Date end = remedied ? *d.remedied : ctx.as_of;
  std::set<calendar::Date> missing;
  std::optional<calendar::Date> next;
  for (std::size_t ai = 0; ai < d.actions.size(); ++ai) {
    const auto& a = d.actions[ai];
    if (!a.interval || !a.start) {
      continue;
    }
    const auto dates = report_dates(*a.start, *a.interval, end, cal);
    std::vector<bool> used(d.progress.size(), false);
    calendar::Date previous = *a.start;
    for (std::size_t k = 0; k < dates.size(); ++k) {
      const calendar::Date last_day = cal.add(dates[k], rules.cap_report_grace);
      bool found = false;
      ReportSlot slot{ai, dates[k], last_day, std::nullopt};
      for (std::size_t r = 0; r < d.progress.size() && !found; ++r) {
        const auto& p = d.progress[r];
        if (used[r] || (!p.action.empty() && p.action != a.id) || p.date > ctx.as_of) {
          continue;
        }
        const bool after_previous = k == 0 ? p.date >= previous : p.date > previous;
        if (after_previous && p.date <= last_day) {
          used[r] = true;
          found = true;
          slot.received = p.date;
        }
      }
      f.slots.push_back(slot);
      if (!found && ctx.as_of > last_day) {
        missing.insert(dates[k]);
      } else if (!found && !remedied && (!next || dates[k] < *next)) {
        next = dates[k]; // due, not received, still within the grace
      }
      previous = dates[k];
    }
    if (!remedied) {
      // Else the first report date after --as-of.
      const auto ahead_until = cal.add(ctx.as_of, *a.interval);
      const auto ahead = report_dates(*a.start, *a.interval,
                                      horizon && *horizon > ahead_until ? *horizon : ahead_until, cal);
      bool first = true;
      for (const auto& date : ahead) {
        if (date > ctx.as_of && (first || (horizon && date <= *horizon))) {
          if (first && (!next || date < *next)) {
            next = date;
          }
          first = false;
          f.slots.push_back({ai, date, cal.add(date, rules.cap_report_grace), std::nullopt});
        }
      }
    }
  }
  f.overdue_reports.assign(missing.begin(), missing.end());
  f.next_report_due = next;
  if (f.last_due) {
    f.escalate_after = cal.add(*f.last_due, rules.cap_reasonable_time);
    if (!f.escalate_after->in_range()) {
      f.escalate_after.reset(); // past the last date a file can hold: nothing to escalate yet
    }
  }

  if (remedied) {
    f.status = "remedied";
  } else if (f.escalate_after && ctx.as_of > *f.escalate_after) {
    f.status = "escalate"; // 4.9A I: the issuer may impose actions
  } else if (f.last_due && ctx.as_of > *f.last_due) {
    f.status = "overdue";
  } else if (!f.overdue_reports.empty()) {
    // F.4 makes reporting part of the plan: a monitoring report missing past its grace means
    // the plan is not on track, whatever the last measurement said (the same slots `due` lists
    // as overdue).
    f.status = "at-risk";
  } else {
    f.status = "on-track";
    if (f.latest && f.latest->rate) {
      const Action* measured = nullptr;
      for (const auto& a : d.actions) {
        if (a.target && (f.latest->action.empty() || a.id == f.latest->action)) {
          measured = &a;
          break;
        }
      }
      if (measured != nullptr && !measured->target->met_by(*f.latest->rate)) {
        f.status = "at-risk";
      }
    }
  }
  return f;
}

} // namespace

json::Value report(const Cap& c, Context& ctx)
{
  json::Value r = json::Value::object();
  r.set("notice", c.notice_id.empty() ? json::Value() : json::Value(c.notice_id));
  r.set("audit", c.audit_id.empty() ? json::Value() : json::Value(c.audit_id));
  r.set("opened", calendar::to_json(c.opened));
  r.set("submitted", calendar::to_json(c.submitted));
  r.set("policy", c.rules ? json::Value(c.rules->id) : json::Value());
  bool open = c.deficiencies.empty();
  json::Value list = json::Value::array();
  for (const auto& d : c.deficiencies) {
    const auto f = figures(d, c, ctx);
    open = open || f.status != "remedied"; // H: open until every deficiency is remedied
    json::Value item = json::Value::object();
    item.set("id", d.id);
    item.set("finding", d.finding.empty() ? json::Value() : json::Value(d.finding));
    item.set("status", f.status);
    item.set("latest_value", f.latest ? json::Value(f.latest->value) : json::Value());
    item.set("latest_date", f.latest ? json::Value(f.latest->date.str()) : json::Value());
    item.set("next_report_due", calendar::to_json(f.next_report_due));
    json::Value overdue = json::Value::array();
    for (const auto& date : f.overdue_reports) {
      overdue.push(date.str());
    }
    item.set("overdue_reports", std::move(overdue));
    item.set("due", calendar::to_json(f.last_due));
    item.set("escalate_after", calendar::to_json(f.escalate_after));
    item.set("remedied", calendar::to_json(d.remedied));
    item.set("remedy_proven", d.remedied ? json::Value(d.remedy_proven) : json::Value());
    json::Value imposed = json::Value::array();
    for (const auto& a : d.actions) {
      if (a.imposed) {
        imposed.push(a.id);
      }
    }
    item.set("imposed_actions", std::move(imposed));
    list.push(std::move(item));
  }
  r.set("status", open ? "open" : "closed");
  r.set("deficiencies", std::move(list));
  return r;
}

void citations(const Cap& c, const Document& doc, evidence::Entries& out)
{
  const std::string delegate = c.notice ? c.notice->recipient : std::string();
  for (const auto& d : c.deficiencies) {
    for (const auto& p : d.progress) {
      if (p.citation) {
        out.push_back({doc.id, "cap", delegate, doc.path, *p.citation});
      }
    }
    for (const auto& p : d.evidence) {
      if (p.citation) {
        out.push_back({doc.id, "cap", delegate, doc.path, *p.citation});
      }
    }
  }
}

void obligations(const Cap& c, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root || !c.rules || !ctx.calendar) {
    return;
  }
  const auto& root = *doc.root;
  // Deficiencies as read keep the file's order; find each one's position for marks.
  for (std::size_t i = 0; i < c.deficiencies.size(); ++i) {
    const auto& d = c.deficiencies[i];
    const auto f = figures(d, c, ctx, ctx.horizon);
    const bool remedied = d.remedied && d.remedy_proven && *d.remedied <= ctx.as_of;
    const std::string base = fmt::format("deficiencies.{}", d.index);
    for (std::size_t j = 0; j < d.actions.size(); ++j) {
      // F.4: the anticipated timeframe of each action; met when the deficiency is remedied (H).
      const auto& a = d.actions[j];
      if (!a.due) {
        continue;
      }
      Obligation o;
      o.key = fmt::format("{}.{}.due", d.id, a.id);
      o.what = fmt::format("{} {}: {}", d.id, a.id, a.action);
      o.due = *a.due;
      o.done = remedied;
      o.done_on = remedied ? d.remedied : std::nullopt;
      o.owner = a.owner;
      o.clause = "4.9A F.4";
      o.note = a.imposed ? "imposed by the issuer (4.9A I)" : "";
      o.mark = yaml::mark_at(root, fmt::format("{}.actions.{}.due", base, a.index));
      out.push_back(std::move(o));
    }
    for (const auto& slot : f.slots) {
      // F.4: a monitoring report per interval; late only after the policy's grace.
      const auto& a = d.actions[slot.action];
      Obligation o;
      o.key = fmt::format("{}.{}.report.{}", d.id, a.id, slot.date.str());
      o.what = fmt::format("{} {}: {} monitoring report", d.id, a.id, a.monitoring);
      o.due = slot.date;
      o.late_after = slot.last_day;
      o.done = slot.received.has_value();
      o.done_on = slot.received;
      o.owner = a.owner;
      o.clause = "4.9A F.4";
      o.note = slot.received ? fmt::format("reported {}", slot.received->str()) : "";
      o.mark = yaml::mark_at(root, fmt::format("{}.actions.{}.monitoring", base, a.index));
      out.push_back(std::move(o));
    }
    if (f.escalate_after) {
      // H, I: not remedied within the reasonable time after the last action's due date, the
      // issuer may impose actions.
      Obligation o;
      o.key = fmt::format("{}.remedy", d.id);
      o.what = fmt::format("{} remedied, or the issuer may impose actions", d.id);
      o.due = *f.escalate_after;
      o.done = remedied;
      o.done_on = remedied ? d.remedied : std::nullopt;
      o.owner = c.monitor;
      o.clause = "4.9A H, I";
      o.mark = yaml::mark_at(root, {base + ".remedied", base + ".id"});
      out.push_back(std::move(o));
    }
  }
}

namespace {
std::string or_dash(std::string s)
{
  return s.empty() ? std::string("-") : s;
}
} // namespace

std::string render_text(const std::vector<Entry>& entries)
{
  std::string out;
  for (const auto& e : entries) {
    const auto& r = e.report;
    out += json::text_heading(e);
    if (r.is_null()) {
      continue;
    }
    const auto source = json::field(r, "notice").empty() ? json::field(r, "audit") : json::field(r, "notice");
    out += fmt::format("  answers      {}\n", or_dash(source));
    out += fmt::format("  opened       {}\n", or_dash(json::field(r, "opened")));
    for (const auto& d : r.find("deficiencies")->as_array()) {
      out += fmt::format("  {:<12} {:<9} latest {} ({}), next report {}, due {}\n", json::field(d, "id"),
                         json::field(d, "status"), or_dash(json::field(d, "latest_value")),
                         or_dash(json::field(d, "latest_date")), or_dash(json::field(d, "next_report_due")),
                         or_dash(json::field(d, "due")));
      const auto overdue = json::field(d, "overdue_reports");
      if (!overdue.empty()) {
        out += fmt::format("  {:<12} missing reports due {}\n", "", overdue);
      }
    }
    out += json::text_findings(r);
  }
  return out;
}

std::string render_markdown(const std::vector<std::pair<Entry, Cap>>& caps)
{
  std::string out;
  for (const auto& [e, c] : caps) {
    const auto& r = e.report;
    out += fmt::format("## {}\n\n", markdown_cell(e.id));
    if (r.is_null()) {
      out += "Not reported: the file has errors.\n\n";
      continue;
    }
    out += fmt::format("- **Status:** {}\n", json::field(r, "status"));
    if (!c.notice_id.empty()) {
      out += fmt::format("- **Notice:** {}\n", markdown_text(c.notice_id));
    }
    if (!c.audit_id.empty()) {
      out += fmt::format("- **Audit:** {}\n", markdown_text(c.audit_id));
    }
    out += fmt::format("- **Opened:** {}\n", or_dash(json::field(r, "opened")));
    out += fmt::format("- **Monitored by:** {}\n\n", markdown_cell(c.monitor));
    const auto& figures_list = r.find("deficiencies")->as_array();
    for (std::size_t i = 0; i < c.deficiencies.size() && i < figures_list.size(); ++i) {
      const auto& d = c.deficiencies[i];
      const auto& f = figures_list[i];
      out += fmt::format("### {}{}: {}\n\n", markdown_text(d.id),
                         d.finding.empty() ? "" : " (finding " + markdown_text(d.finding) + ")",
                         markdown_text(d.description));
      out += fmt::format("- **Root cause:** {}\n", markdown_text(d.root_cause));
      out += fmt::format("- **Status:** {}\n", json::field(f, "status"));
      out += fmt::format(
        "- **Latest measurement:** {}{}\n", or_dash(markdown_text(json::field(f, "latest_value"))),
        json::field(f, "latest_date").empty() ? "" : " (" + json::field(f, "latest_date") + ")");
      out += fmt::format("- **Next report due:** {}\n", or_dash(json::field(f, "next_report_due")));
      const auto overdue = json::field(f, "overdue_reports");
      if (!overdue.empty()) {
        out += fmt::format("- **Missing reports:** {}\n", overdue);
      }
      out += "\n| Action | Owner | Due | Measure | Target | Monitoring | Outcome |\n"
             "|---|---|---|---|---|---|---|\n";
      for (const auto& a : d.actions) {
        out += fmt::format("| {}{}: {} | {} | {} | {} | {} | {} | {} |\n", markdown_text(a.id),
                           a.imposed ? " (imposed)" : "", markdown_cell(a.action), markdown_cell(a.owner),
                           a.due ? a.due->str() : "-", markdown_cell(a.measure), markdown_cell(a.target_text),
                           markdown_cell(a.monitoring), markdown_cell(a.outcome));
      }
      out += "\n";
    }
    out += json::markdown_findings(e, 3);
  }
  return out;
}

std::string render_csv(const std::vector<std::pair<Entry, Cap>>& caps)
{
  std::string out = "cap,deficiency,deficiency_status,action_id,action,owner,start,due,measure,"
                    "target,monitoring,outcome,imposed\r\n";
  for (const auto& [e, c] : caps) {
    const json::Value* list = e.report.is_null() ? nullptr : e.report.find("deficiencies");
    for (std::size_t i = 0; i < c.deficiencies.size(); ++i) {
      const auto& d = c.deficiencies[i];
      const std::string status = list != nullptr && i < list->as_array().size()
                                   ? json::field(list->as_array()[i], "status")
                                   : "";
      for (const auto& a : d.actions) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(c.id), csv_field(d.id),
                           status, csv_field(a.id), csv_field(a.action), csv_field(a.owner),
                           a.start ? a.start->str() : "", a.due ? a.due->str() : "", csv_field(a.measure),
                           csv_field(a.target_text), csv_field(a.monitoring), csv_field(a.outcome),
                           a.imposed ? "true" : "false");
      }
    }
  }
  return out;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

} // namespace qicase::cap

// The portfolio as JSON and markdown (html.cpp: the page).
#include <qicase/portfolio/portfolio.hpp>

#include <fmt/format.h>

#include <qicase/core/json.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>

namespace qicase::portfolio {

namespace {

json::Value number(Hundredths h)
{
  return json::Value::raw_number(format_hundredths(h));
}

json::Value text_or_null(std::string_view s)
{
  return s.empty() ? json::Value() : json::Value(s);
}

// The items of `list`, each made by `make` as it is written (json::Value::generated): a
// delegate's lists (cases, duties, audits, measures) are never held as values whole. `list`
// outlives the writing.
template <class T, class Make> json::Value each_of(const std::vector<T>& list, Make make)
{
  return json::Value::generated(list.size(), [&list, make](std::size_t i) { return make(list[i]); });
}

json::Value duties_json(const std::vector<Duty>& duties, bool late)
{
  return each_of(duties, [late](const Duty& d) {
    json::Value v = json::Value::object();
    v.set("case", d.case_id);
    v.set("kind", d.kind);
    v.set("what", d.what);
    v.set("due", d.due.str());
    v.set("days", d.days);
    if (late) {
      v.set("days_late", d.days_late);
    }
    v.set("path", d.path);
    return v;
  });
}

json::Value case_json(const Case& c)
{
  json::Value v = json::Value::object();
  v.set("kind", c.kind);
  v.set("id", c.id);
  v.set("path", c.path);
  v.set("status", c.status);
  v.set("next_due", calendar::to_json(c.next_due));
  v.set("next_what", text_or_null(c.next_what));
  json::Value findings = json::Value::array();
  for (const auto& f : c.findings) {
    json::Value one = json::Value::object();
    one.set("rule", f.rule);
    one.set("clause", text_or_null(f.clause));
    one.set("severity", f.severity);
    one.set("line", f.line);
    one.set("message", f.message);
    findings.push(std::move(one));
  }
  v.set("findings", std::move(findings));
  v.set("file_problems", static_cast<long>(c.file_problems));
  return v;
}

json::Value audit_json(const AuditScore& a)
{
  json::Value v = json::Value::object();
  v.set("id", a.id);
  v.set("path", a.path);
  v.set("date", a.date.str());
  v.set("type", a.type);
  v.set("possible", number(a.possible));
  v.set("received", number(a.received));
  v.set("percent", a.rated ? number(a.percent) : json::Value());
  v.set("line", a.line ? number(*a.line) : json::Value());
  v.set("rating", text_or_null(a.rating));
  json::Value standards = json::Value::array();
  for (const auto& s : a.standards) {
    json::Value one = json::Value::object();
    one.set("id", s.id);
    one.set("title", s.title);
    one.set("possible", number(s.possible));
    one.set("received", number(s.received));
    one.set("percent", number(s.percent));
    standards.push(std::move(one));
  }
  v.set("standards", std::move(standards));
  return v;
}

json::Value rate_or_null(const std::string& s)
{
  return s.empty() ? json::Value() : json::Value::raw_number(s);
}

// Per quarter: the obligations overdue at its end and those met late within it.
json::Value trend_json(const Portfolio& p, const Delegate& d)
{
  json::Value out = json::Value::array();
  for (std::size_t q = 0; q < p.quarters.size(); ++q) {
    json::Value one = json::Value::object();
    one.set("quarter", p.quarters[q].label);
    one.set("end", p.quarters[q].last.str());
    one.set("overdue", static_cast<long>(d.trend_overdue[q]));
    one.set("met_late", static_cast<long>(d.trend_met_late[q]));
    out.push(std::move(one));
  }
  return out;
}

json::Value period_findings_json(const std::vector<PeriodFinding>& list)
{
  json::Value out = json::Value::array();
  for (const auto& f : list) {
    json::Value one = json::Value::object();
    one.set("case", f.case_id);
    one.set("kind", f.kind);
    one.set("rule", f.finding.rule);
    one.set("clause", f.finding.clause);
    one.set("message", f.finding.message);
    out.push(std::move(one));
  }
  return out;
}

json::Value period_json(const InPeriod& in)
{
  json::Value v = json::Value::object();
  v.set("opened", json::strings(in.opened));
  v.set("closed", json::strings(in.closed));
  json::Value fell_due = json::Value::array();
  for (const auto& duty : in.fell_due) {
    json::Value one = json::Value::object();
    one.set("case", duty.case_id);
    one.set("kind", duty.kind);
    one.set("what", duty.what);
    one.set("due", duty.due.str());
    one.set("state", duty.state);
    fell_due.push(std::move(one));
  }
  v.set("fell_due", std::move(fell_due));
  v.set("met", static_cast<long>(in.met));
  v.set("met_late", static_cast<long>(in.met_late));
  v.set("findings_raised", period_findings_json(in.raised));
  v.set("findings_resolved", period_findings_json(in.resolved));
  return v;
}

json::Value measures_json(const Delegate& d)
{
  return each_of(d.measures, [](const Measure& m) {
    json::Value one = json::Value::object();
    one.set("plan", m.plan);
    one.set("path", m.path);
    one.set("lob", m.lob);
    one.set("measure", m.measure);
    one.set("baseline", rate_or_null(m.baseline));
    one.set("goal", rate_or_null(m.goal));
    one.set("latest", rate_or_null(m.latest));
    one.set("goal_met", m.goal_met ? json::Value(*m.goal_met) : json::Value());
    return one;
  });
}

json::Value workplans_json(const Delegate& d)
{
  json::Value workplans = json::Value::array();
  for (const auto& w : d.workplans) {
    json::Value one = json::Value::object();
    one.set("id", w.id);
    one.set("path", w.path);
    one.set("title", w.title);
    one.set("year", w.year);
    one.set("met", static_cast<long>(w.met));
    one.set("partial", static_cast<long>(w.partial));
    one.set("not_met", static_cast<long>(w.not_met));
    one.set("other", static_cast<long>(w.other));
    workplans.push(std::move(one));
  }
  return workplans;
}

json::Value areas_json(const Portfolio& p, const Delegate& d)
{
  json::Value areas = json::Value::array();
  for (std::size_t i = 0; i < p.areas.size() && i < d.areas.size(); ++i) {
    const auto& a = d.areas[i];
    json::Value one = json::Value::object();
    one.set("area", p.areas[i]);
    one.set("cases", static_cast<long>(a.cases));
    one.set("rating", a.cases == 0 ? json::Value() : json::Value(to_string(a.rating())));
    one.set("overdue", static_cast<long>(a.overdue));
    one.set("met_late", static_cast<long>(a.met_late));
    one.set("findings", static_cast<long>(a.findings));
    areas.push(std::move(one));
  }
  return areas;
}

json::Value since_json(const Delegate& d)
{
  json::Value since = json::Value::array();
  for (const auto& c : d.since) {
    json::Value one = json::Value::object();
    one.set("case", c.case_id);
    one.set("kind", c.kind);
    one.set("note", text_or_null(c.note));
    one.set("changes", json::strings(c.lines));
    one.set("unbacked", static_cast<long>(c.unbacked));
    since.push(std::move(one));
  }
  return since;
}

json::Value delegate_json(const Portfolio& p, const Delegate& d)
{
  json::Value v = json::Value::object();
  v.set("key", d.key);
  v.set("id", text_or_null(d.id));
  v.set("name", text_or_null(d.name));
  v.set("type", text_or_null(d.type));
  v.set("functions", json::strings(d.functions));
  v.set("rating", to_string(d.rating));
  v.set("attention", json::strings(d.attention));
  v.set("findings", static_cast<long>(d.findings));
  v.set("cases", each_of(d.cases, &case_json));
  v.set("overdue", duties_json(d.overdue, false));
  v.set("due_soon", duties_json(d.due_soon, false));
  v.set("met_late", duties_json(d.met_late, true));
  v.set("audits", each_of(d.audits, &audit_json));
  v.set("measures", measures_json(d));
  v.set("workplans", workplans_json(d));
  v.set("trend", trend_json(p, d));
  v.set("period", p.period ? period_json(d.in_period) : json::Value());
  v.set("since", p.since.empty() ? json::Value() : since_json(d));
  v.set("areas", areas_json(p, d));
  return v;
}

std::string name_of(const Delegate& d)
{
  return d.key.empty() ? "No delegate" : d.name;
}

// `column`: "Days late" (met late: days after the due date), "Days past due" (overdue) or
// "Days left" (due soon).
void duty_rows_md(Sink& out, const std::vector<Duty>& duties, std::string_view column)
{
  out.format("| Due | {} | Case | What |\n|---|---|---|---|\n", column);
  for (const auto& d : duties) {
    const std::string days = column == "Days late"       ? std::to_string(d.days_late)
                             : column == "Days past due" ? std::to_string(-d.days)
                                                         : days_left(d.days);
    out += fmt::format("| {} | {} | {} ({}) | {} |\n", d.due.str(), days, markdown_cell(d.case_id), d.kind,
                       markdown_cell(d.what));
  }
  out += "\n";
}

} // namespace

void render_json(const Portfolio& p, Sink& out)
{
  json::Value doc = json::Value::object();
  doc.set("qicase", k_version);
  doc.set("as_of", p.as_of.str());
  doc.set("packet", p.packet.empty() ? json::Value() : json::Value(p.packet));
  doc.set("since", p.since.empty() ? json::Value() : json::Value(p.since));
  if (p.period) {
    json::Value period = json::Value::object();
    period.set("from", p.period->from.str());
    period.set("to", p.period->to.str());
    doc.set("period", std::move(period));
  } else {
    doc.set("period", json::Value());
  }
  if (p.commit.empty()) {
    doc.set("revision", json::Value());
  } else {
    json::Value revision = json::Value::object();
    revision.set("commit", p.commit);
    revision.set("dirty", p.dirty);
    doc.set("revision", std::move(revision));
  }
  doc.set("soon_days", p.soon_days);
  json::Value summary = json::Value::object();
  summary.set("cases", static_cast<long>(p.summary.case_count));
  json::Value by_kind = json::Value::object();
  for (const auto& [kind, statuses] : p.summary.cases) {
    json::Value s = json::Value::object();
    for (const auto& [status, n] : statuses) {
      s.set(status, static_cast<long>(n));
    }
    by_kind.set(kind, std::move(s));
  }
  summary.set("by_kind", std::move(by_kind));
  summary.set("overdue", static_cast<long>(p.summary.overdue));
  summary.set("due_soon", static_cast<long>(p.summary.due_soon));
  summary.set("met_late", static_cast<long>(p.summary.met_late));
  summary.set("findings", static_cast<long>(p.summary.findings));
  json::Value rules = json::Value::object();
  for (const auto& [rule, n] : p.summary.findings_by_rule) {
    rules.set(rule, static_cast<long>(n));
  }
  summary.set("findings_by_rule", std::move(rules));
  summary.set("file_problems", static_cast<long>(p.summary.file_problems));
  json::Value attention = json::Value::array();
  for (const auto& d : p.delegates) {
    if (!d.attention.empty() && !d.key.empty()) {
      attention.push(d.key);
    }
  }
  summary.set("attention", std::move(attention));
  doc.set("summary", std::move(summary));
  // Each delegate's section made as it is written, never all at once.
  doc.set("delegates", json::Value::generated(p.delegates.size(), [&p](std::size_t i) {
            return delegate_json(p, p.delegates[i]);
          }));
  doc.write(out, 2);
  out += "\n";
}

namespace {

// The portfolio's head: counts, cases by kind and status, findings by rule, and the delegates
// needing attention.
std::string markdown_summary(const Portfolio& p)
{
  const auto& s = p.summary;
  std::string out = fmt::format("# {} as of {}\n\n{}{} cases; {} obligations overdue, "
                                "{} due within {} days, {} met late; {} findings; {} with file "
                                "problems.\n\n",
                                markdown_text(title(p)), p.as_of.str(),
                                made_from(p).empty() ? std::string() : "Made from " + made_from(p) + ".\n\n",
                                s.case_count, s.overdue, s.due_soon, p.soon_days, s.met_late, s.findings,
                                s.file_problems == 1 ? "1 file" : fmt::format("{} files", s.file_problems));
  out += s.cases.empty() ? "## Cases by kind and status\n\nNo case files.\n"
                         : "## Cases by kind and status\n\n| Kind | Status | Cases |\n|---|---|---|\n";
  for (const auto& [kind, statuses] : s.cases) {
    for (const auto& [status, n] : statuses) {
      out += fmt::format("| {} | {} | {} |\n", kind, markdown_cell(status), n);
    }
  }
  out += "\n";
  if (!s.findings_by_rule.empty()) {
    out += "## Findings by rule\n\n| Rule | Findings |\n|---|---|\n";
    for (const auto& [rule, n] : s.findings_by_rule) {
      out += fmt::format("| {} | {} |\n", markdown_code(rule), n);
    }
    out += "\n";
  }
  out += "## Delegates needing attention\n\n";
  bool any = false;
  for (const auto& d : p.delegates) {
    if (!d.attention.empty() && !d.key.empty()) {
      out += fmt::format("- **{}** ({}): {}\n", markdown_text(d.name), to_string(d.rating),
                         markdown_text(fmt::format("{}", fmt::join(d.attention, "; "))));
      any = true;
    }
  }
  out += any ? "\n" : "None.\n\n";
  if (!p.delegates.empty()) {
    out += "## Delegates by area\n\n| Delegate | Rating |";
    for (const auto& a : p.areas) {
      out += fmt::format(" {} |", markdown_text(a));
    }
    out += "\n|---|---|";
    for (std::size_t i = 0; i < p.areas.size(); ++i) {
      out += "---|";
    }
    out += "\n";
    for (const auto& d : p.delegates) {
      out += fmt::format("| {} | {} |", markdown_text(heading_of(d)),
                         d.key.empty() ? "-" : to_string(d.rating));
      for (std::size_t i = 0; i < p.areas.size() && i < d.areas.size(); ++i) {
        out += fmt::format(" {} |", area_cell(d.areas[i]));
      }
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

// What happened in the period: counts in a line, then what fell due and the findings raised and
// resolved.
std::string markdown_period(const Period& period, const InPeriod& in)
{
  const auto list = [](const std::vector<std::string>& names) {
    return names.empty() ? std::string("none") : markdown_text(fmt::format("{}", fmt::join(names, ", ")));
  };
  std::string out = fmt::format("### In the period {} to {}\n\n", period.from.str(), period.to.str());
  out += fmt::format("- Opened: {}\n- Closed: {}\n- Fell due: {}; met in it: {} on time, {} late\n"
                     "- Findings raised: {}; resolved: {}\n\n",
                     list(in.opened), list(in.closed), in.fell_due.size(), in.met, in.met_late,
                     in.raised.size(), in.resolved.size());
  if (!in.fell_due.empty()) {
    out += "| Due | At the period's end | Case | What |\n|---|---|---|---|\n";
    for (const auto& duty : in.fell_due) {
      out += fmt::format("| {} | {} | {} ({}) | {} |\n", duty.due.str(), duty.state,
                         markdown_cell(duty.case_id), duty.kind, markdown_cell(duty.what));
    }
    out += "\n";
  }
  for (const auto* which : {&in.raised, &in.resolved}) {
    if (which->empty()) {
      continue;
    }
    out += which == &in.raised ? "Findings raised in the period:\n\n"
                               : "Findings resolved in the period:\n\n";
    for (const auto& f : *which) {
      out += fmt::format("- {} ({}): {} {} [{}]\n", markdown_text(f.case_id), f.kind,
                         markdown_code(f.finding.rule), markdown_text(f.finding.message), f.finding.clause);
    }
    out += "\n";
  }
  return out;
}

// What changed in the record since the revision, case by case.
std::string markdown_since(const std::string& revision, const std::vector<RecordChange>& changes)
{
  std::string out = fmt::format("### Changed since {}\n\n", markdown_code(revision));
  if (changes.empty()) {
    return out + "No change that matters to oversight.\n\n";
  }
  for (const auto& c : changes) {
    out += fmt::format("- **{}** ({}){}{}\n", markdown_text(c.case_id), c.kind, c.note.empty() ? "" : ": ",
                       markdown_text(c.note));
    for (const auto& line : c.lines) {
      out += fmt::format("  - {}\n", markdown_text(line));
    }
  }
  return out + "\n";
}

// A delegate's cases, then each finding.
void markdown_cases(Sink& out, const Delegate& d)
{
  out += d.cases.empty()
           ? "No case files.\n"
           : "| Case | Kind | Status | Next deadline | Findings | File |\n|---|---|---|---|---|---|\n";
  for (const auto& c : d.cases) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_cell(c.id), c.kind,
                       markdown_cell(c.status),
                       c.next_due ? markdown_cell(fmt::format("{} {}", c.next_due->str(), c.next_what)) : "-",
                       c.findings.size(), markdown_cell(c.path));
  }
  out += "\n";
  for (const auto& c : d.cases) {
    for (const auto& f : c.findings) {
      out += fmt::format("- {} {}:{}: {} ({})\n", markdown_cell(c.id), markdown_cell(c.path), f.line,
                         markdown_text(f.message), markdown_code(f.rule));
    }
  }
  if (d.findings > 0) {
    out += "\n";
  }
}

// A delegate's audits across the years: totals, then each standard per audit.
void markdown_audits(Sink& out, const Delegate& d)
{
  if (d.audits.empty()) {
    return;
  }
  out += "### Audit scores\n\n| Audit | Date | Type | Points | Percent | Rating "
         "|\n|---|---|---|---|---|---|\n";
  for (const auto& a : d.audits) {
    out += fmt::format("| {} | {} | {} | {} of {} | {} | {} |\n", markdown_cell(a.id), a.date.str(),
                       markdown_cell(a.type), format_hundredths(a.received), format_hundredths(a.possible),
                       a.rated ? format_hundredths(a.percent) + "%" : "not rated",
                       markdown_cell(a.rated ? a.rating : ""));
  }
  out += "\n| Standard | ";
  std::string rule = "|---|";
  for (const auto& a : d.audits) {
    out += a.date.str() + " | ";
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const auto& [id, title] : d.standards) {
    out += fmt::format("| {} {} |", markdown_cell(id), markdown_text(title));
    for (const auto& a : d.audits) {
      const auto* it = a.standard(id);
      out += it == nullptr ? " - |"
                           : fmt::format(" {} of {} ({}%) |", format_hundredths(it->received),
                                         format_hundredths(it->possible), format_hundredths(it->percent));
    }
    out += "\n";
  }
  out += "\n";
}

void markdown_measures(Sink& out, const Delegate& d)
{
  if (d.measures.empty()) {
    return;
  }
  out += "### Action-plan measures\n\n| Plan | Line of business | Measure | Baseline | Goal | Latest | "
         "Goal met |\n|---|---|---|---|---|---|---|\n";
  for (const auto& m : d.measures) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(m.plan), markdown_cell(m.lob),
                       markdown_cell(m.measure), markdown_cell(m.baseline), markdown_cell(m.goal),
                       markdown_cell(m.latest), yes_no(m.goal_met, k_not_yet));
  }
  out += "\n";
}

std::string markdown_trend(const Portfolio& p, const Delegate& d)
{
  if (p.quarters.empty() || d.key.empty()) {
    return {};
  }
  std::string out = "### Trend\n\n| Quarter | Overdue at its end | Met late in it |\n|---|---:|---:|\n";
  for (std::size_t q = 0; q < p.quarters.size(); ++q) {
    out += fmt::format("| {} | {} | {} |\n", p.quarters[q].label, d.trend_overdue[q], d.trend_met_late[q]);
  }
  return out + "\n";
}

std::string markdown_workplans(const Delegate& d)
{
  if (d.workplans.empty()) {
    return {};
  }
  std::string out;
  out += "### Work-plan targets\n\n| Plan | Year | Met | Partial | Not met | Other "
         "|\n|---|---|---|---|---|---|\n";
  for (const auto& w : d.workplans) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_cell(w.id), w.year, w.met, w.partial,
                       w.not_met, w.other);
  }
  out += "\n";
  return out;
}

} // namespace

void render_markdown(const Portfolio& p, Sink& out)
{
  out += markdown_summary(p);
  for (const auto& d : p.delegates) {
    out.format("## {}\n\n", markdown_text(name_of(d)));
    if (!d.type.empty() || !d.functions.empty()) {
      out.format("{}{}{}\n\n", markdown_text(d.type), d.type.empty() || d.functions.empty() ? "" : "; ",
                 markdown_text(fmt::format("{}", fmt::join(d.functions, ", "))));
    }
    if (!d.key.empty()) {
      out.format("Rating: {}{}\n\n", to_string(d.rating),
                 d.attention.empty()
                   ? std::string(".")
                   : ". Needs attention: " + markdown_text(fmt::format("{}", fmt::join(d.attention, "; ")))
                       + ".");
    }
    if (p.period) {
      out += markdown_period(*p.period, d.in_period);
    }
    if (!p.since.empty()) {
      out += markdown_since(p.since, d.since);
    }
    markdown_cases(out, d);
    if (!d.overdue.empty()) {
      out += "### Overdue\n\n";
      duty_rows_md(out, d.overdue, "Days past due");
    }
    if (!d.due_soon.empty()) {
      out.format("### Due within {} days\n\n", p.soon_days);
      duty_rows_md(out, d.due_soon, "Days left");
    }
    if (!d.met_late.empty()) {
      out += "### Met late\n\n";
      duty_rows_md(out, d.met_late, "Days late");
    }
    markdown_audits(out, d);
    markdown_measures(out, d);
    out += markdown_workplans(d);
    out += markdown_trend(p, d);
  }
}

} // namespace qicase::portfolio

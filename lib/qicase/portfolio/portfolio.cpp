// The oversight portfolio: the results of one run grouped by delegate (4.9A K).
#include <qicase/portfolio/portfolio.hpp>

#include <algorithm>
#include <iterator>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include <qicase/check/kinds.hpp>
#include <qicase/core/findings.hpp>
#include <qicase/core/rules.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/due/due.hpp>

namespace qicase::portfolio {

namespace {

// The status of a case whose kind has none of its own, when an obligation is past its date.
constexpr std::string_view k_overdue = "overdue";

// A case's status: its own (notice, QCAR, CAP, an audit's rating); for an action plan or work
// plan, where its obligations stand; "unreadable" when the run could not evaluate it.
std::string_view status_of(const check::FileResult& r, const PortfolioPart& part,
                           const std::vector<due::State>& states)
{
  if (r.part == nullptr) {
    return "unreadable";
  }
  if (part.status) {
    return *part.status;
  }
  const auto has = [&](due::State s) { return std::find(states.begin(), states.end(), s) != states.end(); };
  return has(due::State::overdue)                             ? k_overdue
         : has(due::State::due_soon) || has(due::State::open) ? std::string_view("open")
                                                              : std::string_view("complete");
}

// A finding as the portfolio lists it (and a period's start run keeps it).
Finding finding_of(const Diagnostic& diag)
{
  return {diag.rule,
          std::string(find_rule(diag.rule)->clause),
          std::string(to_string(diag.severity)),
          diag.message,
          diag.mark.line,
          diag.item};
}

bool within(const Period& period, calendar::Date day)
{
  return period.from <= day && day <= period.to;
}

Case case_of(const check::FileResult& r, const PortfolioPart& part, const Portfolio& p, Delegate& d)
{
  Case c{r.doc->kind, r.doc->id, r.path, {}, false, std::nullopt, {}, {}, 0};
  std::vector<due::State> states;
  for (const auto& o : r.obligations) {
    for (std::size_t q = 0; q < p.quarters.size(); ++q) {
      const auto& quarter = p.quarters[q];
      d.trend_overdue[q] += due::overdue_on(o, quarter.last) ? 1 : 0;
      d.trend_met_late[q] += o.met_late() && quarter.first <= *o.done_on && *o.done_on <= quarter.last ? 1
                                                                                                       : 0;
    }
    const auto state = due::state_of(o, p.as_of, p.soon_days);
    states.push_back(state);
    Duty duty{r.doc->id, r.doc->kind, o.what, r.path, o.due, o.due - p.as_of, 0, {}};
    // Met within the packet's period (with none: whenever).
    const bool met_within = o.done && o.done_on && (!p.period || within(*p.period, *o.done_on));
    if (state == due::State::overdue) {
      d.overdue.push_back(duty);
    } else if (state == due::State::due_soon) {
      d.due_soon.push_back(duty);
    } else if (state == due::State::late && met_within) {
      duty.days_late = *o.done_on - o.due;
      d.met_late.push_back(duty);
    }
    if (p.period) {
      if (within(*p.period, o.due) && !o.right) {
        duty.state = std::string(due::to_string(state));
        d.in_period.fell_due.push_back(duty);
      }
      if (met_within && !o.right) {
        ++(o.met_late() ? d.in_period.met_late : d.in_period.met);
      }
    }
    if (!o.done && (!c.next_due || o.due < *c.next_due)) {
      c.next_due = o.due;
      c.next_what = o.what;
    }
  }
  c.status = status_of(r, part, states);
  c.overdue = part.status ? part.overdue : c.status == k_overdue;
  // By line, as standard error lists them (the run sorted them).
  const auto found = found_in(r.diags);
  for (const auto& diag : found.findings) {
    c.findings.push_back(finding_of(diag));
  }
  c.file_problems = found.unread.size();
  return c;
}

std::string key_of(const delegate::Link& link)
{
  return !link.id.empty()    ? link.id
         : link.name.empty() ? std::string()
                             : "name:" + delegate::normalise(link.name);
}

void sort_duties(std::vector<Duty>& duties)
{
  std::sort(duties.begin(), duties.end(), [](const Duty& a, const Duty& b) {
    return std::tie(a.due, a.case_id, a.what) < std::tie(b.due, b.case_id, b.what);
  });
}

// The last `n` quarters ended by `as_of` (its own when it is a quarter's last day), oldest first.
std::vector<Portfolio::Quarter> last_quarters(calendar::Date as_of, int n)
{
  // The quarter before the one holding as_of, unless as_of ends its quarter.
  int year = as_of.year();
  int q = static_cast<int>((as_of.month() - 1) / 3); // 0..3, the quarter holding as_of
  const auto last_day = [](int y, int quarter) {
    const auto first_next = quarter == 3
                              ? calendar::Date::from_ymd(y + 1, 1, 1)
                              : calendar::Date::from_ymd(y, static_cast<unsigned>(quarter * 3 + 4), 1);
    return first_next.plus_days(-1);
  };
  if (last_day(year, q) != as_of) {
    q -= 1;
  }
  std::vector<Portfolio::Quarter> out;
  for (int i = 0; i < n; ++i, --q) {
    if (q < 0) {
      q = 3;
      --year;
    }
    if (year < 1) {
      break;
    }
    out.push_back({fmt::format("{}-Q{}", year, q + 1),
                   calendar::Date::from_ymd(year, static_cast<unsigned>(q * 3 + 1), 1), last_day(year, q)});
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// Why a committee should look at a delegate first, most pressing first.
void weigh(Delegate& d)
{
  auto count = [](std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  if (!d.audits.empty()) {
    const auto& last = d.audits.back();
    if (last.rated && last.line && last.percent < *last.line) {
      d.serious.push_back(fmt::format("latest audit {}%, under {}", format_hundredths(last.percent),
                                      format_percent(*last.line)));
    }
  }
  std::sort(d.serious.begin(), d.serious.end());
  // What weighs most first, then the counts.
  d.attention = d.serious;
  if (!d.overdue.empty()) {
    d.attention.push_back(count(d.overdue.size(), "obligation overdue", "obligations overdue"));
  }
  if (d.findings > 0) {
    d.attention.push_back(count(d.findings, "finding", "findings"));
  }
  const auto below = std::count_if(d.measures.begin(), d.measures.end(),
                                   [](const Measure& m) { return m.goal_met && !*m.goal_met; });
  if (below > 0) {
    d.attention.push_back(
      count(static_cast<std::size_t>(below), "measure below its goal", "measures below their goal"));
  }
  if (!d.met_late.empty()) {
    d.attention.push_back(count(d.met_late.size(), "obligation met late", "obligations met late"));
  }
  d.rating = !d.serious.empty() ? Rating::red : !d.attention.empty() ? Rating::amber : Rating::green;
}

} // namespace

std::string area_cell(const Delegate::Area& a)
{
  if (a.cases == 0) {
    return "-";
  }
  std::string out = fmt::format("{}: {} case{}", to_string(a.rating()), a.cases, a.cases == 1 ? "" : "s");
  if (a.overdue > 0) {
    out += fmt::format(", {} overdue", a.overdue);
  }
  if (a.met_late > 0) {
    out += fmt::format(", {} met late", a.met_late);
  }
  if (a.findings > 0) {
    out += fmt::format(", {} finding{}", a.findings, a.findings == 1 ? "" : "s");
  }
  return out;
}

std::string heading_of(const Delegate& d)
{
  return d.key.empty() ? std::string("Cases tied to no delegate") : d.name;
}

std::string title(const Portfolio& p)
{
  auto out = p.packet.empty() ? std::string("Oversight portfolio") : "Oversight packet: " + p.packet;
  if (p.period) {
    out += fmt::format(", {} to {}", p.period->from.str(), p.period->to.str());
  }
  return out;
}

std::string made_from(const Portfolio& p)
{
  return p.commit.empty()
           ? std::string()
           : fmt::format("commit {}{}", p.commit.substr(0, 12), p.dirty ? " and uncommitted changes" : "");
}

std::string days_left(long days)
{
  return days >= 0 ? std::to_string(days)
                   : fmt::format("in grace, due {} day{} ago", -days, days == -1 ? "" : "s");
}

bool valid_link_base(std::string_view base)
{
  // Browsers read a backslash as a slash (`/\evil.example/` is another host) and drop tabs and
  // line feeds from a URL: none of them, no space and no control, anywhere.
  const bool clean = std::all_of(base.begin(), base.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c != 0x7F && c != '\\';
  });
  if (!clean || !base.ends_with('/')) {
    return false;
  }
  if (base.starts_with("https://") || base.starts_with("http://")) {
    return true;
  }
  // A relative path: no scheme, so nothing before the first '/' may hold ':'.
  for (const char c : base) {
    if (c == '/') {
      break;
    }
    if (c == ':') {
      return false;
    }
  }
  return !base.starts_with("//");
}

namespace {

// Whether a case belongs to a packet for `period`: opened by its end (or with no date to say),
// and not finished before it began (an obligation open at its end, or met within it; a notice
// closed before it is finished).
bool active(const check::FileResult& r, const PortfolioPart& part, const Period& period)
{
  if (part.opened && *part.opened > period.to) {
    return false;
  }
  if (part.closed && *part.closed < period.from) {
    return false;
  }
  if (r.obligation_count == 0) {
    return true;
  }
  return std::any_of(r.obligations.begin(), r.obligations.end(),
                     [&](const Obligation& o) { return !o.done || !o.done_on || *o.done_on >= period.from; });
}

// What happened to a case within the period: opened, closed (its `closed:` date, or its last
// obligation met within it), findings raised and resolved against `start`.
void in_period(const check::FileResult& r, const PortfolioPart& part, const Case& c, const Period& period,
               const FindingsByCase* start, InPeriod& out)
{
  const auto name = fmt::format("{} ({})", c.id, c.kind);
  const bool opened = part.opened && within(period, *part.opened);
  if (opened) {
    out.opened.push_back(name);
  }
  const bool all_met = r.obligation_count > 0
                       && std::none_of(r.obligations.begin(), r.obligations.end(),
                                       [](const Obligation& o) { return !o.done; });
  const bool met_in = std::any_of(r.obligations.begin(), r.obligations.end(), [&](const Obligation& o) {
    return o.done && o.done_on && within(period, *o.done_on);
  });
  if (part.closed_on_record ? part.closed && within(period, *part.closed) : all_met && met_in) {
    out.closed.push_back(name);
  }
  if (start == nullptr) {
    return;
  }
  // A case opened within the period had no findings before it: every one it has was raised.
  static const std::vector<Finding> k_none;
  const auto it = start->find(r.path);
  const auto& before = opened || it == start->end() ? k_none : it->second;
  const auto same = [](const Finding& a, const Finding& b) { return a.rule == b.rule && a.item == b.item; };
  for (const auto& f : c.findings) {
    if (std::none_of(before.begin(), before.end(), [&](const Finding& b) { return same(f, b); })) {
      out.raised.push_back({std::string(c.id), std::string(c.kind), f});
    }
  }
  for (const auto& b : before) {
    if (std::none_of(c.findings.begin(), c.findings.end(), [&](const Finding& f) { return same(f, b); })) {
      out.resolved.push_back({std::string(c.id), std::string(c.kind), b});
    }
  }
}

// A case in its delegate's section: its status, findings and duties, and what its kind adds (an
// audit's scores, a plan's measures, a work plan's tally); counted in the summary.
void add_case(const check::FileResult& r, Portfolio& p, Delegate& d, const FindingsByCase* start)
{
  const auto& kind = r.doc->kind;
  const auto* spec = check::find_kind(kind);
  // Made in the run (Request::keep_part_only); none when the run could not evaluate the case.
  static const PortfolioPart k_unread;
  const PortfolioPart& part = r.part != nullptr ? *r.part : k_unread;
  if (p.period && !active(r, part, *p.period)) {
    return; // opened after the period, or finished before it: not this packet's
  }
  auto c = case_of(r, part, p, d);
  if (p.period) {
    in_period(r, part, c, *p.period, start, d.in_period);
  }
  d.findings += c.findings.size();
  p.summary.file_problems += c.file_problems > 0 ? 1 : 0;
  for (const auto& f : c.findings) {
    ++p.summary.findings_by_rule[f.rule];
  }
  ++p.summary.cases[kind][std::string(c.status)];
  ++p.summary.case_count;
  d.serious.insert(d.serious.end(), part.serious.begin(), part.serious.end());
  if (spec != nullptr && !spec->area.empty()) {
    const auto at = static_cast<std::size_t>(std::find(p.areas.begin(), p.areas.end(), spec->area)
                                             - p.areas.begin());
    if (at < d.areas.size()) {
      auto& area = d.areas[at];
      ++area.cases;
      area.overdue += static_cast<std::size_t>(
        std::count_if(r.obligations.begin(), r.obligations.end(), [&](const Obligation& o) {
          return due::state_of(o, p.as_of, p.soon_days) == due::State::overdue;
        }));
      area.met_late += static_cast<std::size_t>(std::count_if(
        r.obligations.begin(), r.obligations.end(), [](const Obligation& o) { return o.met_late(); }));
      area.findings += c.findings.size();
      area.serious += part.serious.size();
    }
  }
  if (part.audit) {
    d.audits.push_back(*part.audit);
  }
  d.measures.insert(d.measures.end(), std::make_move_iterator(part.measures.begin()),
                    std::make_move_iterator(part.measures.end()));
  if (part.workplan) {
    d.workplans.push_back(*part.workplan);
  }
  d.cases.push_back(std::move(c));
}

// A delegate's section once every case is in: cases, audits and duties in order, the standards
// its audits score, why it needs attention; its counts added to the summary.
void finish(Delegate& d, Portfolio& p)
{
  std::sort(d.cases.begin(), d.cases.end(), [](const Case& a, const Case& b) {
    return std::tie(a.kind, a.id, a.path) < std::tie(b.kind, b.id, b.path);
  });
  std::stable_sort(d.audits.begin(), d.audits.end(), [](const AuditScore& a, const AuditScore& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
  for (const auto& a : d.audits) {
    for (const auto& st : a.standards) {
      if (std::none_of(d.standards.begin(), d.standards.end(),
                       [&](const auto& x) { return x.first == st.id; })) {
        d.standards.emplace_back(st.id, st.title);
      }
    }
  }
  sort_duties(d.overdue);
  sort_duties(d.due_soon);
  sort_duties(d.met_late);
  sort_duties(d.in_period.fell_due);
  weigh(d);
  // The latest audit under its passing line is serious in the audits' area too.
  if (!d.audits.empty() && d.audits.back().rated && d.audits.back().line
      && d.audits.back().percent < *d.audits.back().line) {
    const auto* audit = check::find_kind("audit");
    const auto at = static_cast<std::size_t>(std::find(p.areas.begin(), p.areas.end(), audit->area)
                                             - p.areas.begin());
    if (at < d.areas.size()) {
      ++d.areas[at].serious;
    }
  }
  p.summary.overdue += d.overdue.size();
  p.summary.due_soon += d.due_soon.size();
  p.summary.met_late += d.met_late.size();
  p.summary.findings += d.findings;
}

// The portfolio's delegate sections, one per delegate, made when its first case or entry comes.
struct Sections
{
  explicit Sections(const Portfolio& portfolio) : p(portfolio) {}
  Delegate& of(const std::shared_ptr<const delegate::Link>& given)
  {
    static const delegate::Link k_none;
    const auto& link = given ? *given : k_none;
    const auto key = key_of(link);
    auto [it, added] = index.emplace(key, list.size());
    if (added) {
      Delegate d;
      d.trend_overdue.assign(p.quarters.size(), 0);
      d.areas.assign(p.areas.size(), {});
      d.trend_met_late.assign(p.quarters.size(), 0);
      d.key = key;
      d.id = link.id;
      d.name = link.name;
      list.push_back(std::move(d));
    }
    return list[it->second];
  }
  const Portfolio& p;
  std::vector<Delegate> list;
  std::unordered_map<std::string, std::size_t> index;
};

// Those needing attention first, by weight, not count: red before amber before green, then the
// serious reasons, then the obligations overdue and the findings; then by name; the cases tied
// to no delegate last.
void rank(std::vector<Delegate>& delegates)
{
  const auto weight = [](const Delegate& d) {
    return std::make_tuple(d.key.empty(), d.rating, -static_cast<long>(d.serious.size()),
                           -static_cast<long>(d.overdue.size()), -static_cast<long>(d.findings),
                           delegate::normalise(d.name), d.key);
  };
  std::sort(delegates.begin(), delegates.end(),
            [&](const Delegate& a, const Delegate& b) { return weight(a) < weight(b); });
}

} // namespace

FindingsByCase findings_by_case(const std::vector<check::FileResult>& results)
{
  FindingsByCase out;
  for (const auto& r : results) {
    if (!r.doc || !r.doc->usable() || !is_case_kind(r.doc->kind)) {
      continue;
    }
    auto& list = out[r.path];
    for (const auto& diag : found_in(r.diags).findings) {
      list.push_back(finding_of(diag));
    }
  }
  return out;
}

Portfolio build(const std::vector<check::FileResult>& results, Context& ctx, long soon_days,
                const check::DelegatesNamed* only, const Period* period, const FindingsByCase* start,
                const std::vector<RecordChange>* since)
{
  Portfolio p;
  p.as_of = ctx.as_of;
  if (period != nullptr) {
    p.period = *period;
  }
  p.soon_days = soon_days;
  p.quarters = last_quarters(ctx.as_of, 8);
  for (const auto area : check::areas()) {
    p.areas.emplace_back(area);
  }
  Sections sections(p);
  const auto section = [&](const std::shared_ptr<const delegate::Link>& link) -> Delegate& {
    return sections.of(link);
  };
  for (const auto& r : results) {
    if (only != nullptr && (!r.delegate || !only->holds(*r.delegate))) {
      continue; // another delegate's, or no case at all: not in this packet
    }
    if (!r.doc || !r.doc->usable()) {
      ++p.summary.file_problems;
      continue;
    }
    const auto& kind = r.doc->kind;
    if (kind == "delegate") {
      auto& d = section(r.delegate);
      if (const auto* entry = std::any_cast<std::shared_ptr<const delegate::Delegate>>(&r.typed)) {
        d.type = (*entry)->type;
        d.functions = (*entry)->functions;
      }
      continue;
    }
    if (!is_case_kind(kind)) {
      continue;
    }
    add_case(r, p, section(r.delegate), start);
  }
  if (since != nullptr) {
    for (const auto& change : *since) {
      if (only != nullptr && (!change.delegate || !only->holds(*change.delegate))) {
        continue; // another delegate's
      }
      section(change.delegate).since.push_back(change);
    }
  }
  auto& delegates = sections.list;
  if (only != nullptr && delegates.size() == 1) {
    p.packet = delegates.front().name.empty() ? delegates.front().id : delegates.front().name;
  }
  for (auto& d : delegates) {
    finish(d, p);
  }
  rank(delegates);
  p.delegates = std::move(delegates);
  return p;
}

} // namespace qicase::portfolio

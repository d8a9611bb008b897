// Evaluating an audit (audit::Audit) as of --as-of: its report (status, figures, what is missing),
// the obligations it holds due, and the documents it cites (where it cites any).
#include <qicase/audit/audit.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include <qicase/core/rules.hpp>
#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::audit {

namespace {

using reference::Rubric;
using reference::Scoring;

} // namespace

Hundredths percent(Hundredths received, Hundredths possible)
{
  return possible <= 0 ? 0 : received * 10000 / possible;
}

std::string percent_text(Hundredths p)
{
  return fmt::format("{}.{}", p / 100, (p % 100) / 10);
}

std::shared_ptr<const reference::Rubric> rubric_for(Context& ctx, const Document& from, std::string_view id,
                                                    Mark mark, Diagnostics& diags)
{
  const Document* doc = reference::resolve_reference(ctx.workspace, from, id, "rubric", mark, diags);
  if (doc == nullptr) {
    return nullptr;
  }
  return ctx.workspace.cached<reference::Rubric>(doc, "rubric", [&] {
    Diagnostics own(doc->path);
    return std::make_shared<const reference::Rubric>(reference::read_rubric(*doc, own));
  });
}

Result evaluate(const Audit& a, const Context&)
{
  Result r;
  for (const auto& s : a.standards) {
    r.possible += s.possible;
    r.received += s.received;
  }
  r.percent = percent(r.received, r.possible);
  if (a.rubric && a.whole) {
    for (const auto& rating : a.rubric->rating) {
      if (!rating.at_least || r.received * 10000 >= *rating.at_least * r.possible) {
        r.rating = rating.label;
        break;
      }
    }
  }
  return r;
}

json::Value to_json(const Audit& a, const Result& res)
{
  json::Value r = json::Value::object();
  r.set("rubric", a.rubric ? json::Value(a.rubric->id) : json::Value());
  r.set("delegate", a.delegate);
  r.set("type", a.type);
  r.set("date", calendar::to_json(a.date));
  r.set("next_oversight", calendar::to_json(a.next_oversight));
  r.set("column", a.column);
  auto points = [](Hundredths h) { return json::Value::raw_number(format_hundredths(h)); };
  json::Value standards = json::Value::array();
  for (const auto& s : a.standards) {
    json::Value st = json::Value::object();
    st.set("id", s.id);
    st.set("title", s.title);
    st.set("state", to_string(s.state));
    st.set("possible", points(s.possible));
    st.set("received", points(s.received));
    json::Value elements = json::Value::array();
    for (const auto& e : s.elements) {
      json::Value el = json::Value::object();
      el.set("id", e.id);
      el.set("score", e.na ? json::Value("na") : json::Value(format_percent(e.score)));
      el.set("possible", e.na ? json::Value() : points(e.possible));
      el.set("received", e.na ? json::Value() : points(e.received));
      el.set("tier", e.na ? json::Value() : json::Value(e.tier));
      elements.push(std::move(el));
    }
    st.set("elements", std::move(elements));
    standards.push(std::move(st));
  }
  r.set("standards", std::move(standards));
  json::Value total = json::Value::object();
  total.set("possible", points(res.possible));
  total.set("received", points(res.received));
  total.set("percent", json::Value::raw_number(percent_text(res.percent)));
  r.set("total", std::move(total));
  r.set("rating", res.rating.empty() ? json::Value() : json::Value(res.rating));
  r.set("missing_corrective_actions", json::strings(a.missing_actions));
  auto actions_json = [](const std::vector<CorrectiveAction>& list) {
    json::Value out = json::Value::array();
    for (const auto& c : list) {
      json::Value item = json::Value::object();
      item.set("element", c.element);
      item.set("action", c.action);
      item.set("due", calendar::to_json(c.due));
      item.set("closed", calendar::to_json(c.closed));
      out.push(std::move(item));
    }
    return out;
  };
  r.set("corrective_actions", actions_json(a.actions));
  r.set("carried_over", actions_json(a.carried_over));
  return r;
}

Figures figures(const Audit& a, const Result& res)
{
  Figures out{{"column", a.column}};
  for (const auto& s : a.standards) {
    if (s.id.empty()) {
      continue;
    }
    out.push_back({fmt::format("standard {} possible", s.id), format_hundredths(s.possible), false});
    out.push_back({fmt::format("standard {} received", s.id), format_hundredths(s.received), false});
    for (const auto& e : s.elements) {
      if (e.id.empty()) {
        continue;
      }
      const auto label = [&](std::string_view what) {
        return fmt::format("standard {} element {} {}", s.id, e.id, what);
      };
      const auto points = [&](Hundredths h) { return e.na ? std::string("none") : format_hundredths(h); };
      out.push_back({label("score"), e.na ? std::string("na") : format_percent(e.score), false});
      out.push_back({label("possible"), points(e.possible), false});
      out.push_back({label("received"), points(e.received), false});
      out.push_back({label("tier"), e.na ? std::string("none") : e.tier});
    }
  }
  out.push_back({"total possible", format_hundredths(res.possible), false});
  out.push_back({"total received", format_hundredths(res.received), false});
  out.push_back({"total percent", percent_text(res.percent), false});
  out.push_back({"rating", res.rating.empty() ? std::string("none") : res.rating});
  out.push_back({"missing corrective actions", figure_value(a.missing_actions)});
  return out;
}

void obligations(const Audit& a, const Document& doc, Context& ctx, Obligations& out)
{
  if (!doc.root) {
    return;
  }
  const auto& root = *doc.root;
  for (const auto& c : a.actions) {
    // The audit tool's corrective action summary: each item with its due date.
    if (!c.due) {
      continue;
    }
    Obligation o;
    // Keyed by what the action is, not where it stands in the list: the iCalendar UID and the
    // match of `diff` stay with the action when others are added or reordered.
    o.key = fmt::format("action.{}.{}", c.element, short_hash(c.action));
    o.what = fmt::format("{} corrective action: {}", c.element, c.action);
    o.due = *c.due;
    o.done = c.closed && *c.closed <= ctx.as_of;
    o.done_on = o.done ? c.closed : std::nullopt;
    o.owner = c.owner.empty() ? a.delegate : c.owner;
    o.clause = "audit tool: corrective action summary";
    o.mark = yaml::mark_at(root, fmt::format("corrective_actions.{}.due", c.index));
    out.push_back(std::move(o));
  }
  if (a.next_oversight) {
    // The audit tool's "Next Oversight Date": met by a later audit naming this one `previous`.
    std::optional<calendar::Date> held;
    std::string by;
    for (const Document* later : ctx.workspace.referring("previous", a.id, doc)) {
      auto date = calendar::parse_date(later->field("date"));
      if (later->kind == "audit" && date.date && *date.date <= ctx.as_of && (!held || *date.date < *held)) {
        held = date.date;
        by = later->id;
      }
    }
    Obligation o;
    o.key = "next-oversight";
    o.what = fmt::format("next oversight audit of {}", a.delegate);
    o.due = *a.next_oversight;
    o.done = held.has_value();
    o.done_on = held;
    o.note = held                                                ? fmt::format("held: {}", by)
             : root.get("next_oversight") == nullptr && a.rubric ? fmt::format(
                 "{} after this audit (rubric {})", a.rubric->oversight_cycle->str(), a.rubric->id)
                                                                 : std::string();
    o.clause = "audit tool: Next Oversight Date";
    o.mark = yaml::mark_at(root, {"next_oversight", "date"});
    out.push_back(std::move(o));
  }
}

std::string blank_audit(const reference::Rubric& rubric)
{
  std::string out = fmt::format(
    "# A blank audit against rubric {} ({}), at full marks: lower what the review finds.\n"
    "# factors: `met:` a count or a list of factor numbers; file review: one percentage per\n"
    "# factor (`na` where it does not apply); `na` for an element or a whole standard.\n"
    "# See qicase-audit-score(1).\n"
    "kind: audit\nid: AUD-2024-001\nrubric: {}\ndelegate: Example Medical Group\ntype: annual"
    "                  # pre-delegation | annual | shared-annual | compliance\n"
    "date: 2024-05-14\ndelegation: false               # true when the group sub-delegates\n"
    "results:\n",
    rubric.id, rubric.title, rubric.id);
  for (const auto& st : rubric.standards) {
    if (st.requires_delegation) {
      out += fmt::format("  {}: na                         # {}: scored only with delegation: true\n", st.id,
                         st.title);
      continue;
    }
    out += fmt::format("  {}:                            # {}\n", st.id, st.title);
    for (const auto& el : st.elements) {
      std::string result;
      if (el.scoring == Scoring::factors) {
        result = fmt::format("{{met: {}}}", el.factors);
      } else if (el.scoring == Scoring::choice) {
        result = "{score: 100%}";
      } else {
        std::string values;
        for (int f = 1; f <= el.factors; ++f) {
          const bool na = std::find(el.na_factors.begin(), el.na_factors.end(), f) != el.na_factors.end();
          values += (values.empty() ? "" : ", ") + std::string(na ? "na" : "100%");
        }
        result = fmt::format("{{file_review: [{}]}}", values);
      }
      out += fmt::format("    {}: {}    # {}\n", el.id, result, el.title);
    }
  }
  out +=
    "corrective_actions: []          # {element: CR1.A, action: ..., due: DATE} per element below 100%\n";
  return out;
}

Sample sample_size(long files, const reference::SampleRule& rule)
{
  Sample s;
  s.files = files;
  // percent of the files, rounded up (files up to 10^7, percent up to 100.00%: no overflow)
  const long share = rule.percent ? static_cast<long>((files * *rule.percent + 9999) / 10000) : 0;
  const long capped = rule.at_most ? std::min(share, *rule.at_most) : share;
  s.sample = std::min(files, std::max(rule.at_least, capped));
  s.expanded = rule.expanded ? std::min(files, std::max(*rule.expanded, s.sample)) : s.sample;
  return s;
}

namespace {

// The lowest percent a rating of the audit's rubric asks for: the line a chart draws.
std::optional<Hundredths> passing_line(const Document& doc, Context& ctx, const std::string& rubric)
{
  if (rubric.empty()) {
    return std::nullopt;
  }
  Diagnostics scratch(doc.path);
  const auto rb = rubric_for(ctx, doc, rubric, {}, scratch);
  std::optional<Hundredths> line;
  if (rb) {
    for (const auto& rating : rb->rating) {
      if (rating.at_least && (!line || *rating.at_least < *line)) {
        line = rating.at_least;
      }
    }
  }
  return line;
}

} // namespace

PortfolioPart part(const Audit& au, const Result& res, const Document& doc, std::string_view path,
                   Context& ctx)
{
  AuditScore a;
  a.id = doc.id;
  a.path = std::string(path);
  a.type = au.type;
  a.date = au.date.value_or(calendar::Date{});
  a.rating = res.rating;
  a.rated = !a.rating.empty();
  a.possible = res.possible;
  a.received = res.received;
  a.percent = res.percent;
  a.line = passing_line(doc, ctx, au.rubric ? au.rubric->id : std::string());
  for (const auto& s : au.standards) {
    if (s.state != State::scored) {
      continue; // not applicable, or not scored in this column
    }
    a.standards.push_back({s.id, s.title, s.possible, s.received, percent(s.received, s.possible)});
  }
  return {.status = res.rating.empty() ? std::string("not rated") : res.rating,
          .opened = au.date,
          .audit = std::make_shared<const AuditScore>(std::move(a))};
}

delegate::Link link(const Audit& a, const Document& doc, Context& ctx, Diagnostics& diags)
{
  return delegate::link(doc, ctx, &diags, a.delegate, yaml::mark_at(*doc.root, "delegate"), {}, {},
                        /*id_or_name=*/true);
}

} // namespace qicase::audit

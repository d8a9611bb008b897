#include <qicase/check/kinds.hpp>

#include <qicase/actionplan/actionplan.hpp>
#include <qicase/audit/audit.hpp>
#include <qicase/cap/cap.hpp>
#include <qicase/core/text.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/qcar/qcar.hpp>
#include <qicase/reference/calendar_file.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/reference/program.hpp>
#include <qicase/reference/rubric.hpp>
#include <qicase/workplan/workplan.hpp>
#include <qicase/yaml/node.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace qicase::check {

namespace {

// Whom a case concerns, on each obligation it lists (`due`'s delegate column), distinct from
// who must act on it (`owner`).
void stamp_delegate(Output& out, delegate::Link link)
{
  if (out.obligations != nullptr) {
    for (auto& o : *out.obligations) {
      o.delegate = link.name;
    }
  }
  out.delegate = std::move(link);
}

// With Context::keep_typed, the case as its kind read it goes to FileResult::typed, for the
// renderers of its command: no command reads a case twice.
template <class T> void keep_typed(const Context& ctx, Output& out, std::shared_ptr<const T> typed)
{
  if (ctx.request.keep_typed) {
    out.typed = std::move(typed);
  }
}

json::Value run_notice(const Document& doc, Context& ctx, Diagnostics& diags, Output& out)
{
  const auto read = notice::read_once(doc, ctx); // shared with the files that answer it
  diags.append(read->diags);
  const auto& n = read->notice;
  const auto responses = notice::responses_to(n, doc, ctx);
  if (out.obligations != nullptr) {
    notice::obligations(n, responses, doc, ctx, *out.obligations);
  }
  stamp_delegate(out, notice::link(n, doc, ctx, diags));
  if (!out.report && !ctx.request.keep_typed) {
    return {};
  }
  using Typed = Evaluated<notice::Notice, notice::Result>;
  auto typed = std::make_shared<const Typed>(
    Typed{std::shared_ptr<const notice::Notice>(read, &read->notice),
          notice::evaluate(n, responses, ctx)}); // shares the reading
  auto report = out.report ? notice::to_json(n, typed->result) : json::Value();
  keep_typed(ctx, out, std::move(typed));
  return report;
}

// A QCAR, CAP or action plan reads the notice it answers.
void share_notice(const Document& doc, Context& ctx)
{
  static_cast<void>(notice::read_once(doc, ctx));
}

Backing backing_qcar(const std::any& before, const std::any& after, calendar::Date due)
{
  const auto* was = typed_as<qcar::Qcar, qcar::Result>(before);
  const auto* now = typed_as<qcar::Qcar, qcar::Result>(after);
  if (now == nullptr) {
    return {};
  }
  return qcar::backing(was != nullptr ? was->read.get() : nullptr, *now->read, due);
}

// A case kind besides the notice, one shape for every kind (each function beside the kind's
// `to_json()`): read it (file problems and findings to `diags`), list what it holds due, link it
// to its delegate, list the documents it cites (null: it cites none), evaluate it as of
// --as-of, and render the result as its JSON report.
template <class T, class R> struct CaseKind
{
  T (*read)(const Document&, Context&, Diagnostics&);
  void (*obligations)(const T&, const Document&, Context&, Obligations&);
  delegate::Link (*link)(const T&, const Document&, Context&, Diagnostics&);
  void (*citations)(const T&, const Document&, evidence::Entries&);
  R (*evaluate)(const T&, const Context&);
  json::Value (*to_json)(const T&, const R&);
};

template <class T, class R, const CaseKind<T, R>& kind>
json::Value run_case(const Document& doc, Context& ctx, Diagnostics& diags, Output& out)
{
  auto c = std::make_shared<const T>(kind.read(doc, ctx, diags));
  if (out.obligations != nullptr) {
    kind.obligations(*c, doc, ctx, *out.obligations);
  }
  stamp_delegate(out, kind.link(*c, doc, ctx, diags));
  if (out.cited != nullptr && kind.citations != nullptr) {
    kind.citations(*c, doc, *out.cited);
  }
  if (!out.report && !ctx.request.keep_typed) {
    return {};
  }
  auto typed = std::make_shared<Evaluated<T, R>>(Evaluated<T, R>{c, kind.evaluate(*c, ctx)});
  auto report = out.report ? kind.to_json(*c, typed->result) : json::Value();
  keep_typed(ctx, out, std::shared_ptr<const Evaluated<T, R>>(std::move(typed)));
  return report;
}

// The statuses and scores `diff` compares (the kind's `figures()`), of the typed result a run
// kept.
template <class T, class R, Figures (*figures)(const T&, const R&)> Figures figures_of(const std::any& typed)
{
  const auto* held = typed_as<T, R>(typed);
  return held != nullptr ? figures(*held->read, held->result) : Figures{};
}

// What a case gives the portfolio (the kind's `part()`), of the typed result a run kept.
template <class T, class R,
          PortfolioPart (*part)(const T&, const R&, const Document&, std::string_view, Context&)>
PortfolioPart part_of(const std::any& typed, const Document& doc, std::string_view path, Context& ctx)
{
  const auto* held = typed_as<T, R>(typed);
  return held != nullptr ? part(*held->read, held->result, doc, path, ctx) : PortfolioPart{};
}

// clang-format off
constexpr CaseKind<qcar::Qcar, qcar::Result> k_qcar = {
  &qcar::read_qcar, &qcar::obligations, &qcar::link, &qcar::citations, &qcar::evaluate, &qcar::to_json};
constexpr CaseKind<cap::Cap, cap::Result> k_cap = {
  &cap::read_cap, &cap::obligations, &cap::link, &cap::citations, &cap::evaluate, &cap::to_json};
constexpr CaseKind<actionplan::Plan, actionplan::Result> k_actionplan = {
  &actionplan::read_actionplan, &actionplan::obligations, &actionplan::link, nullptr, &actionplan::evaluate,
  &actionplan::to_json};
constexpr CaseKind<audit::Audit, audit::Result> k_audit = {
  &audit::read_audit, &audit::obligations, &audit::link, nullptr, &audit::evaluate, &audit::to_json};
constexpr CaseKind<workplan::Workplan, workplan::Result> k_workplan = {
  &workplan::read_workplan, &workplan::obligations, &workplan::link, nullptr, &workplan::evaluate,
  &workplan::to_json};
// clang-format on

json::Value run_program(const Document& doc, Context&, Diagnostics& diags, Output& out)
{
  auto p = reference::read_program(doc, diags);
  if (!out.report) {
    return {};
  }
  json::Value r = json::Value::object();
  r.set("title", p.title);
  r.set("lines_of_business", json::strings(p.lines_of_business));
  return r;
}

// A later audit naming this one `previous` carries over its open corrective actions.
void share_audit(const Document& doc, Context& ctx)
{
  static_cast<void>(audit::recorded_actions(doc, ctx));
}

json::Value run_rubric(const Document& doc, Context&, Diagnostics& diags, Output& out)
{
  auto rubric = reference::read_rubric(doc, diags);
  if (!out.report) {
    return {};
  }
  json::Value r = json::Value::object();
  r.set("title", rubric.title);
  json::Value standards = json::Value::array();
  for (const auto& s : rubric.standards) {
    standards.push(s.id);
  }
  r.set("standards", std::move(standards));
  return r;
}

json::Value run_policy(const Document& doc, Context&, Diagnostics& diags, Output& out)
{
  auto p = reference::read_policy(doc, diags);
  if (!out.report) {
    return {};
  }
  json::Value r = json::Value::object();
  r.set("title", p.title);
  json::Value categories = json::Value::array();
  for (const auto& c : p.cap_categories) {
    categories.push(c);
  }
  r.set("cap_categories", std::move(categories));
  r.set("qcar_max_timeframe", p.qcar_max_timeframe.str());
  r.set("deadline_roll", std::string(reference::to_string(p.deadline_roll)));
  r.set("cap_reasonable_time", p.cap_reasonable_time.str());
  r.set("cap_report_grace", p.cap_report_grace.str());
  return r;
}

json::Value run_calendar(const Document& doc, Context& ctx, Diagnostics& diags, Output& out)
{
  auto cal = reference::read_calendar(ctx.workspace, doc, diags);
  if (!out.report) {
    return {};
  }
  json::Value r = json::Value::object();
  json::Value days = json::Value::array();
  for (const auto& h : cal.holidays_in(ctx.as_of.year())) {
    json::Value day = json::Value::object();
    day.set("date", h.date.str());
    day.set("name", h.name);
    days.push(std::move(day));
  }
  r.set("year", ctx.as_of.year());
  r.set("holidays", std::move(days));
  return r;
}

json::Value run_delegate(const Document& doc, Context& ctx, Diagnostics& diags, Output& out)
{
  auto d = delegate::read(doc, diags);
  // A name or alias is one delegate's: two that claim it would split a delegate's cases.
  const auto reg = delegate::registry(doc, ctx);
  auto claimed = [&](const std::string& name, Mark mark) {
    const auto* owner = reg->by_name(name);
    if (owner != nullptr && owner->id != d.id) {
      diags.error(mark, "delegate.names",
                  fmt::format("`{}` is already a name of delegate `{}` ({}): a name belongs to one "
                              "delegate; remove it here or there",
                              utf8_prefix(name, 60), owner->id, owner->path));
    }
  };
  claimed(d.name, d.name_mark);
  for (std::size_t i = 0; i < d.aliases.size(); ++i) {
    claimed(d.aliases[i], d.alias_marks[i]);
  }
  out.delegate = {d.id, d.name};
  auto report = out.report ? delegate::report(d, ctx) : json::Value();
  keep_typed(ctx, out, std::make_shared<const delegate::Delegate>(std::move(d)));
  return report;
}

} // namespace

const std::vector<KindSpec>& kind_table()
{
  static const std::vector<KindSpec> k_table = {
    {.name = "notice",
     .summary = "notice of non-compliance (4.9A B, C)",
     .area = "notices and QCARs",
     .run = &run_notice,
     .share = &share_notice,
     .figures = &figures_of<notice::Notice, notice::Result, &notice::figures>,
     .part = &part_of<notice::Notice, notice::Result, &notice::part>,
     .fields = &notice::field_tables},
    {.name = "qcar",
     .summary = "quality corrective action response (4.9A D, E)",
     .area = "notices and QCARs",
     .run = &run_case<qcar::Qcar, qcar::Result, k_qcar>,
     .backing = &backing_qcar,
     .figures = &figures_of<qcar::Qcar, qcar::Result, &qcar::figures>,
     .part = &part_of<qcar::Qcar, qcar::Result, &qcar::part>,
     .fields = &qcar::field_tables},
    {.name = "cap",
     .summary = "corrective action plan (4.9A F-K)",
     .area = "CAPs",
     .run = &run_case<cap::Cap, cap::Result, k_cap>,
     .figures = &figures_of<cap::Cap, cap::Result, &cap::figures>,
     .part = &part_of<cap::Cap, cap::Result, &cap::part>,
     .fields = &cap::field_tables},
    {.name = "actionplan",
     .summary = "pay-for-performance action plan (S.M.A.R.T. goals)",
     .area = "action plans",
     .run = &run_case<actionplan::Plan, actionplan::Result, k_actionplan>,
     .figures = &figures_of<actionplan::Plan, actionplan::Result, &actionplan::figures>,
     .part = &part_of<actionplan::Plan, actionplan::Result, &actionplan::part>,
     .fields = &actionplan::field_tables},
    {.name = "audit",
     .summary = "delegation audit scored against a rubric",
     .area = "audits",
     .command = "audit-score",
     .run = &run_case<audit::Audit, audit::Result, k_audit>,
     .share = &share_audit,
     .figures = &figures_of<audit::Audit, audit::Result, &audit::figures>,
     .part = &part_of<audit::Audit, audit::Result, &audit::part>,
     .fields = &audit::field_tables},
    {.name = "workplan",
     .summary = "annual work plan",
     .area = "work plans",
     .run = &run_case<workplan::Workplan, workplan::Result, k_workplan>,
     .figures = &figures_of<workplan::Workplan, workplan::Result, &workplan::figures>,
     .part = &part_of<workplan::Workplan, workplan::Result, &workplan::part>,
     .fields = &workplan::field_tables},
    {.name = "policy",
     .summary = "rules a notice, QCAR or CAP follows",
     .run = &run_policy,
     .fields = &reference::policy_field_tables},
    {.name = "program",
     .summary = "pay-for-performance or coaching program",
     .run = &run_program,
     .fields = &reference::program_field_tables},
    {.name = "rubric",
     .summary = "audit scoring rubric",
     .run = &run_rubric,
     .fields = &reference::rubric_field_tables},
    {.name = "calendar",
     .summary = "business-day calendar",
     .run = &run_calendar,
     .fields = &reference::calendar_field_tables},
    {.name = "delegate",
     .summary = "delegate registry entry: names, functions, agreement",
     .run = &run_delegate,
     .fields = &delegate::field_tables},
  };
  return k_table;
}

const KindSpec* find_kind(std::string_view name)
{
  for (const auto& spec : kind_table()) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::vector<std::string_view> areas()
{
  std::vector<std::string_view> out;
  for (const auto& spec : kind_table()) {
    if (!spec.area.empty() && std::find(out.begin(), out.end(), spec.area) == out.end()) {
      out.push_back(spec.area);
    }
  }
  return out;
}

std::string_view command_of(std::string_view name)
{
  const auto* spec = find_kind(name);
  if (spec == nullptr || !is_case_kind(name)) {
    return {};
  }
  return spec->command.empty() ? spec->name : spec->command;
}

} // namespace qicase::check

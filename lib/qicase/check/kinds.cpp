#include <qicase/check/kinds.hpp>

#include <qicase/actionplan/actionplan.hpp>
#include <qicase/audit/audit.hpp>
#include <qicase/cap/cap.hpp>
#include <qicase/notice/notice.hpp>
#include <qicase/qcar/qcar.hpp>
#include <qicase/workplan/workplan.hpp>
#include <qicase/reference/calendar_file.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/reference/program.hpp>
#include <qicase/reference/rubric.hpp>

namespace qicase::check {

namespace {

// Whom a case concerns, on each obligation it lists (`due`'s delegate column), distinct from
// who must act on it (`owner`).
void stamp_delegate(Obligations* out, const std::string& delegate)
{
  if (out == nullptr) {
    return;
  }
  for (auto& o : *out) {
    o.delegate = delegate;
  }
}

json::Value run_notice(const Document& doc, Context& ctx, Diagnostics& diags, Obligations* out,
                       evidence::Entries*, bool report)
{
  const auto read = notice::read_once(doc, ctx); // shared with the files that answer it
  diags.append(read->diags);
  const auto& n = read->notice;
  const auto responses = notice::responses_to(n, doc, ctx);
  if (out != nullptr) {
    notice::obligations(n, responses, doc, ctx, *out);
  }
  stamp_delegate(out, n.recipient);
  return report ? notice::report(n, responses, ctx) : json::Value();
}

// A QCAR, CAP or action plan reads the notice it answers.
void share_notice(const Document& doc, Context& ctx)
{
  static_cast<void>(notice::read_once(doc, ctx));
}

json::Value run_qcar(const Document& doc, Context& ctx, Diagnostics& diags, Obligations* out,
                     evidence::Entries* cited, bool report)
{
  auto q = qcar::read_qcar(doc, ctx, diags);
  if (out != nullptr) {
    qcar::obligations(q, doc, ctx, *out);
  }
  stamp_delegate(out, q.notice ? q.notice->recipient : std::string());
  if (cited != nullptr) {
    qcar::citations(q, doc, *cited);
  }
  return report ? qcar::report(q, ctx) : json::Value();
}

json::Value run_cap(const Document& doc, Context& ctx, Diagnostics& diags, Obligations* out,
                    evidence::Entries* cited, bool report)
{
  auto c = cap::read_cap(doc, ctx, diags);
  if (out != nullptr) {
    cap::obligations(c, doc, ctx, *out);
  }
  stamp_delegate(out, c.notice ? c.notice->recipient : std::string());
  if (cited != nullptr) {
    cap::citations(c, doc, *cited);
  }
  return report ? cap::report(c, ctx) : json::Value();
}

json::Value run_actionplan(const Document& doc, Context& ctx, Diagnostics& diags, Obligations* out,
                           evidence::Entries*, bool report)
{
  auto p = actionplan::read_plan(doc, ctx, diags);
  if (out != nullptr) {
    actionplan::obligations(p, doc, ctx, *out);
  }
  stamp_delegate(out, p.organization);
  return report ? actionplan::report(p, ctx) : json::Value();
}

json::Value run_program(const Document& doc, Context&, Diagnostics& diags, Obligations*,
                        evidence::Entries*, bool report)
{
  auto p = reference::read_program(doc, diags);
  if (!report) {
    return {};
  }
  json::Value r = json::Value::object();
  r.set("title", p.title);
  json::Value lobs = json::Value::array();
  for (const auto& l : p.lines_of_business) {
    lobs.push(l);
  }
  r.set("lines_of_business", std::move(lobs));
  return r;
}

json::Value run_audit(const Document& doc, Context& ctx, Diagnostics& diags, Obligations* out,
                      evidence::Entries*, bool report)
{
  auto a = audit::read_audit(doc, ctx, diags);
  if (out != nullptr) {
    audit::obligations(a, doc, ctx, *out);
  }
  stamp_delegate(out, a.delegate);
  return report ? audit::report(a) : json::Value();
}

// A later audit naming this one `previous` carries over its open corrective actions.
void share_audit(const Document& doc, Context& ctx)
{
  static_cast<void>(audit::recorded_actions(doc, ctx));
}

json::Value run_workplan(const Document& doc, Context& ctx, Diagnostics& diags, Obligations* out,
                         evidence::Entries*, bool report)
{
  auto plan = workplan::read_workplan(doc, diags);
  if (out != nullptr) {
    workplan::obligations(plan, doc, ctx, *out);
  }
  return report ? workplan::report(plan, ctx) : json::Value();
}

json::Value run_rubric(const Document& doc, Context&, Diagnostics& diags, Obligations*,
                       evidence::Entries*, bool report)
{
  auto rubric = reference::read_rubric(doc, diags);
  if (!report) {
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

json::Value run_policy(const Document& doc, Context&, Diagnostics& diags, Obligations*,
                       evidence::Entries*, bool report)
{
  auto p = reference::read_policy(doc, diags);
  if (!report) {
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

json::Value run_calendar(const Document& doc, Context& ctx, Diagnostics& diags, Obligations*,
                         evidence::Entries*, bool report)
{
  auto cal = reference::read_calendar(ctx.workspace, doc, diags);
  if (!report) {
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

} // namespace

const std::vector<KindSpec>& kind_table()
{
  static const std::vector<KindSpec> k_table = {
    // name        summary                                                run, share
    {"notice",     "notice of non-compliance (4.9A B, C)",                &run_notice, &share_notice},
    {"qcar",       "quality corrective action response (4.9A D, E)",      &run_qcar},
    {"cap",        "corrective action plan (4.9A F-K)",                   &run_cap},
    {"actionplan", "pay-for-performance action plan (S.M.A.R.T. goals)",  &run_actionplan},
    {"audit",      "delegation audit scored against a rubric",            &run_audit, &share_audit},
    {"workplan",   "annual work plan",                                    &run_workplan},
    {"policy",     "rules a notice, QCAR or CAP follows",                 &run_policy},
    {"program",    "pay-for-performance or coaching program",             &run_program},
    {"rubric",     "audit scoring rubric",                                &run_rubric},
    {"calendar",   "business-day calendar",                               &run_calendar},
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

} // namespace qicase::check

// Evaluating a notice (notice::Notice) as of --as-of: its report (status, figures, what is
// missing), the obligations it holds due, and the documents it cites (where it cites any).
#include <qicase/notice/notice.hpp>
#include <qicase/reference/calendar_file.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::notice {

std::string_view response_name(std::string_view kind)
{
  if (kind == "qcar") {
    return "a Quality Corrective Action Response (QCAR)";
  }
  if (kind == "cap") {
    return "a Corrective Action Plan (CAP)";
  }
  if (kind == "actionplan") {
    return "an action plan";
  }
  return "a written response";
}

const Finding* Notice::finding(std::string_view finding_id) const
{
  const auto it = finding_index.find(std::string(finding_id));
  return it == finding_index.end() ? nullptr : &findings[it->second];
}

std::shared_ptr<const Notice> notice_for(Context& ctx, const Document& from, std::string_view id, Mark mark,
                                         Diagnostics& diags)
{
  const Document* doc = ctx.workspace.resolve(id, from);
  if (doc == nullptr) {
    std::vector<std::string_view> ids;
    for (const Document* other : ctx.workspace.visible("notice", from)) {
      ids.push_back(other->id);
    }
    auto hint = suggest(id, ids);
    diags.error(mark, "ref.dangling",
                fmt::format("no notice with id `{}`{}: none among the files given, nor in this "
                            "folder or its parents up to the repository root{}",
                            id.substr(0, 60), hint.text, ctx.workspace.skipped_note(from)),
                std::move(hint.aside));
    return nullptr;
  }
  // The file the reference leads to, for an editor to show beside the finding.
  const Aside there{
    .fix = {}, .related = doc->path, .related_mark = doc->id_mark, .relation = fmt::format("`{}`", id)};
  if (!doc->usable() || doc->kind != "notice") {
    diags.error(
      mark, "ref.kind",
      fmt::format("`{}` is a {} ({}), not a notice", id, doc->kind.empty() ? "file" : doc->kind, doc->path),
      there);
    return nullptr;
  }
  auto read = read_once(*doc, ctx);
  if (read->errors) {
    diags.error(mark, "ref.invalid",
                fmt::format("notice `{}` ({}) has errors: run `qicase check {}`", id, doc->path, doc->path),
                there);
    return nullptr;
  }
  return std::shared_ptr<const Notice>(read, &read->notice);
}

Responses responses_to(const Notice& n, const Document& doc, Context& ctx)
{
  // Responses: any file that names this notice and has a `submitted` date by --as-of.
  Responses out;
  for (const Document* other : ctx.workspace.referring("notice", n.id, doc)) {
    auto parsed = calendar::parse_date(other->field("submitted"));
    out.all.push_back({other, parsed.date});
    if (parsed.date && *parsed.date <= ctx.as_of && (!out.first || *parsed.date < *out.first)) {
      out.first = parsed.date;
      out.first_by = other->id;
    }
  }
  return out;
}

Result evaluate(const Notice& n, const Responses& answers, const Context& ctx)
{
  Result r;
  for (const auto& [other, submitted] : answers.all) {
    r.responses.push_back({other->id, other->kind, other->path, submitted});
  }
  r.responded = answers.first;
  r.responded_by = answers.first ? answers.first_by : std::string();
  const bool withdrawn = n.contest_outcome == "withdrawn";
  if ((n.closed && *n.closed <= ctx.as_of) || withdrawn) {
    r.status = Status::closed;
  } else if (n.contest_filed && *n.contest_filed <= ctx.as_of && n.contest_outcome.empty()
             && (!n.contest_by || *n.contest_filed <= *n.contest_by)) {
    // B.3: a contest filed in time holds the notice until it is decided. One filed after the
    // contest date does not stop the response clock (B.2): the notice stays awaiting or overdue,
    // and the late contest is a finding (notice.contest-late).
    r.status = Status::contested;
  } else if (r.responded) {
    r.status = Status::responded;
  } else if (n.response_due && ctx.as_of > *n.response_due) {
    r.status = Status::overdue;
  } else {
    r.status = Status::awaiting_response;
  }
  if (n.response_due) {
    r.days_to_due = *n.response_due - ctx.as_of;
  }
  return r;
}

json::Value to_json(const Notice& n, const Result& res)
{
  json::Value responses = json::Value::array();
  for (const auto& a : res.responses) {
    json::Value entry = json::Value::object();
    entry.set("id", a.id);
    entry.set("kind", a.kind);
    entry.set("path", a.path);
    entry.set("submitted", calendar::to_json(a.submitted));
    responses.push(std::move(entry));
  }
  json::Value r = json::Value::object();
  r.set("issued", calendar::to_json(n.issued));
  r.set("issuer", n.issuer);
  r.set("recipient", n.recipient);
  r.set("recipient_type", n.recipient_type);
  r.set("policy", n.policy);
  r.set("finding_count", static_cast<int>(n.findings.size()));
  r.set("response_required", n.response_required);
  r.set("response_due", calendar::to_json(n.response_due));
  r.set("contest_by", calendar::to_json(n.contest_by));
  r.set("contest_filed", calendar::to_json(n.contest_filed));
  r.set("responded", calendar::to_json(res.responded));
  r.set("responded_by", res.responded ? json::Value(res.responded_by) : json::Value());
  r.set("responses", std::move(responses));
  r.set("status", to_string(res.status));
  r.set("days_to_due", res.days_to_due ? json::Value(*res.days_to_due) : json::Value());
  r.set("cap_may_be_required", json::strings(n.cap_may_be_required));
  return r;
}

Figures figures(const Notice&, const Result& res)
{
  return {{"status", std::string(to_string(res.status))}};
}

void obligations(const Notice& n, const Responses& answers, const Document& doc, Context& ctx,
                 Obligations& out)
{
  if (!doc.root) {
    return;
  }
  const auto& root = *doc.root;
  const bool closed = (n.closed && *n.closed <= ctx.as_of) || n.contest_outcome == "withdrawn";
  if (n.response_due) {
    // B.2: the written response the notice requires (C), met by the first file answering it.
    Obligation o;
    o.key = "response";
    o.what = fmt::format("{} in answer to the notice", response_name(n.response_required));
    o.due = *n.response_due;
    o.done = answers.first.has_value() || closed;
    o.done_on = answers.first ? answers.first : closed ? n.closed : std::nullopt;
    if (answers.first) {
      o.note = fmt::format("answered by {}", answers.first_by);
    } else if (closed) {
      o.note = "notice closed";
    }
    o.owner = n.recipient;
    o.clause = "4.9A B.2";
    o.mark = yaml::mark_at(root, {"response.due", "response.within"});
    out.push_back(std::move(o));
  }
  if (n.contest_allowed && n.contest_by) {
    // B.3: the opportunity to contest. Not a duty: once the date passes with no contest the
    // window is closed, which is "done" with a note, never "overdue".
    Obligation o;
    o.key = "contest";
    o.what = "last day to contest the findings";
    o.due = *n.contest_by;
    const bool filed = n.contest_filed && *n.contest_filed <= ctx.as_of;
    o.done = filed || closed || ctx.as_of > *n.contest_by;
    o.done_on = filed ? n.contest_filed : std::nullopt;
    o.right = true;
    const bool late = filed && *n.contest_filed > *n.contest_by;
    o.note = late    ? fmt::format("contest filed {}, after the last day: it does not hold the notice "
                                      "(notice.contest-late)",
                                   n.contest_filed->str())
             : filed ? fmt::format("contest filed {}", n.contest_filed->str())
             : o.done && !closed ? "window closed without a contest"
                                 : std::string();
    o.owner = n.recipient;
    o.clause = "4.9A B.3";
    o.mark = yaml::mark_at(root, {"contest.by", "contest.allowed"});
    out.push_back(std::move(o));
  }
}

PortfolioPart part(const Notice& n, const Result& res, const Document& doc, std::string_view, Context&)
{
  PortfolioPart out{.status = std::string(to_string(res.status)),
                    .overdue = res.status == Status::overdue,
                    .opened = n.issued,
                    .closed = n.closed,
                    .closed_on_record = true};
  if (out.overdue) {
    out.serious.push_back(fmt::format("notice {}: response overdue (4.9A B.2)", doc.id));
  }
  return out;
}

delegate::Link link(const Notice& n, const Document& doc, Context& ctx, Diagnostics& diags)
{
  return delegate::link(doc, ctx, &diags, n.recipient_delegate, n.recipient_delegate_mark, n.recipient,
                        n.recipient_mark, false, "recipient.delegate");
}

delegate::Link delegate_of(const Notice* n, const Document& doc, Context& ctx)
{
  return n == nullptr ? delegate::Link{}
                      : delegate::link(doc, ctx, nullptr, n->recipient_delegate, {}, n->recipient, {});
}

} // namespace qicase::notice

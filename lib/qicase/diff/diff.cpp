#include <qicase/diff/diff.hpp>

#include <qicase/check/kinds.hpp>
#include <qicase/core/findings.hpp>
#include <qicase/core/rules.hpp>
#include <qicase/core/sha256.hpp>
#include <qicase/reference/evidence.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::diff {

namespace {

using json::Value;

// Plural list names, singular for one item ("finding F1"); another list keeps its name.
std::string singular(std::string_view list)
{
  static const std::map<std::string_view, std::string_view> k_names = {
    {"findings", "finding"},      {"deficiencies", "deficiency"},
    {"measures", "measure"},      {"standards", "standard"},
    {"elements", "element"},      {"actions", "action for"},
    {"evidence", "evidence for"}, {"goals", "goal"},
    {"periods", "period"},        {"corrective_actions", "corrective action for"},
    {"results", "result for"},    {"reports", "report"},
    {"committees", "committee"}};
  if (auto it = k_names.find(list); it != k_names.end()) {
    return std::string(it->second);
  }
  return std::string(list);
}

std::string scalar(const yaml::Node* n)
{
  return n != nullptr && n->is_scalar() ? n->text : std::string();
}

// What identifies an item of a list of the file, any list: its id, the finding, element or period
// it is for, or a line of business and measure ("" when none: the item is not compared).
std::string identity(const yaml::Node& item)
{
  if (!item.is_map()) {
    return {};
  }
  for (const auto* key : {"id", "finding", "element", "period"}) {
    if (auto v = scalar(item.get(key)); !v.empty()) {
      return v;
    }
  }
  const auto lob = scalar(item.get("lob"));
  const auto measure = scalar(item.get("measure"));
  return lob.empty() || measure.empty() ? std::string() : lob + " " + measure;
}

// A line of an item's own words for "added" and "removed": its text, description or name.
std::string summary(const yaml::Node& item)
{
  for (const auto* key : {"summary", "text", "description", "name", "title", "action", "goal", "measure"}) {
    if (auto v = scalar(item.get(key)); !v.empty()) {
      return clip(v, 100);
    }
  }
  return {};
}

// Items of every top-level list of the case file, by identity: findings, deficiencies,
// measures, actions and evidence per finding. Items with no identity are not compared.
std::map<std::string, std::map<std::string, std::string>> lists(const Document* doc)
{
  std::map<std::string, std::map<std::string, std::string>> out;
  if (doc == nullptr || !doc->root || !doc->root->is_map()) {
    return out;
  }
  const auto& root = *doc->root;
  for (std::size_t i = 0; i < root.keys.size(); ++i) {
    const auto& list = root.children[i];
    if (!list.is_sequence()) {
      continue;
    }
    for (const auto& item : list.children) {
      if (auto id = identity(item); !id.empty()) {
        out[root.keys[i].name].emplace(id, summary(item));
      }
    }
  }
  return out;
}

// A deadline moved later: the kind's rule says whether the case backs it (for a QCAR, 4.9A D.3,
// decided in qcar/ only).
void back(Change& c, const Version& before, const Version& after, calendar::Date due)
{
  const auto* spec = after.result.doc != nullptr ? check::find_kind(after.result.doc->kind) : nullptr;
  if (spec == nullptr || spec->backing == nullptr) {
    // Only a QCAR records what backs a later date (an extension approved in advance, 4.9A D.3).
    // Any other date moved later has nothing in the files to back it: the committee must see
    // it, so it is unbacked (a CAP's dates are the plan the issuer approved, 4.9A G).
    c.backed = false;
    c.note = "no approval of the move is recorded";
    return;
  }
  auto b = spec->backing(before.result.typed, after.result.typed, due);
  c.backed = b.backed;
  c.note = std::move(b.note);
}

// A case removed while it still held open obligations: each goes with it, unbacked. Deleting a
// file closes nothing (4.9A D.4, F.4: a duty ends when it is met or the issuer closes the case).
void dropped(const Version& before, std::vector<Change>& out)
{
  for (const auto& o : before.result.obligations) {
    if (o.done || o.right) {
      continue;
    }
    out.push_back({Category::deadline, "removed", o.what, o.due.str(), "", std::nullopt, false,
                   "the case file was removed while this was still open", o.clause});
  }
}

std::string signed_days(long days)
{
  const auto n = days < 0 ? -days : days;
  return fmt::format("{} day{} {}", n, n == 1 ? "" : "s", days < 0 ? "earlier" : "later");
}

} // namespace

std::string_view category_name(Category c)
{
  static constexpr std::array<std::string_view, 8> k_names = {
    "file", "procedure", "evidence", "deadline", "finding", "item", "score", "status"}; // Category order
  return k_names[static_cast<std::size_t>(c)];
}

std::size_t Result::unbacked() const
{
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(), [](const Change& c) {
    return c.backed.has_value() && !*c.backed && c.category == Category::deadline;
  }));
}

bool Result::removed_open() const
{
  const bool removed = std::any_of(changes.begin(), changes.end(), [](const Change& c) {
    return c.category == Category::file && c.change == "removed" && c.item == "case";
  });
  return removed && unbacked() > 0;
}

std::size_t Result::evidence_changed() const
{
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(), [](const Change& c) {
    return c.backed.has_value() && !*c.backed && c.category == Category::evidence;
  }));
}

Request request(const std::string& path)
{
  Request r;
  r.named = {path};
  r.obligations = true;
  r.keep_reports = false;
  r.keep_typed = true;        // compared: the typed result's figures, the kind's rule on a moved deadline
  r.keep_figures_only = true; // of a kind with no such rule, only its figures
  r.evidence = EvidenceMode::recorded; // compared by what each version records
  return r;
}

Version evaluate(std::string label, std::shared_ptr<Document> doc, calendar::Date as_of,
                 std::shared_ptr<const calendar::Calendar> calendar, std::string policy)
{
  Version v;
  v.label = std::move(label);
  const auto asked = request(doc->path);
  Workspace workspace({std::move(doc)});
  Context ctx{workspace, as_of, std::move(calendar), std::move(policy), asked};
  auto run = check::run(ctx, 1);
  if (!run.results.empty()) {
    v.result = std::move(run.results.front());
  }
  return v;
}

namespace {

// The case itself: its kind, its id, and how many file problems each version has.
void identity_changes(const Document& old_doc, const Document& new_doc, const Version& before,
                      const Version& after, std::vector<Change>& out)
{
  if (old_doc.kind != new_doc.kind) {
    out.push_back(
      {Category::file, "changed", "kind", old_doc.kind, new_doc.kind, std::nullopt, std::nullopt, {}, {}});
  }
  if (old_doc.id != new_doc.id) {
    out.push_back({Category::file,
                   "changed",
                   "id",
                   old_doc.id,
                   new_doc.id,
                   std::nullopt,
                   std::nullopt,
                   "references to the old id no longer resolve",
                   {}});
  }
  // File problems: what could not be read of each version (its report leaves that out).
  const auto problems = [](const Version& v) { return found_in(v.result.diags).unread.size(); };
  if (problems(before) != problems(after)) {
    out.push_back({Category::file,
                   "changed",
                   "file problems",
                   std::to_string(problems(before)),
                   std::to_string(problems(after)),
                   std::nullopt,
                   std::nullopt,
                   problems(after) > 0 ? "what they make unreadable is left out of the figures compared" : "",
                   {}});
  }
}

// Evidence: each cited document by its path as written, and its pin. Accepted evidence whose pin
// changes or goes was replaced after it was accepted (4.9A D.4): not backed.
void evidence_changes(const Version& before, const Version& after, std::vector<Change>& out)
{
  const auto cited = [](const Version& v) {
    std::map<std::string, const evidence::Citation*> found;
    for (const auto& e : v.result.evidence) {
      found.emplace(e.citation.file, &e.citation);
    }
    return found;
  };
  const auto old_cited = cited(before);
  const auto new_cited = cited(after);
  for (const auto& [file, c] : new_cited) {
    const auto it = old_cited.find(file);
    const auto pin = [](const evidence::Citation* x) {
      return x->sha256 ? x->sha256->substr(0, 12) : std::string("unpinned");
    };
    if (it == old_cited.end()) {
      out.push_back({Category::evidence,
                     "added",
                     file + " (" + c->item + ")",
                     "",
                     pin(c),
                     std::nullopt,
                     std::nullopt,
                     {},
                     "4.9A D.4"});
    } else if (it->second->sha256 != c->sha256) {
      Change ch{Category::evidence,
                it->second->sha256 ? (c->sha256 ? "re-pinned" : "unpinned") : "pinned",
                file + " (" + c->item + ")",
                pin(it->second),
                pin(c),
                std::nullopt,
                std::nullopt,
                {},
                "4.9A D.4"};
      if (it->second->sha256) {
        ch.backed = false;
        ch.note =
          "accepted evidence changed: the document was replaced or its pin removed after it was accepted";
      }
      out.push_back(std::move(ch));
    }
  }
  for (const auto& [file, c] : old_cited) {
    if (new_cited.count(file) == 0) {
      out.push_back({Category::evidence,
                     "removed",
                     file + " (" + c->item + ")",
                     c->sha256 ? c->sha256->substr(0, 12) : std::string("unpinned"),
                     "",
                     std::nullopt,
                     std::nullopt,
                     {},
                     "4.9A D.4"});
    }
  }
}

// Findings: the rules of the procedure the case breaks, by rule and place (not line).
void finding_changes(const Version& before, const Version& after, std::vector<Change>& out)
{
  const auto old_found = found_in(before.result.diags);
  const auto new_found = found_in(after.result.diags);
  const auto findings = [](const Found& found) {
    std::map<std::pair<std::string, std::string>, const Diagnostic*> by_place;
    for (const auto& d : found.findings) {
      by_place.emplace(std::make_pair(d.rule, d.item), &d);
    }
    return by_place;
  };
  const auto old_findings = findings(old_found);
  const auto new_findings = findings(new_found);
  for (const auto& [key, d] : new_findings) {
    if (old_findings.count(key) == 0) {
      const Rule* rule = find_rule(d->rule);
      out.push_back({Category::procedure,
                     "added",
                     key.second.empty() ? d->rule : d->rule + " at " + key.second,
                     "",
                     clip(d->message, 160),
                     std::nullopt,
                     std::nullopt,
                     {},
                     rule != nullptr ? std::string(rule->clause) : std::string()});
    }
  }
  for (const auto& [key, d] : old_findings) {
    if (new_findings.count(key) == 0) {
      const Rule* rule = find_rule(d->rule);
      out.push_back({Category::procedure,
                     "removed",
                     key.second.empty() ? d->rule : d->rule + " at " + key.second,
                     clip(d->message, 160),
                     "",
                     std::nullopt,
                     std::nullopt,
                     {},
                     rule != nullptr ? std::string(rule->clause) : std::string()});
    }
  }
}

// Deadlines: each obligation by its key, moved (and whether the kind backs a later date), added,
// removed, or met.
void deadline_changes(const Version& before, const Version& after, std::vector<Change>& out)
{
  std::map<std::string, const Obligation*> old_due;
  for (const auto& o : before.result.obligations) {
    old_due.emplace(o.key, &o);
  }
  std::set<std::string> seen;
  for (const auto& o : after.result.obligations) {
    seen.insert(o.key);
    const auto it = old_due.find(o.key);
    if (it == old_due.end()) {
      out.push_back(
        {Category::deadline, "added", o.what, "", o.due.str(), std::nullopt, std::nullopt, {}, o.clause});
      continue;
    }
    const auto& was = *it->second;
    if (was.due != o.due) {
      Change c{Category::deadline, "moved",      o.what, was.due.str(), o.due.str(),
               o.due - was.due,    std::nullopt, {},     o.clause};
      if (o.due > was.due && !o.right) { // a right given more time (to contest) needs no backing
        back(c, before, after, o.due);
      }
      out.push_back(std::move(c));
    }
    const auto met = [](const Obligation& x) { return !x.done ? "open" : x.met_late() ? "met late" : "met"; };
    if (std::string_view(met(was)) != met(o)) {
      out.push_back(
        {Category::status, "changed", o.what, met(was), met(o), std::nullopt, std::nullopt, {}, o.clause});
    }
  }
  for (const auto& o : before.result.obligations) {
    if (seen.count(o.key) == 0) {
      out.push_back(
        {Category::deadline, "removed", o.what, o.due.str(), "", std::nullopt, std::nullopt, {}, o.clause});
    }
  }
}

// The lists of the case file (findings, deficiencies, actions, ...), items by identity.
void list_changes(const Document* old_doc, const Document* new_doc, std::vector<Change>& out)
{
  const auto old_lists = lists(old_doc);
  const auto new_lists = lists(new_doc);
  std::set<std::string> names;
  for (const auto& [name, items] : old_lists) {
    names.insert(name);
  }
  for (const auto& [name, items] : new_lists) {
    names.insert(name);
  }
  static const std::map<std::string, std::map<std::string, std::string>>::mapped_type k_none;
  for (const auto& name : names) {
    const auto category = name == "findings" || name == "deficiencies" ? Category::finding : Category::item;
    const auto& a = old_lists.count(name) != 0 ? old_lists.at(name) : k_none;
    const auto& b = new_lists.count(name) != 0 ? new_lists.at(name) : k_none;
    for (const auto& [id, text] : b) {
      if (a.count(id) == 0) {
        out.push_back({category,
                       "added",
                       singular(name) + " " + id,
                       "",
                       text.empty() ? id : text,
                       std::nullopt,
                       std::nullopt,
                       {},
                       {}});
      }
    }
    for (const auto& [id, text] : a) {
      if (b.count(id) == 0) {
        out.push_back({category,
                       "removed",
                       singular(name) + " " + id,
                       text.empty() ? id : text,
                       "",
                       std::nullopt,
                       std::nullopt,
                       {},
                       {}});
      }
    }
  }
}

// Statuses and scores: each kind lists its own figures over its typed result (its row's
// `figures`), matched by label between the versions; a figure in only one is not compared (an
// item added or removed shows as such).
Figures figures_of(const check::FileResult& r)
{
  const auto* spec = r.doc != nullptr ? check::find_kind(r.doc->kind) : nullptr;
  if (const auto* kept = std::any_cast<std::shared_ptr<const Figures>>(&r.typed)) {
    return **kept; // made in the run (Request::keep_figures_only)
  }
  return spec != nullptr && spec->figures != nullptr ? spec->figures(r.typed) : Figures{};
}

void figure_changes(const Version& before, const Version& after, std::vector<Change>& out)
{
  const auto was = figures_of(before.result);
  std::map<std::string_view, const Figure*> by_label;
  for (const auto& f : was) {
    by_label.emplace(f.label, &f); // an id listed twice: the first, as for every list
  }
  for (const auto& f : figures_of(after.result)) {
    const auto it = by_label.find(f.label);
    if (it != by_label.end() && it->second->value != f.value) {
      out.push_back({f.status ? Category::status : Category::score,
                     "changed",
                     f.label,
                     it->second->value,
                     f.value,
                     std::nullopt,
                     std::nullopt,
                     {},
                     {}});
    }
  }
}

// A new case in a line: its delegate, status, next open obligation and findings.
NewCase new_case(const Version& after)
{
  NewCase c;
  if (const auto& d = after.result.delegate; d != nullptr) {
    c.delegate = d->id.empty() ? d->name : d->name.empty() ? d->id : fmt::format("{} ({})", d->name, d->id);
  }
  for (const auto& f : figures_of(after.result)) {
    if (f.label == "status") {
      c.status = f.value;
      break;
    }
  }
  const Obligation* next = nullptr;
  for (const auto& o : after.result.obligations) {
    if (!o.done && !o.right && (next == nullptr || o.due < next->due)) {
      next = &o;
    }
  }
  if (next != nullptr) {
    c.next_due = next->due.str();
    c.next_what = next->what;
  }
  c.findings = found_in(after.result.diags).findings.size();
  return c;
}

} // namespace

bool related(const Document& a, const Document& b)
{
  const auto names = [](const Document& from, const Document& to) {
    if (to.id.empty()) {
      return false;
    }
    return from.field("notice") == to.id || from.field("previous") == to.id
           || from.field("delegate") == to.id;
  };
  return names(a, b) || names(b, a);
}

std::string reading_digest(const check::FileResult& r)
{
  // Each value with its length before it, so that no two different readings write the same
  // text; every part compare() reads of a version, and the diagnostics whole.
  std::string text;
  const auto put = [&text](std::string_view v) {
    text += std::to_string(v.size());
    text += ':';
    text += v;
  };
  for (const auto& d : r.diags.items()) {
    put(d.rule);
    put(d.item);
    put(d.message);
    put(fmt::format("{}.{}.{}", static_cast<int>(d.severity), d.mark.line, d.mark.column));
  }
  text += '|';
  for (const auto& o : r.obligations) {
    put(o.key);
    put(o.what);
    put(o.clause);
    put(fmt::format("{}.{}.{}.{}", o.due.str(), o.done, o.met_late(), o.right));
  }
  text += '|';
  for (const auto& e : r.evidence) {
    put(e.citation.file);
    put(e.citation.item);
    put(e.citation.sha256.value_or("-"));
    put(e.citation.size ? std::to_string(*e.citation.size) : "-");
  }
  text += '|';
  for (const auto& f : figures_of(r)) {
    put(f.label);
    put(f.value);
    put(f.status ? "s" : "n");
  }
  return sha256_hex(text);
}

Result compare(const Version& before, const Version& after)
{
  Result r;
  r.old_label = before.label;
  r.new_label = after.label;
  const auto* old_doc = before.exists ? before.result.doc.get() : nullptr;
  const auto* new_doc = after.exists ? after.result.doc.get() : nullptr;
  const auto* shown = new_doc != nullptr ? new_doc : old_doc;
  if (shown != nullptr) {
    r.kind = shown->kind;
    r.id = shown->id;
  }
  r.delegate = after.exists && after.result.delegate ? after.result.delegate : before.result.delegate;
  auto& out = r.changes;
  if (!before.exists && after.exists && new_doc != nullptr && new_doc->usable()) {
    r.added = new_case(after);
    out.push_back({Category::file, "added", "case", "", r.id, std::nullopt, std::nullopt, {}, {}});
    const Version none;
    finding_changes(none, after, out); // a new case's findings, each as added
    return r;
  }
  if (!before.exists || !after.exists) {
    out.push_back({Category::file,
                   before.exists ? "removed" : "added",
                   "case",
                   before.exists ? r.id : "",
                   after.exists ? r.id : "",
                   std::nullopt,
                   std::nullopt,
                   {},
                   {}});
    if (!after.exists) {
      dropped(before, out);
    }
    return r;
  }
  // A version that is not a case file at all (not YAML, binary, over the limits, no kind)
  // has nothing to compare: say so rather than "no change".
  const bool old_usable = old_doc != nullptr && old_doc->usable();
  const bool new_usable = new_doc != nullptr && new_doc->usable();
  if (!old_usable || !new_usable) {
    const auto which = !old_usable && !new_usable ? "neither version is"
                       : !old_usable              ? "the old version is not"
                                                  : "the new version is not";
    out.push_back(
      {Category::file,
       "changed",
       "readable case file",
       old_usable ? "yes" : "no",
       new_usable ? "yes" : "no",
       std::nullopt,
       std::nullopt,
       fmt::format("{} a readable case file: nothing to compare (`qicase check` says why)", which),
       {}});
    return r;
  }
  identity_changes(*old_doc, *new_doc, before, after, out);
  evidence_changes(before, after, out);
  finding_changes(before, after, out);
  deadline_changes(before, after, out);
  list_changes(old_doc, new_doc, out);
  figure_changes(before, after, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const Change& x, const Change& y) { return x.category < y.category; });
  return r;
}

namespace {

std::string describe(const Change& c)
{
  std::string s;
  if (c.change == "moved") {
    s = fmt::format("{} -> {} ({})", c.before, c.after, signed_days(*c.days));
  } else if (c.change == "added") {
    s = c.after;
  } else if (c.change == "removed") {
    s = c.before;
  } else {
    s = fmt::format("{} -> {}", c.before, c.after);
  }
  return s;
}

std::string summary_line(const std::vector<Result>& results)
{
  std::size_t changes = 0;
  std::size_t files = 0;
  std::size_t unbacked = 0;
  std::size_t replaced = 0;
  std::string removed_open; // cases removed while open, named
  for (const auto& r : results) {
    changes += r.changes.size();
    files += r.changes.empty() ? 0 : 1;
    unbacked += r.unbacked();
    replaced += r.evidence_changed();
    if (r.removed_open()) {
      removed_open += (removed_open.empty() ? "" : ", ") + (r.id.empty() ? r.old_label : r.id);
    }
  }
  return fmt::format("{} change{} in {} of {} file{}; {} deadline{} moved later or dropped without "
                     "backing{}{}",
                     changes, changes == 1 ? "" : "s", files, results.size(), results.size() == 1 ? "" : "s",
                     unbacked, unbacked == 1 ? "" : "s",
                     removed_open.empty() ? std::string() : "; removed while open: " + removed_open,
                     replaced == 0 ? std::string()
                                   : fmt::format("; {} accepted evidence document{} changed", replaced,
                                                 replaced == 1 ? "" : "s"));
}

std::string heading(const Result& r)
{
  const auto who = r.id.empty() ? std::string("(no id)") : r.id;
  const auto kind = r.kind.empty() ? std::string("not a case file") : r.kind;
  return r.old_label == r.new_label ? fmt::format("{} ({}): {}", who, kind, r.new_label)
                                    : fmt::format("{} ({}): {} -> {}", who, kind, r.old_label, r.new_label);
}

// Why a case whose file did not change is listed: "its file did not change; this follows from
// a.yaml, b.yaml", or "" for a changed file.
std::string unchanged_note(const Result& r)
{
  if (r.file_changed) {
    return {};
  }
  std::string files;
  for (const auto& f : r.follows_from) {
    files += (files.empty() ? "" : ", ") + f;
  }
  return files.empty() ? "its file did not change; this follows from other files it reads"
                       : "its file did not change; this follows from " + files;
}

// A new case in words: "delegate Bayside IPA (bayside); status open; next due 2024-08-05
// (response); 2 findings".
std::string new_case_line(const NewCase& c, calendar::Date as_of)
{
  const bool overdue = !c.next_due.empty() && c.next_due < as_of.str(); // ISO dates sort as text
  return fmt::format("delegate {}; status {}; next due {}; {} finding{}", or_unknown(c.delegate),
                     c.status.empty() ? std::string("-") : c.status,
                     c.next_due.empty()
                       ? std::string("none open")
                       : fmt::format("{} ({}{})", c.next_due, c.next_what, overdue ? ", overdue" : ""),
                     c.findings, c.findings == 1 ? "" : "s");
}

} // namespace

std::string change_text(const Change& c)
{
  auto s = fmt::format("{}: {}", c.item, describe(c));
  if (!c.note.empty()) {
    s += fmt::format("; {}", c.note);
  }
  if (!c.clause.empty() && c.note.find(c.clause) == std::string::npos) {
    s += fmt::format(" [{}]", c.clause);
  }
  return s;
}

std::string case_note(const Result& r, calendar::Date as_of)
{
  return r.added ? "new case: " + new_case_line(*r.added, as_of) : unchanged_note(r);
}

std::string render_text(const std::vector<Result>& results, calendar::Date as_of)
{
  std::string s;
  for (const auto& r : results) {
    s += heading(r) + "\n";
    if (const auto note = case_note(r, as_of); !note.empty()) {
      s += r.added ? "  " + note + "\n" : "  (" + note + ")\n";
    }
    if (r.changes.empty()) {
      s += "  no change that matters to oversight\n";
    }
    for (const auto& c : r.changes) {
      s += fmt::format("  {:<9} {:<8} {}\n", category_name(c.category), c.change, change_text(c));
    }
    s += "\n";
  }
  s += fmt::format("{} (as of {})\n", summary_line(results), as_of.str());
  return s;
}

std::string render_markdown(const std::vector<Result>& results, calendar::Date as_of)
{
  std::string s = fmt::format("## Case changes (as of {})\n\n", as_of.str());
  for (const auto& r : results) {
    s += fmt::format("### {}\n\n", markdown_cell(heading(r)));
    if (const auto note = case_note(r, as_of); !note.empty()) {
      s += fmt::format("_{}._\n\n", markdown_cell(note));
    }
    if (r.changes.empty()) {
      s += "No change that matters to oversight.\n\n";
      continue;
    }
    s += "| | change | what | before | after | note |\n|---|---|---|---|---|---|\n";
    for (const auto& c : r.changes) {
      const bool flag = c.backed.has_value() && !*c.backed;
      auto after = c.after;
      if (c.days) {
        after += fmt::format(" ({})", signed_days(*c.days));
      }
      auto note = c.note;
      if (!c.clause.empty() && note.find(c.clause) == std::string::npos) {
        note += (note.empty() ? "" : " ") + fmt::format("[{}]", c.clause);
      }
      s += fmt::format("| {}{} | {} | {} | {} | {} | {} |\n", flag ? "⚠️ " : "",
                       category_name(c.category), c.change, markdown_cell(c.item), markdown_cell(c.before),
                       markdown_cell(after), markdown_cell(note));
    }
    s += "\n";
  }
  s += summary_line(results) + ".\n";
  return s;
}

json::Value to_json(const std::vector<Result>& results, calendar::Date as_of)
{
  auto doc = Value::object();
  doc.set("qicase", k_version);
  doc.set("as_of", as_of.str());
  auto files = Value::array();
  std::size_t changes = 0;
  std::size_t unbacked = 0;
  std::size_t replaced = 0;
  for (const auto& r : results) {
    auto f = Value::object();
    f.set("old", r.old_label);
    f.set("new", r.new_label);
    f.set("kind", r.kind.empty() ? Value() : Value(r.kind));
    f.set("id", r.id.empty() ? Value() : Value(r.id));
    f.set("file_changed", r.file_changed);
    auto from = Value::array();
    for (const auto& p : r.follows_from) {
      from.push(p);
    }
    f.set("follows_from", std::move(from));
    if (r.added) {
      const auto& c = *r.added;
      auto a = Value::object();
      a.set("delegate", c.delegate.empty() ? Value() : Value(c.delegate));
      a.set("status", c.status.empty() ? Value() : Value(c.status));
      a.set("next_due", c.next_due.empty() ? Value() : Value(c.next_due));
      a.set("next_what", c.next_what.empty() ? Value() : Value(c.next_what));
      a.set("findings", static_cast<long>(c.findings));
      f.set("added", std::move(a));
    } else {
      f.set("added", Value());
    }
    auto list = Value::array();
    for (const auto& c : r.changes) {
      auto e = Value::object();
      e.set("category", category_name(c.category));
      e.set("change", c.change);
      e.set("item", c.item);
      e.set("before", c.before.empty() ? Value() : Value(c.before));
      e.set("after", c.after.empty() ? Value() : Value(c.after));
      e.set("days", c.days ? Value(*c.days) : Value());
      e.set("backed", c.backed ? Value(*c.backed) : Value());
      e.set("note", c.note.empty() ? Value() : Value(c.note));
      e.set("clause", c.clause.empty() ? Value() : Value(c.clause));
      list.push(std::move(e));
    }
    changes += r.changes.size();
    unbacked += r.unbacked();
    replaced += r.evidence_changed();
    f.set("changes", std::move(list));
    files.push(std::move(f));
  }
  doc.set("files", std::move(files));
  auto summary = Value::object();
  summary.set("files", static_cast<long>(results.size()));
  summary.set("changes", static_cast<long>(changes));
  summary.set("unbacked", static_cast<long>(unbacked));
  summary.set("evidence_changed", static_cast<long>(replaced));
  auto removed_open = Value::array();
  for (const auto& r : results) {
    if (r.removed_open()) {
      removed_open.push(r.id.empty() ? r.old_label : r.id);
    }
  }
  summary.set("removed_open", std::move(removed_open));
  doc.set("summary", std::move(summary));
  return doc;
}

} // namespace qicase::diff

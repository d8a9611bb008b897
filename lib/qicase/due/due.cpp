#include <qicase/due/due.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>
#include <qicase/report/render.hpp>
#include <qicase/xlsx/workbook.hpp>

namespace qicase::due {

std::string_view to_string(State state)
{
  switch (state) {
  case State::overdue: return "overdue";
  case State::due_soon: return "due-soon";
  case State::open: return "open";
  case State::late: return "late";
  case State::done: return "done";
  }
  return "open";
}

std::optional<State> parse_state(std::string_view text)
{
  for (auto s : {State::overdue, State::due_soon, State::open, State::late, State::done}) {
    if (to_string(s) == text) {
      return s;
    }
  }
  return std::nullopt;
}

State state_of(const Obligation& o, calendar::Date as_of, long soon_days)
{
  if (o.done) {
    return o.met_late() ? State::late : State::done;
  }
  const calendar::Date late_after = o.late_after && *o.late_after > o.due ? *o.late_after : o.due;
  if (as_of > late_after) {
    return State::overdue;
  }
  return o.due - as_of <= soon_days ? State::due_soon : State::open;
}

bool overdue_on(const Obligation& o, calendar::Date day)
{
  const calendar::Date late_after = o.late_after && *o.late_after > o.due ? *o.late_after : o.due;
  if (o.right || day <= late_after || (o.done && !o.done_on)) {
    return false;
  }
  return !o.done_on || *o.done_on > day;
}

namespace {

bool selected(const Item& item, const Query& q)
{
  const Obligation& o = *item.obligation;
  if (q.from && o.due < *q.from) {
    return false;
  }
  if (o.due > q.to) {
    return false;
  }
  if (!q.kinds.empty() && std::find(q.kinds.begin(), q.kinds.end(), o.kind) == q.kinds.end()) {
    return false;
  }
  if (!q.delegates.empty()
      && std::none_of(q.delegates.begin(), q.delegates.end(), [&](const std::string& name) {
           return delegate::normalise(name) == delegate::normalise(o.delegate);
         })) {
    return false;
  }
  if (!q.owner.empty() && lower(o.owner).find(lower(q.owner)) == std::string::npos) {
    return false;
  }
  if (!q.states.empty()) {
    return std::find(q.states.begin(), q.states.end(), item.state) != q.states.end();
  }
  return (item.state != State::done && item.state != State::late) || q.all;
}

} // namespace

bool wanted(const Obligation& o, const Query& q)
{
  return selected(Item{&o, state_of(o, q.as_of, q.soon_days), 0, 0, 0}, q);
}

namespace {

std::string location(const Obligation& o)
{
  if (o.mark.line == 0) {
    return std::string(o.path());
  }
  return fmt::format("{}:{}:{}", o.path(), o.mark.line, o.mark.column);
}

// "5 days late", "due today", "in 3 days", "done 2024-03-15".
std::string when(const Item& item)
{
  const Obligation& o = *item.obligation;
  if (item.state == State::done) {
    return o.done_on ? "done " + o.done_on->str() : std::string("done");
  }
  if (item.state == State::late) {
    return "late " + o.done_on->str();
  }
  if (item.days == 0) {
    return "due today";
  }
  if (item.days > 0) {
    return fmt::format("in {} day{}", item.days, item.days == 1 ? "" : "s");
  }
  const long late = -item.days;
  if (item.state == State::overdue) {
    return fmt::format("{} day{} late", late, late == 1 ? "" : "s");
  }
  return fmt::format("in grace, due {} day{} ago", late, late == 1 ? "" : "s"); // 4.9A F.4
}

calendar::Date monday_of(calendar::Date d)
{
  const long back = (static_cast<long>(d.weekday()) + 6) % 7; // Monday 0 ... Sunday 6
  return d.plus_days(-back);
}

std::string window_text(const Query& q)
{
  // `--overdue` (`--status overdue`): everything overdue, whatever the window, so none is named.
  const bool only_overdue = !q.states.empty() && std::all_of(q.states.begin(), q.states.end(), [](State s) {
    return s == State::overdue;
  });
  if (only_overdue && !q.from) {
    return "overdue";
  }
  return q.from ? fmt::format("{} to {}", q.from->str(), q.to.str())
                : fmt::format("overdue and through {}", q.to.str());
}

} // namespace

std::vector<Item> agenda(const std::vector<check::FileResult>& results, const Query& query)
{
  std::vector<Item> items;
  for (std::size_t f = 0; f < results.size(); ++f) {
    for (const auto& o : results[f].obligations) {
      Item item{&o, state_of(o, query.as_of, query.soon_days), o.due - query.as_of, 0, f};
      if (item.state == State::late) {
        item.days_late = *o.done_on - o.due;
      }
      if (selected(item, query)) {
        items.push_back(item);
      }
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    const bool ao = a.state == State::overdue;
    const bool bo = b.state == State::overdue;
    return std::forward_as_tuple(!ao, a.obligation->due, a.obligation->case_id(), a.obligation->key)
           < std::forward_as_tuple(!bo, b.obligation->due, b.obligation->case_id(), b.obligation->key);
  });
  return items;
}

Summary summarize(const std::vector<Item>& items)
{
  Summary s;
  for (const auto& i : items) {
    switch (i.state) {
    case State::overdue: ++s.overdue; break;
    case State::due_soon: ++s.due_soon; break;
    case State::open: ++s.open; break;
    case State::late: ++s.late; break;
    case State::done: ++s.done; break;
    }
  }
  return s;
}

void render_text(const std::vector<Item>& items, const Query& query, Sink& out)
{
  std::string group;
  for (const auto& item : items) {
    const Obligation& o = *item.obligation;
    const std::string heading = item.state == State::overdue
                                  ? std::string("Overdue")
                                  : fmt::format("Week of {} (Monday)", monday_of(o.due).str());
    if (heading != group) {
      out.format("{}{}\n", out.empty() ? "" : "\n", heading);
      group = heading;
    }
    out.format("  {} {}  {:<17} {}  {}\n", o.due.str(), calendar::weekday_name(o.due.weekday()).substr(0, 3),
               when(item), o.case_id(), o.what);
    std::string detail;
    if (item.state == State::late) {
      detail += fmt::format("met {} day{} late; ", item.days_late, item.days_late == 1 ? "" : "s");
    }
    if (!o.delegate.empty() && o.delegate != o.owner) {
      detail += "delegate " + o.delegate + "; ";
    }
    if (!o.owner.empty()) {
      detail += "owner " + o.owner + "; ";
    }
    if (!o.note.empty()) {
      detail += o.note + "; ";
    }
    detail += o.clause.empty() ? location(o) : o.clause + "; " + location(o);
    out.format("  {:<33}{}\n", "", detail);
  }
  const Summary s = summarize(items);
  if (!out.empty()) {
    out += "\n";
  }
  out.format("{} obligation{} ({}, as of {}): {} overdue, {} due soon, {} open, {} late, {} done\n",
             items.size(), items.size() == 1 ? "" : "s", window_text(query), query.as_of.str(), s.overdue,
             s.due_soon, s.open, s.late, s.done);
}

void render_csv(const std::vector<Item>& items, Sink& out)
{
  out += "due,status,days,case,kind,what,delegate,owner,clause,done_on,note,path,line,column\r\n";
  for (const auto& item : items) {
    const Obligation& o = *item.obligation;
    out.format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", o.due.str(), to_string(item.state), item.days,
               csv_field(o.case_id()), o.kind, csv_field(o.what), csv_field(o.delegate), csv_field(o.owner),
               csv_field(o.clause), calendar::text(o.done_on), csv_field(o.note), csv_field(o.path()),
               o.mark.line, o.mark.column);
  }
}

void render_xlsx(const std::vector<Item>& items, Sink& out)
{
  using xlsx::Cell;
  const auto rows = [&items](const std::function<void(const xlsx::Row&)>& put) {
    for (const auto& item : items) {
      const Obligation& o = *item.obligation;
      put({Cell::day(o.due), Cell::of(to_string(item.state)), Cell::number(item.days), Cell::of(o.case_id()),
           Cell::of(std::string_view(o.kind)), Cell::of(std::string_view(o.what)),
           Cell::of(std::string_view(o.delegate)), Cell::of(std::string_view(o.owner)),
           Cell::of(std::string_view(o.clause)), Cell::day(o.done_on), Cell::of(o.note), Cell::of(o.path()),
           Cell::number(o.mark.line), Cell::number(o.mark.column)});
    }
  };
  const xlsx::Sheet sheet{"agenda",
                          {"due", "status", "days", "case", "kind", "what", "delegate", "owner", "clause",
                           "done_on", "note", "path", "line", "column"},
                          rows};
  out += xlsx::workbook({sheet});
}

void render_markdown(const std::vector<Item>& items, const Query& query, Sink& out)
{
  const Summary s = summarize(items);
  out.format("# Obligations as of {}\n\n{}: {} overdue, {} due soon, {} open, "
             "{} late, {} done.\n\n",
             query.as_of.str(), window_text(query), s.overdue, s.due_soon, s.open, s.late, s.done);
  if (items.empty()) {
    return;
  }
  out += "| Due | Status | When | Case | Delegate | What | Owner | Clause | Where |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& item : items) {
    const Obligation& o = *item.obligation;
    const std::string what = o.note.empty() ? o.what.str() : o.what + " (" + o.note + ")";
    out.format("| {} | {} | {} | {} ({}) | {} | {} | {} | {} | {} |\n", o.due.str(), to_string(item.state),
               when(item), markdown_cell(o.case_id()), o.kind, markdown_cell(o.delegate), markdown_cell(what),
               markdown_cell(o.owner), markdown_cell(o.clause), markdown_cell(location(o)));
  }
}

namespace {

// One obligation of the JSON agenda.
json::Value obligation_json(const Item& item)
{
  const Obligation& o = *item.obligation;
  json::Value v = json::Value::object();
  v.set("case", o.case_id());
  v.set("kind", o.kind);
  v.set("key", o.key);
  v.set("what", o.what);
  v.set("due", o.due.str());
  v.set("status", std::string(to_string(item.state)));
  v.set("days", item.days);
  v.set("done_on", calendar::to_json(o.done_on));
  v.set("days_late", item.state == State::late ? json::Value(item.days_late) : json::Value());
  v.set("delegate", o.delegate.empty() ? json::Value() : json::Value(o.delegate));
  v.set("owner", o.owner.empty() ? json::Value() : json::Value(o.owner));
  v.set("clause", o.clause);
  v.set("note", o.note.empty() ? json::Value() : json::Value(o.note));
  v.set("path", o.path());
  v.set("line", o.mark.line);
  v.set("column", o.mark.column);
  return v;
}

} // namespace

void render_json(const std::vector<Item>& items, const Query& query,
                 const std::vector<check::FileResult>& results, bool strict, Sink& out)
{
  json::Value doc = json::Value::object();
  doc.set("qicase", k_version);
  doc.set("as_of", query.as_of.str());
  doc.set("from", calendar::to_json(query.from));
  doc.set("to", query.to.str());
  const Summary s = summarize(items);
  json::Value summary = json::Value::object();
  summary.set("overdue", static_cast<long long>(s.overdue));
  summary.set("due_soon", static_cast<long long>(s.due_soon));
  summary.set("open", static_cast<long long>(s.open));
  summary.set("late", static_cast<long long>(s.late));
  summary.set("done", static_cast<long long>(s.done));
  doc.set("summary", std::move(summary));
  // Both lists are made an item at a time as they are written: never the whole agenda at once.
  doc.set("obligations", json::Value::generated(
                           items.size(), [&items](std::size_t i) { return obligation_json(items[i]); }));
  // A file's own report is that of its kind's command; here, how many obligations it holds
  // and how many of them the query lists.
  std::vector<long long> listed(results.size(), 0);
  for (const auto& item : items) {
    ++listed[item.file];
  }
  doc.set("files", json::Value::generated(results.size(), [&](std::size_t f) {
            json::Value counts = json::Value::object();
            counts.set("obligations", static_cast<long long>(results[f].obligation_count));
            counts.set("listed", listed[f]);
            return report::file_json(results[f], strict, &counts);
          }));
  doc.write(out, 2);
  out += "\n";
}

std::string ical_escape(std::string_view raw)
{
  // Controls are made visible first (as everywhere text may reach a person), so that the feed's
  // own escaping below covers the backslashes they are written with.
  const std::string shown = escape_controls(raw);
  const std::string_view text = shown;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
    case '\\': out += "\\\\"; break;
    case ';': out += "\\;"; break;
    case ',': out += "\\,"; break;
    case '\n': out += "\\n"; break;
    case '\r':
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        break; // CRLF is one line break
      }
      out += "\\n";
      break;
    default:
      // Other control characters are not allowed in TEXT (RFC 5545 3.3.11): escape_controls()
      // has written them visibly already; a tab becomes a space.
      if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
        out += c;
      } else if (c == '\t') {
        out += ' ';
      }
    }
  }
  return out;
}

std::string ical_fold(std::string_view line)
{
  // RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break; a long
  // line goes on after CRLF and one space. Never split a UTF-8 sequence.
  std::string out;
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
      --cut; // back to the start of the character
    }
    if (cut == 0) {
      cut = limit;
    }
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74; // the leading space counts
  }
  out.append(line);
  out += "\r\n";
  return out;
}

namespace {

std::string ical_date(calendar::Date d)
{
  return fmt::format("{:04d}{:02d}{:02d}", d.year(), d.month(), d.day());
}

// A UID part: letters, digits, '.', '-' and '_' as they are, every other byte %XX, so that
// different ids never give the same UID.
std::string uid_part(std::string_view s)
{
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '.' || c == '-' || c == '_') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

// Whether two of `items` have the same case id and key (their UIDs would be the same).
bool keys_repeat(const std::vector<Item>& items)
{
  std::vector<const Obligation*> by_key;
  by_key.reserve(items.size());
  for (const auto& item : items) {
    by_key.push_back(item.obligation);
  }
  const auto key = [](const Obligation* o) {
    return std::pair<std::string_view, std::string_view>(o->case_id(), o->key);
  };
  std::sort(by_key.begin(), by_key.end(),
            [&](const Obligation* a, const Obligation* b) { return key(a) < key(b); });
  return std::adjacent_find(by_key.begin(), by_key.end(),
                            [&](const Obligation* a, const Obligation* b) { return key(a) == key(b); })
         != by_key.end();
}

} // namespace

void render_ical(const std::vector<Item>& items, const Query& query, Sink& out)
{
  auto line = [&](std::string_view text) { out += ical_fold(text); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line(fmt::format("PRODID:-//qicase//qicase {}//EN", k_version));
  line("CALSCALE:GREGORIAN");
  line("X-WR-CALNAME:qicase obligations");
  // DTSTAMP is required; from --as-of so that the same input gives the same bytes.
  const std::string stamp = ical_date(query.as_of) + "T000000Z";
  // UIDs are made unique with a suffix ("-2") where a case and key repeat (duplicate ids); the
  // set that finds them is kept only then, not for every obligation of a clean repository.
  const bool repeats = keys_repeat(items);
  std::set<std::string> uids;
  for (const auto& item : items) {
    const Obligation& o = *item.obligation;
    std::string uid = uid_part(o.case_id()) + "/" + uid_part(o.key) + "@qicase";
    for (int n = 2; repeats && !uids.insert(uid).second; ++n) {
      uid = fmt::format("{}/{}-{}@qicase", uid_part(o.case_id()), uid_part(o.key), n);
    }
    line("BEGIN:VEVENT");
    line("UID:" + ical_escape(uid));
    line("DTSTAMP:" + stamp);
    line("DTSTART;VALUE=DATE:" + ical_date(o.due));
    if (o.due < calendar::Date::last()) {
      line("DTEND;VALUE=DATE:" + ical_date(o.due.plus_days(1))); // else one day by default
    }
    // What a calendar shows of the event: that it is due, the case, what, and for whom.
    const std::string summary = fmt::format("Due: {}: {}{}", o.case_id(), o.what,
                                            o.delegate.empty() ? std::string() : " (" + o.delegate + ")");
    line("SUMMARY:" + ical_escape(summary));
    // Nothing that goes stale: a feed is read on later days than --as-of, so the status and
    // the days left belong to the day of viewing, not to the event.
    std::string description = fmt::format("Due: {}", o.due.str());
    if (!o.delegate.empty()) {
      description += "\nDelegate: " + o.delegate;
    }
    if (!o.owner.empty()) {
      description += "\nOwner: " + o.owner;
    }
    if (!o.note.empty()) {
      description += "\nNote: " + o.note;
    }
    if (!o.clause.empty()) {
      description += "\nClause: " + o.clause;
    }
    description += "\nFile: " + location(o);
    line("DESCRIPTION:" + ical_escape(description));
    line("CATEGORIES:" + ical_escape(o.kind));
    line("TRANSP:TRANSPARENT");
    if (query.alarm_days > 0 && !o.done) {
      line("BEGIN:VALARM");
      line("ACTION:DISPLAY");
      line("DESCRIPTION:" + ical_escape(summary));
      line(fmt::format("TRIGGER;RELATED=START:-P{}D", query.alarm_days));
      line("END:VALARM");
    }
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
}

} // namespace qicase::due

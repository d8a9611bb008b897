// qicase due [PATH...]: every dated obligation across case files, as an agenda or a calendar.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include <cli/commands/commands.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/due/due.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::cli {

namespace {
struct DueOptions
{
  std::vector<std::string> paths;
  std::string from;
  std::string to;
  std::string within;
  std::string soon = "7d";
  std::vector<std::string> kinds;
  std::vector<std::string> statuses;
  std::string owner;
  bool overdue = false;
  bool all = false;
  bool fail_on_overdue = false;
};

// A date option, or a usage error naming it.
bool date_option(Runtime& rt, std::string_view flag, const std::string& text,
                 std::optional<calendar::Date>& out)
{
  if (text.empty()) {
    return true;
  }
  auto parsed = calendar::parse_date(text);
  if (!parsed.date) {
    rt.usage_error(fmt::format("{}: {}", flag, parsed.error));
    return false;
  }
  out = parsed.date;
  return true;
}

bool duration_option(Runtime& rt, std::string_view flag, const std::string& text,
                     std::optional<calendar::Duration>& out)
{
  if (text.empty()) {
    return true;
  }
  auto parsed = calendar::parse_duration(text);
  if (!parsed.duration || parsed.duration->count < 0) {
    rt.usage_error(fmt::format("{} {}: write a duration such as 30d, 2w or 3mo", flag, text));
    return false;
  }
  out = parsed.duration;
  return true;
}

// Reads the window and filters into a query; false after a usage error.
bool make_query(Runtime& rt, const DueOptions& o, due::Query& q)
{
  q.as_of = rt.as_of();
  std::optional<calendar::Date> to;
  std::optional<calendar::Duration> within;
  std::optional<calendar::Duration> soon;
  if (!date_option(rt, "--from", o.from, q.from) || !date_option(rt, "--to", o.to, to)
      || !duration_option(rt, "--within", o.within, within)
      || !duration_option(rt, "--soon", o.soon, soon)) {
    return false;
  }
  if (to && within) {
    rt.usage_error("--to and --within both set the end of the window: give one");
    return false;
  }
  // --within 10bd and --soon 2bw count business days on the --calendar's holidays.
  auto business = [](const std::optional<calendar::Duration>& d) {
    return d && (d->unit == calendar::Unit::business_days || d->unit == calendar::Unit::business_weeks);
  };
  std::shared_ptr<const calendar::Calendar> cal = std::make_shared<calendar::Calendar>();
  Workspace scratch;
  if (business(within) || business(soon)) {
    cal = rt.calendar(scratch);
    if (!cal) {
      return false;
    }
  }
  q.to = to ? *to : cal->add(q.as_of, within ? *within : calendar::Duration{30, calendar::Unit::days});
  q.soon_days = soon ? cal->add(q.as_of, *soon) - q.as_of : 7;
  const auto last_day = calendar::Date::from_ymd(9999, 12, 31); // dates are YYYY-MM-DD
  q.to = std::min(q.to, last_day);
  if (q.from && *q.from > q.to) {
    rt.usage_error(fmt::format("--from {} is after the end of the window ({})", q.from->str(),
                               q.to.str()));
    return false;
  }
  for (const auto& k : o.kinds) {
    if (!is_case_kind(k)) {
      std::vector<std::string_view> kinds;
      for (auto name : known_kinds()) {
        if (is_case_kind(name)) {
          kinds.push_back(name);
        }
      }
      rt.usage_error(fmt::format("--kind {}: not a case kind{}; write one of notice, qcar, cap, "
                                 "actionplan, audit, workplan",
                                 k, did_you_mean(k, kinds)));
      return false;
    }
    q.kinds.push_back(k);
  }
  for (const auto& s : o.statuses) {
    auto state = due::parse_state(s);
    if (!state) {
      rt.usage_error(fmt::format("--status {}: write overdue, due-soon, open or done{}", s,
                                 did_you_mean(s, {"overdue", "due-soon", "open", "done"})));
      return false;
    }
    q.states.push_back(*state);
  }
  if (o.overdue) {
    q.states.push_back(due::State::overdue);
  }
  q.all = o.all;
  q.owner = o.owner;
  return true;
}

} // namespace

void setup_due(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<DueOptions>();
  cmd.add_option("paths", opts->paths, "case files or folders (walked recursively; default .)")
    ->type_name("PATH");
  cmd.add_option("--from", opts->from, "list nothing due before DATE (default: every overdue item)")
    ->type_name("DATE");
  cmd.add_option("--to", opts->to, "list nothing due after DATE (default: --as-of + 30 days)")
    ->type_name("DATE");
  cmd.add_option("--within", opts->within, "the window ends DURATION after --as-of (e.g. 2w)")
    ->type_name("DURATION");
  cmd.add_option("--soon", opts->soon, "due-soon means due within DURATION (default 7d)")
    ->type_name("DURATION");
  cmd.add_option("--kind", opts->kinds, "only these case kinds (repeat, or separate with commas)")
    ->type_name("KIND")
    ->delimiter(',');
  cmd.add_option("--status", opts->statuses,
                 "only these statuses: overdue, due-soon, open, done (repeat or commas)")
    ->type_name("STATUS")
    ->delimiter(',');
  cmd.add_option("--owner", opts->owner, "only obligations whose owner contains TEXT (any case)")
    ->type_name("TEXT");
  cmd.add_flag("--overdue", opts->overdue, "only overdue obligations (--status overdue)");
  cmd.add_flag("--all", opts->all, "also list obligations already met (done)");
  cmd.add_flag("--fail-on-overdue", opts->fail_on_overdue,
               "exit 1 when anything listed is overdue (a CI gate)");
  cmd.callback([&rt, opts] {
    if (rt.options.format == "ics") {
      rt.options.format = "ical";
    }
    if (!rt.prepare({"text", "json", "csv", "markdown", "ical"})) {
      return;
    }
    due::Query query;
    if (!make_query(rt, *opts, query)) {
      return;
    }
    const std::vector<std::string> paths = opts->paths.empty() ? std::vector<std::string>{"."}
                                                               : opts->paths;
    auto results = rt.run_files(paths, "", true, query.to);
    if (!results) {
      return;
    }
    rt.finish(*results);
    const auto items = due::agenda(*results, query);
    if (opts->fail_on_overdue && due::summarize(items).overdue > 0) {
      rt.raise(1);
    }
    if (rt.options.quiet) {
      return;
    }
    const auto& format = rt.options.format;
    if (format == "json") {
      rt.out() << due::render_json(items, query, *results, rt.options.strict);
    } else if (format == "csv") {
      rt.out() << due::render_csv(items);
    } else if (format == "markdown") {
      rt.out() << due::render_markdown(items, query);
    } else if (format == "ical") {
      rt.out() << due::render_ical(items, query);
    } else {
      rt.out() << due::render_text(items, query);
    }
  });
}

} // namespace qicase::cli

// qicase due [PATH...]: every dated obligation across case files, as an agenda or a calendar.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/due/due.hpp>
#include <qicase/workspace/document.hpp>

namespace qicase::cli {

namespace {
struct DueOptions
{
  std::vector<std::string> paths;
  std::string from;
  std::string to;
  std::string within;
  std::string soon; // default: .qicase.yaml's `soon`, else 7d
  std::vector<std::string> kinds;
  std::vector<std::string> statuses;
  std::string owner;
  std::string delegate;
  std::string alarm;
  bool overdue = false;
  bool all = false;
  bool fail_on_overdue = false;
  std::vector<std::string> outputs; // --output FORMAT=FILE
};

// The flags read before the files are loaded; the window's end needs the run's calendar
// (business units of --within and --soon), so it is set by window() once that is resolved.
struct Parsed
{
  std::optional<calendar::Date> to;
  std::optional<calendar::Duration> within;
  std::optional<calendar::Duration> soon;
};

// Reads the flags into a query; false after a usage error.
bool make_query(Runtime& rt, const DueOptions& o, due::Query& q, Parsed& p)
{
  q.as_of = rt.as_of();
  auto optional_date = [&](const std::string& text, std::string_view flag,
                           std::optional<calendar::Date>& out) {
    return text.empty() || (out = rt.date_arg(text, flag)).has_value();
  };
  auto optional_duration = [&](const std::string& text, std::string_view flag,
                               std::optional<calendar::Duration>& out) {
    return text.empty() || (out = rt.duration_arg(text, flag)).has_value();
  };
  if (!optional_date(o.from, "--from", q.from) || !optional_date(o.to, "--to", p.to)
      || !optional_duration(o.within, "--within", p.within) || !(p.soon = rt.soon_arg(o.soon))) {
    return false;
  }
  if (p.to && p.within) {
    rt.usage_error("--to and --within both set the end of the window: give one");
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
      rt.usage_error(fmt::format("--kind {}: not a case kind{}; write one of {}", k, did_you_mean(k, kinds),
                                 fmt::join(kinds, ", ")));
      return false;
    }
    q.kinds.push_back(k);
  }
  for (const auto& s : o.statuses) {
    auto state = due::parse_state(s);
    if (!state) {
      rt.usage_error(fmt::format("--status {}: write overdue, due-soon, open, late or done{}", s,
                                 did_you_mean(s, {"overdue", "due-soon", "open", "late", "done"})));
      return false;
    }
    q.states.push_back(*state);
  }
  if (o.overdue) {
    q.states.push_back(due::State::overdue);
  }
  q.all = o.all;
  q.owner = o.owner;
  if (!o.alarm.empty()) {
    const auto alarm = rt.duration_arg(o.alarm, "--alarm");
    if (!alarm) {
      return false;
    }
    if (alarm->unit != calendar::Unit::days && alarm->unit != calendar::Unit::weeks) {
      rt.usage_error(fmt::format("--alarm {}: an alarm is set in days or weeks before the due date "
                                 "(e.g. 3d, 1w): a calendar app cannot count business days or months",
                                 o.alarm));
      return false;
    }
    q.alarm_days = alarm->unit == calendar::Unit::weeks ? alarm->count * 7 : alarm->count;
  }
  return true;
}

// The window's end and due-soon span on the run's calendar (--within 10bd and --soon 2bw count
// business days on its holidays), and the horizon open-ended schedules are listed to.
bool window(Runtime& rt, const Parsed& p, due::Query& q, Request& request, const Context& ctx)
{
  const auto& cal = *ctx.calendar;
  q.to = p.to ? *p.to : cal.add(q.as_of, p.within ? *p.within : calendar::Duration{30, calendar::Unit::days});
  q.to = std::min(q.to, calendar::Date::last());
  q.soon_days = Runtime::soon_days(ctx, *p.soon); // make_query set it
  if (q.from && *q.from > q.to) {
    rt.usage_error(fmt::format("--from {} is after the end of the window ({})", q.from->str(), q.to.str()));
    return false;
  }
  request.horizon = q.to;
  // Only what the agenda lists is held: 10,000 files' past dates would be most of the memory.
  request.keep_obligation = [q](const Obligation& o) { return due::wanted(o, q); };
  return true;
}

// What the agenda's renderers take: the obligations listed, the query that chose them, and the
// run (the JSON agenda lists each file as `check` does).
struct Agenda
{
  const std::vector<due::Item>& items;
  const due::Query& query;
  const std::vector<check::FileResult>& results;
  bool strict = false;
};

constexpr Format<Agenda> k_due_formats[] = {
  {"text", [](const Agenda& a, Sink& out) { due::render_text(a.items, a.query, out); }},
  {"json", [](const Agenda& a, Sink& out) { due::render_json(a.items, a.query, a.results, a.strict, out); }},
  {"csv", [](const Agenda& a, Sink& out) { due::render_csv(a.items, out); }},
  {"markdown", [](const Agenda& a, Sink& out) { due::render_markdown(a.items, a.query, out); }},
  {"ical", [](const Agenda& a, Sink& out) { due::render_ical(a.items, a.query, out); }},
  {"xlsx", [](const Agenda& a, Sink& out) { due::render_xlsx(a.items, out); }},
};

// The agenda: every obligation of the cases in the window, printed in the run's format.
void run_agenda(Runtime& rt, const DueOptions& opts)
{
  if (rt.options.format == "ics") {
    rt.options.format = "ical";
  }
  if (!rt.prepare(formats_of("due"), opts.paths)) {
    return;
  }
  const auto outputs = rt.outputs(opts.outputs, formats_of("due"));
  if (!outputs) {
    return;
  }
  due::Query query;
  Parsed parsed;
  if (!make_query(rt, opts, query, parsed)) {
    return;
  }
  const std::vector<std::string> paths = opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths;
  // The agenda prints obligations, never a kind's report.
  auto results = rt.run_files(
    paths,
    Request{.obligations = true,
            .keep_reports = false,
            .keep_delegates = !opts.delegate.empty(),
            .pack_trees = true},
    [&](Request& request, const Context& ctx) { return window(rt, parsed, query, request, ctx); });
  if (!results) {
    return;
  }
  rt.finish(*results);
  // --delegate: resolved against the delegates of the run (an id, name or alias; a typo is a
  // usage error, never an empty agenda).
  if (!opts.delegate.empty()) {
    const auto named = rt.delegates_named(*results, opts.delegate);
    if (!named) {
      return;
    }
    for (const auto& d : named->delegates) {
      query.delegates.push_back(d.name);
    }
  }
  const auto items = due::agenda(*results, query);
  if (opts.fail_on_overdue && due::summarize(items).overdue > 0) {
    rt.raise(1);
  }
  rt.emit(Formats<Agenda>(k_due_formats), Agenda{items, query, *results, rt.options.strict}, *outputs,
          *results);
}

} // namespace

void setup_due(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<DueOptions>();
  cmd.add_option("paths", opts->paths, "case files or folders (walked recursively; default .)")
    ->type_name("PATH");
  add_output_option(cmd, opts->outputs, "ical=qicase.ics csv=agenda.csv");
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
    ->delimiter(',')
    ->allow_extra_args(false) // one value an occurrence: `--kind cap PATH` leaves PATH a path
    ->take_all();
  cmd
    .add_option("--status", opts->statuses,
                "only these statuses: overdue, due-soon, open, late, done (repeat or commas)")
    ->type_name("STATUS")
    ->delimiter(',')
    ->allow_extra_args(false)
    ->take_all();
  cmd.add_option("--owner", opts->owner, "only obligations whose owner contains TEXT (any case)")
    ->type_name("TEXT");
  cmd
    .add_option("--delegate", opts->delegate,
                "only obligations of cases about one delegate: its registry id, a name or an alias (else the "
                "delegates whose name or id contains TEXT); none: exit 2")
    ->type_name("TEXT");
  cmd
    .add_option("--alarm", opts->alarm,
                "ical: a reminder DURATION before each open obligation's due date (e.g. 3d, 1w)")
    ->type_name("DURATION");
  cmd.add_flag("--overdue", opts->overdue, "only overdue obligations (--status overdue)");
  cmd.add_flag("--all", opts->all,
               "also list obligations already met (done, and late: met after the due date)");
  cmd.add_flag("--fail-on-overdue", opts->fail_on_overdue,
               "exit 1 when anything listed is overdue (a CI gate)");
  cmd.callback([&rt, opts] { run_agenda(rt, *opts); });
}

} // namespace qicase::cli

// qicase calendar add DATE DURATION | between DATE DATE | holidays YEAR: plain one-line answers.
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/duration.hpp>

namespace qicase::cli {

namespace {

struct CalendarOptions
{
  std::string date;
  std::string duration;
  std::string from;
  std::string to;
  std::string unit = "bd";
  int year = 0;
};

// `calendar add`: DATE + DURATION on the calendar in effect.
void print_sum(Runtime& rt, const CalendarOptions& opts)
{
  if (!rt.prepare(formats_of("calendar"))) {
    return;
  }
  auto start = rt.date_arg(opts.date);
  auto duration = rt.duration_arg(opts.duration, {}, true);
  if (!start || !duration) {
    return;
  }
  Workspace ws;
  auto cal = rt.calendar(ws);
  if (!cal) {
    return;
  }
  const auto end = cal->add(*start, *duration);
  if (!end.in_range()) {
    rt.usage_error(fmt::format("{} + {} falls outside 0001-01-01 to 9999-12-31, the dates qicase "
                               "reads and writes{}",
                               start->str(), opts.duration,
                               duration->unit == calendar::Unit::business_days
                                   || duration->unit == calendar::Unit::business_weeks
                                 ? " (or the calendar has no business day to count)"
                                 : ""));
    return;
  }
  rt.out() << end.str() << "\n";
}

// `calendar between`: business days (or calendar days) from one date to another.
void print_between(Runtime& rt, const CalendarOptions& opts)
{
  if (!rt.prepare(formats_of("calendar"))) {
    return;
  }
  auto from = rt.date_arg(opts.from);
  auto to = rt.date_arg(opts.to);
  if (!from || !to) {
    return;
  }
  if (opts.unit == "d") {
    rt.out() << (*to - *from) << "\n";
    return;
  }
  Workspace ws;
  auto cal = rt.calendar(ws);
  if (!cal) {
    return;
  }
  rt.out() << cal->business_days_between(*from, *to) << "\n";
}

// `calendar holidays`: the days off in a year, observed.
void print_holidays(Runtime& rt, const CalendarOptions& opts)
{
  if (!rt.prepare(formats_of("calendar"))) {
    return;
  }
  Workspace ws;
  auto cal = rt.calendar(ws);
  if (!cal) {
    return;
  }
  for (const auto& h : cal->holidays_in(opts.year)) {
    rt.out() << h.date.str() << "  " << h.name << "\n";
  }
}

} // namespace

void setup_calendar(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<CalendarOptions>();
  cmd.require_subcommand(1);

  auto* add = cmd.add_subcommand("add", "print DATE + DURATION (30d, 10bd, 2w, 2bw, 3mo, 1y; "
                                        "negative goes back)");
  add->add_option("date", opts->date, "start date")->required()->type_name("DATE");
  add->add_option("duration", opts->duration, "duration")->required()->type_name("DURATION");
  add->callback([&rt, opts] { print_sum(rt, *opts); });

  auto* between = cmd.add_subcommand("between", "print the number of business days (or, with "
                                                "--unit d, calendar days) from one date to another");
  between->add_option("from", opts->from, "first date")->required()->type_name("DATE");
  between->add_option("to", opts->to, "second date")->required()->type_name("DATE");
  between->add_option("--unit", opts->unit, "bd (business days, default) or d (calendar days)")
    ->type_name("UNIT")
    ->check(CLI::IsMember({"bd", "d"}));
  between->callback([&rt, opts] { print_between(rt, *opts); });

  auto* holidays = cmd.add_subcommand("holidays", "list the days off in YEAR (observed dates), "
                                                  "one `DATE NAME` a line");
  holidays->add_option("year", opts->year, "year")->required()->type_name("YEAR")->check(CLI::Range(1, 9999));
  holidays->callback([&rt, opts] { print_holidays(rt, *opts); });
}

} // namespace qicase::cli

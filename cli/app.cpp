#include <cli/app.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>

#include <cli/commands/case_command.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/actionplan/actionplan.hpp>
#include <qicase/cap/cap.hpp>
#include <qicase/qcar/qcar.hpp>

namespace qicase::cli {

// One per file in cli/commands/, each beside its row below; a case kind with no option of its
// own needs none (case_command, cli/commands/case_command.hpp).
void setup_check(CLI::App& command, Runtime& runtime);
void setup_notice(CLI::App& command, Runtime& runtime);
void setup_workplan(CLI::App& command, Runtime& runtime);
void setup_audit_score(CLI::App& command, Runtime& runtime);
void setup_due(CLI::App& command, Runtime& runtime);
void setup_evidence(CLI::App& command, Runtime& runtime);
void setup_report(CLI::App& command, Runtime& runtime);
void setup_calendar(CLI::App& command, Runtime& runtime);
void setup_schema(CLI::App& command, Runtime& runtime);
void setup_new(CLI::App& command, Runtime& runtime);
void setup_show(CLI::App& command, Runtime& runtime);
void setup_completion(CLI::App& command, Runtime& runtime);
void setup_diff(CLI::App& command, Runtime& runtime);
void setup_config(CLI::App& command, Runtime& runtime);
void setup_lsp(CLI::App& command, Runtime& runtime);

const std::vector<Command>& commands()
{
  static const std::vector<Command> k_commands = {
    // name        help                                                                setup, formats
    {"check",
     "validate case files of any kind; folders recursively",
     &setup_check,
     {"text", "json", "markdown", "junit", "sarif", "github", "baseline"}},
    {"notice",
     "response deadline and status of notices; --render prints a letter",
     &setup_notice,
     {"text", "json", "markdown", "csv"}},
    {"qcar",
     "remediation deadline, extension, findings covered, evidence of QCARs",
     &case_command<qcar::Qcar, qcar::Result, &qcar::render_text, &qcar::render_markdown, &qcar::render_csv>,
     {"text", "json", "markdown", "csv"}},
    {"cap",
     "per-deficiency status, monitoring reports and escalation of CAPs",
     &case_command<cap::Cap, cap::Result, &cap::render_text, &cap::render_markdown, &cap::render_csv>,
     {"text", "json", "markdown", "csv"}},
    {"actionplan",
     "S.M.A.R.T. goal checks, cycle timeliness, progress and goal attainment",
     &case_command<actionplan::Plan, actionplan::Result, &actionplan::render_text,
                   &actionplan::render_markdown, &actionplan::render_csv>,
     {"text", "json", "markdown", "csv"}},
    {"audit-score",
     "element, standard and total scores, rating, corrective actions; sample sizes",
     &setup_audit_score,
     {"text", "json", "markdown", "csv", "xlsx"}},
    {"workplan",
     "measure status per period, reporting calendar, evaluation, import",
     &setup_workplan,
     {"text", "json", "markdown", "csv"}},
    {"due",
     "every deadline across case files: agenda, csv, markdown, iCalendar",
     &setup_due,
     {"text", "json", "csv", "markdown", "ical", "xlsx"}},
    {"evidence",
     "every document the cases cite: present, pinned by sha256, unchanged",
     &setup_evidence,
     {"text", "json", "csv", "xlsx"}},
    {"report",
     "the oversight portfolio per delegate: one HTML page for the committee, markdown, json",
     &setup_report,
     {"html", "markdown", "json", "xlsx"}},
    {"diff",
     "what changed in a case between two versions (files or git revisions): deadlines, findings, scores, "
     "statuses",
     &setup_diff,
     {"text", "json", "markdown"}},
    {"calendar", "business-day arithmetic: add, between, holidays", &setup_calendar, {"text"}},
    {"schema", "print the JSON Schema of a kind", &setup_schema, {"text"}},
    {"new", "print a starter file of a kind that passes check", &setup_new, {"text"}},
    {"show", "print built-in reference data", &setup_show, {"text"}},
    {"config",
     "print the settings in effect (.qicase.yaml and the command line) and where each comes from",
     &setup_config,
     {"text", "json"}},
    {"completion", "print a shell completion script: bash, zsh or fish", &setup_completion, {"text"}},
    {"lsp",
     "a Language Server Protocol server on stdin/stdout: check's diagnostics in the editor as you type",
     &setup_lsp,
     {"text"}},
  };
  return k_commands;
}

const std::vector<std::string_view>& formats_of(std::string_view command)
{
  for (const auto& c : commands()) {
    if (c.name == command) {
      return c.formats;
    }
  }
  static const std::vector<std::string_view> k_text = {"text"};
  return k_text;
}

namespace {

// The global options, on the app itself.
void setup_globals(CLI::App& app, Runtime& rt)
{
  app.description("qicase: validate health-plan quality oversight case files, compute deadlines, "
                  "scores and statuses.");
  app.set_version_flag("--version", std::string(k_version));
  app.require_subcommand(1);
  app.fallthrough(); // global options also after the command and its files
  auto& o = rt.options;
  app.add_option("--as-of", o.as_of, "the day to judge deadlines against (default: today; env QICASE_AS_OF)")
    ->type_name("DATE");
  app
    .add_option("--format", o.format,
                "text (default) | json | markdown; csv, junit, sarif, github where offered")
    ->type_name("FMT")
    ->each([&o](const std::string&) { o.format_given = true; });
  app
    .add_option("--calendar", o.calendar,
                "business-day calendar: an id or a calendar file (default us-federal)")
    ->type_name("ID|FILE")
    ->each([&o](const std::string&) { o.calendar_given = true; });
  app.add_option("--color", o.color, "auto | always | never (NO_COLOR is honoured)")
    ->type_name("WHEN")
    ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--strict", o.strict, "warnings fail too (exit 1)");
  app.add_flag("-q,--quiet", o.quiet, "diagnostics only: no report on stdout");
  app
    .add_option("--exclude", o.exclude,
                "leave files and folders matching GLOB out of folder walks (repeatable; e.g. drafts, "
                "'cases/archive/**'; a GLOB with / names paths from the repository root)")
    ->type_name("GLOB")
    ->allow_extra_args(false) // one pattern an occurrence: `--exclude drafts PATH` leaves PATH a path
    ->take_all();
  app
    .add_option("--stdin-filename", o.stdin_filename,
                "the case read from `-` is shown as PATH and finds its references from PATH's folder")
    ->type_name("PATH");
  app.add_flag("-v,--verbose", o.verbose,
               "also say which files a folder walk left out (YAML of other tools)");
}

// What `qicase COMMAND --help` adds below the command's own options: the global options, which
// apply to every command (cobra's "Global Flags"), with the formats this command prints.
std::string global_help(const CLI::App& app, const Command& command)
{
  std::string out = "\nGlobal options (before or after the command):\n";
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_lnames().empty() || o->get_lnames().front() == "help"
        || o->get_lnames().front() == "version") {
      continue;
    }
    std::string name;
    for (const auto& s : o->get_snames()) {
      name += "-" + s + ",";
    }
    name += "--" + o->get_lnames().front();
    if (o->get_items_expected_max() > 0) {
      name += " " + o->get_type_name().substr(0, o->get_type_name().find(':'));
    }
    std::string help = o->get_description();
    if (o->get_lnames().front() == "format") {
      help = fmt::format("{} (default) | {}", command.formats.front(),
                         fmt::join(command.formats.begin() + 1, command.formats.end(), " | "));
      if (command.formats.size() == 1) {
        help = "text only";
      }
    }
    out += fmt::format("  {:<22} {}\n", name, help);
  }
  return out;
}

// Every command with its help line; its flags and callback too, unless `only` names another.
void setup_commands(CLI::App& app, Runtime& rt, std::string_view only)
{
  for (const auto& command : commands()) {
    auto* sub = app.add_subcommand(std::string(command.name), std::string(command.help));
    if (only.empty() || command.name == only) {
      command.setup(*sub, rt);
      sub->footer([&app, &command] { return global_help(app, command); });
    }
  }
}

// The command word: the first argument that is neither an option nor a global option's value,
// where CLI11 finds it too. Whether an option takes a value is asked of the app's own global
// options (`--as-of 2024-06-30` does, `--as-of=2024-06-30` and `--strict` do not). None before
// `--` (or none at all: `qicase --help`).
std::optional<std::string_view> command_word(const CLI::App& app, const std::vector<std::string>& args)
{
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--") {
      return std::nullopt;
    }
    if (!a.empty() && a[0] == '-') {
      const CLI::Option* option = a.find('=') == std::string::npos ? app.get_option_no_throw(a) : nullptr;
      if (option != nullptr && option->get_items_expected_min() > 0) {
        ++i;
      }
      continue;
    }
    return a;
  }
  return std::nullopt;
}

// The names (`--format`, `-q`) of the options of `app`; with `nested`, of its subcommands too,
// all the way down.
void option_names(const CLI::App& app, std::vector<std::string>& names, bool nested)
{
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& n : o->get_lnames()) {
      names.push_back("--" + n);
    }
    for (const auto& n : o->get_snames()) {
      names.push_back("-" + n);
    }
  }
  for (const CLI::App* sub : nested ? app.get_subcommands({}) : std::vector<const CLI::App*>{}) {
    option_names(*sub, names, true);
  }
}

// An argument that looks like an option: `-x`, `--xy`, `--xy=v`; not `-`, not `-1d` (a negative
// duration), not after `--`.
bool option_like(std::string_view a)
{
  return a.size() > 1 && a[0] == '-' && !(a[1] >= '0' && a[1] <= '9');
}

// The first option of `args` that neither the global options nor `command` (with its own
// subcommands) know, with a did-you-mean; "" when there is none. `before_command`: only the
// arguments before the command word (where only global options are valid).
std::string unknown_option(const CLI::App& app, std::string_view command,
                           const std::vector<std::string>& args, bool before_command)
{
  std::vector<std::string> names;
  option_names(app, names, false); // the global options
  const CLI::App* sub = nullptr;
  for (const CLI::App* candidate : app.get_subcommands({})) {
    if (!command.empty() && candidate->get_name() == command) {
      sub = candidate;
    }
  }
  if (sub != nullptr && !before_command) {
    option_names(*sub, names, true);
  }
  for (const auto& a : args) {
    if (a == "--" || (before_command && !option_like(a) && a == command)) {
      break;
    }
    if (!option_like(a)) {
      continue;
    }
    const auto name = a.substr(0, a.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      continue;
    }
    std::vector<std::string_view> candidates(names.begin(), names.end());
    return fmt::format(
      "unknown option `{}`{}{}; run `qicase {}--help` for the options", utf8_prefix(name, 40),
      sub != nullptr && !before_command ? " for " + std::string(command) : "", did_you_mean(name, candidates),
      sub != nullptr && !before_command ? std::string(command) + " " : "");
  }
  return {};
}

// "qicase notic x": say which command was meant before CLI11 says something vaguer.
bool unknown_command(std::string_view word, Runtime& rt)
{
  std::vector<std::string_view> names;
  for (const auto& c : commands()) {
    if (c.name == word) {
      return false;
    }
    names.push_back(c.name);
  }
  rt.usage_error(fmt::format("unknown command `{}`{}; run `qicase --help` for the list",
                             utf8_prefix(word, 40), did_you_mean(word, names)));
  return true;
}

} // namespace

void setup_app(CLI::App& app, Runtime& rt, std::string_view only)
{
  setup_globals(app, rt);
  setup_commands(app, rt, only);
}

namespace {

// `--format` given more than once (`--format json ... --format text`): which one is meant is not
// for qicase to guess. The values, in order; fewer than two is fine.
std::vector<std::string> formats_given(const std::vector<std::string>& args)
{
  std::vector<std::string> given;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      break;
    }
    if (args[i] == "--format" && i + 1 < args.size()) {
      given.push_back(args[++i]);
    } else if (args[i].starts_with("--format=")) {
      given.push_back(args[i].substr(9));
    }
  }
  return given;
}

} // namespace

int run(const std::vector<std::string>& args_in, std::ostream& out, std::ostream& err, const Environment& env)
{
  Runtime rt(out, err, env);
  CLI::App app{"qicase", "qicase"};
  setup_globals(app, rt);
  // `qicase` alone prints the help summary; `qicase help [COMMAND]` is `qicase [COMMAND] --help`.
  if (args_in.empty()) {
    setup_commands(app, rt, {});
    out << app.help();
    return 0;
  }
  rt.command_line = "qicase";
  for (const auto& a : args_in) {
    const bool plain = !a.empty()
                       && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_./=:,@%+")
                            == std::string::npos;
    std::string quoted;
    for (char c : a) {
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    rt.command_line += " " + (plain ? a : "'" + quoted + "'");
  }
  std::vector<std::string> args = args_in;
  if (args.front() == "help") {
    args.erase(args.begin());
    args.push_back("--help");
  }
  if (const auto formats = formats_given(args); formats.size() > 1) {
    std::string list;
    for (const auto& f : formats) {
      list += (list.empty() ? "" : ", then ") + escape_controls(utf8_prefix(f, 40));
    }
    rt.usage_error(fmt::format("--format is given {} times ({}): give it once", formats.size(), list));
    return rt.status();
  }
  const auto word = command_word(app, args);
  // `qicase --fromat json check x`: an unknown option before the command would have its value
  // taken for the command word; say what is wrong with the option instead.
  if (const auto bad = unknown_option(app, word.value_or(""), args, true); !bad.empty()) {
    rt.usage_error(bad);
    return rt.status();
  }
  if (word && unknown_command(*word, rt)) {
    return rt.status();
  }
  rt.command = word.value_or("");
  // The one command this run runs; all of them for `completion`, which prints the whole app.
  setup_commands(app, rt, word && *word != "completion" ? *word : std::string_view{});
  // CLI11 wants the arguments in reverse order when given as a vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "qicase " << k_version << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    const auto bad = unknown_option(app, word.value_or(""), args, false);
    rt.usage_error(bad.empty() ? std::string(e.what()) : bad);
    if (bad.empty()) {
      err << "Run `qicase --help` (or `qicase COMMAND --help`) for usage.\n";
    }
    return 2;
  }
  return rt.status();
}

int main(int argc, char** argv)
{
  std::ios::sync_with_stdio(false);
  Environment env;
  env.exiting = true;
  // The only place qicase reads the clock: the local date, the default for --as-of.
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  env.today = fmt::format("{:04d}-{:02d}-{:02d}", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  if (const char* as_of = std::getenv("QICASE_AS_OF")) {
    env.as_of = as_of;
  }
  const char* no_color = std::getenv("NO_COLOR");
  env.no_color = no_color != nullptr && *no_color != '\0';
  // FORCE_COLOR (the Node.js and CI convention): colours even when stderr is not a terminal,
  // e.g. a CI log that renders them; "0" or "false" does not force.
  if (const char* force = std::getenv("FORCE_COLOR")) {
    const std::string_view f(force);
    env.force_color = !f.empty() && f != "0" && f != "false";
  }
  env.stdout_tty = isatty(STDOUT_FILENO) != 0;
  env.stderr_tty = isatty(STDERR_FILENO) != 0;
  const char* github = std::getenv("GITHUB_ACTIONS");
  env.github_actions = github != nullptr && std::string_view(github) == "true";
  env.threads = std::max(1u, std::thread::hardware_concurrency());
  // QICASE_THREADS: how many files to check at once (1 to 256), e.g. 1 for a benchmark's
  // one-core row; anything else is ignored.
  if (const char* threads = std::getenv("QICASE_THREADS")) {
    char* end = nullptr;
    const long n = std::strtol(threads, &end, 10);
    if (end != threads && *end == '\0' && n >= 1 && n <= 256) {
      env.threads = static_cast<unsigned>(n);
    }
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  env.in = &std::cin;
  const int status = run(args, std::cout, std::cerr, env);
  std::cout.flush();
  return status;
}

} // namespace qicase::cli

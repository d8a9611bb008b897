#include <cli/app.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>

#include <cli/commands/commands.hpp>

namespace qicase::cli {

const std::vector<Command>& commands()
{
  static const std::vector<Command> k_commands = {
    // name        help                                                                setup
    {"check",    "validate case files of any kind; folders recursively",             &setup_check},
    {"notice",   "response deadline and status of notices; --render prints a letter", &setup_notice},
    {"qcar",     "remediation deadline, extension, findings covered, evidence of QCARs", &setup_qcar},
    {"cap",      "per-deficiency status, monitoring reports and escalation of CAPs",  &setup_cap},
    {"actionplan", "S.M.A.R.T. goal checks, cycle timeliness, progress and goal attainment", &setup_actionplan},
    {"audit-score", "element, standard and total scores, rating, corrective actions; sample sizes", &setup_audit_score},
    {"workplan", "measure status per period, reporting calendar, evaluation, import", &setup_workplan},
    {"due",      "every deadline across case files: agenda, csv, markdown, iCalendar", &setup_due},
    {"diff",     "what changed in a case between two versions (files or git revisions): deadlines, findings, scores, statuses", &setup_diff},
    {"calendar", "business-day arithmetic: add, between, holidays",                   &setup_calendar},
    {"schema",   "print the JSON Schema of a kind",                                    &setup_schema},
    {"new",      "print a starter file of a kind that passes check",                   &setup_new},
    {"show",     "print built-in reference data",                                      &setup_show},
    {"completion", "print a shell completion script: bash, zsh or fish",               &setup_completion},
  };
  return k_commands;
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
  app.add_option("--format", o.format, "text (default) | json | markdown; csv, junit, sarif, github where offered")
    ->type_name("FMT");
  app.add_option("--calendar", o.calendar, "business-day calendar: an id or a calendar file (default us-federal)")
    ->type_name("ID|FILE");
  app.add_option("--color", o.color, "auto | always | never (NO_COLOR is honoured)")
    ->type_name("WHEN")
    ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--strict", o.strict, "warnings fail too (exit 1)");
  app.add_flag("-q,--quiet", o.quiet, "diagnostics only: no report on stdout");
}

// Every command with its help line; its flags and callback too, unless `only` names another.
void setup_commands(CLI::App& app, Runtime& rt, std::string_view only)
{
  for (const auto& command : commands()) {
    auto* sub = app.add_subcommand(std::string(command.name), std::string(command.help));
    if (only.empty() || command.name == only) {
      command.setup(*sub, rt);
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
      const CLI::Option* option =
        a.find('=') == std::string::npos ? app.get_option_no_throw(a) : nullptr;
      if (option != nullptr && option->get_items_expected_min() > 0) {
        ++i;
      }
      continue;
    }
    return a;
  }
  return std::nullopt;
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


int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const Environment& env)
{
  Runtime rt(out, err, env);
  CLI::App app{"qicase", "qicase"};
  setup_globals(app, rt);
  const auto word = command_word(app, args);
  if (word && unknown_command(*word, rt)) {
    return rt.status();
  }
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
    rt.usage_error(e.what());
    err << "Run `qicase --help` (or `qicase COMMAND --help`) for usage.\n";
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
  env.stdout_tty = isatty(STDOUT_FILENO) != 0;
  env.stderr_tty = isatty(STDERR_FILENO) != 0;
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
  const int status = run(args, std::cout, std::cerr, env);
  std::cout.flush();
  return status;
}

} // namespace qicase::cli

#pragma once

#include <algorithm>
#include <functional>
#include <iosfwd>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/check/baseline.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/sink.hpp>
#include <qicase/core/text.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/reference/rubric.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/request.hpp>
#include <qicase/workspace/shown.hpp>

#include <cli/config.hpp>

namespace qicase::cli {

// What the process gives qicase besides arguments; read once in main().
struct Environment
{
  std::string today;        // local date, YYYY-MM-DD
  std::string as_of;        // QICASE_AS_OF, if set
  bool no_color = false;    // NO_COLOR set and not empty
  bool force_color = false; // FORCE_COLOR set, not empty, "0" or "false"
  bool stdout_tty = false;
  bool stderr_tty = false;
  bool github_actions = false; // GITHUB_ACTIONS=true: a GitHub Actions job
  std::istream* in = nullptr;  // standard input, for the path `-` (none: `-` is refused)
  unsigned threads = 1;
  // The process ends right after this run (main(), not a test): the documents of the run are
  // left to the exit instead of freed one by one (see ~Runtime).
  bool exiting = false;
};

// Global options (spec "Commands"): valid before or after the command and its files.
struct GlobalOptions
{
  std::string as_of;
  std::string format = "text";
  bool format_given = false; // --format was on the command line
  bool calendar_given = false;
  std::string calendar = "us-federal";
  std::string color = "auto";
  bool strict = false;
  bool quiet = false;
  bool verbose = false;
  std::vector<std::string> exclude; // globs left out of folder walks
  std::string stdin_filename;       // the name the case read from `-` is shown and found by
};

// A stream buffer that passes what is written on to `target` with its control characters made
// visible (escape_controls; `controls` false: as they are, for stderr, whose colours are
// qicase's own and whose case text diagnostic_line() already escaped), and through a
// WorkflowGuard, so that no line of any format begins with `::` or holds `##[` from case text (a
// CI runner would obey it). JSON, SARIF, XML and iCalendar pass escape_controls unchanged (they
// escape their own controls; CRLF line ends are kept).
class EscapingBuffer : public std::streambuf
{
public:
  explicit EscapingBuffer(std::streambuf* target, bool controls = true)
    : m_target(target), m_controls(controls)
  {}
  EscapingBuffer(const EscapingBuffer&) = delete;
  EscapingBuffer& operator=(const EscapingBuffer&) = delete;
  ~EscapingBuffer() override { finish(); }
  // Writes out what waits for the next piece (a trailing CR, a partial UTF-8 sequence, a held
  // `:` or `#`).
  void finish();
  // The output's format from now on (Runtime::prepare): how the guard escapes, and whether
  // lines may begin with `::` (the `github` format's own annotations).
  void guard(WorkflowGuard::Style style, bool own_annotations) { m_guard.set(style, own_annotations); }
  std::streambuf* target() const { return m_target; }

protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int_type overflow(int_type c) override;
  int sync() override;

private:
  void pass(bool last);
  std::streambuf* m_target;
  bool m_controls;
  WorkflowGuard m_guard;
  std::string m_pending;
  std::string m_escaped;
  std::string m_guarded;
};

// One format a command prints, a row of the command's table: its name, its renderer over what
// the command's run gave (`P`), and whether it shows the cases' JSON reports (the run builds
// them only when --format or an --output asks for a format that does).
//
// A renderer either returns its text or writes it into a `Sink` as it goes (the formats whose
// output grows with the run: it reaches standard output or the file in chunks, never whole).
// A format whose output is bytes, not text (an .xlsx workbook): written as it is (no filter of
// control characters), and never to a terminal.
inline bool binary_format(std::string_view format)
{
  return format == "xlsx";
}
inline constexpr std::string_view k_binary_on_terminal =
  "a workbook is binary: write it to a file with --output xlsx=FILE, or redirect standard output to one";

template <class P> struct Format
{
  using Render = std::string (*)(const P&);
  using Write = void (*)(const P&, Sink&);
  constexpr Format(std::string_view n, Render r, bool shows_reports = false)
    : name(n), render(r), reports(shows_reports)
  {}
  constexpr Format(std::string_view n, Write w, bool shows_reports = false)
    : name(n), write(w), reports(shows_reports)
  {}
  // The product in this format, into `out`.
  void to(const P& product, Sink& out) const
  {
    if (write != nullptr) {
      write(product, out);
    } else {
      out += render(product);
    }
  }
  std::string_view name;
  Render render = nullptr;
  Write write = nullptr;
  bool reports = false;
};
template <class P> using Formats = std::span<const Format<P>>;

class Runtime
{
public:
  Runtime(std::ostream& out, std::ostream& err, const Environment& env)
    : m_out_buffer(out.rdbuf()), m_out(&m_out_buffer), m_err_buffer(err.rdbuf(), /*controls=*/false),
      m_err(&m_err_buffer), m_env(env)
  {}
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  GlobalOptions options;
  std::string command;      // the command word of this run ("check", "due", ...)
  std::string command_line; // the whole command line as given, quoted for a shell (SARIF)

  // .qicase.yaml as read by prepare() (empty before, or when there is none).
  const Config& config() const { return m_config; }

  std::ostream& out() { return m_out; }
  // Standard output as it is, without the filter of out(): for `lsp`, whose JSON-RPC messages
  // are counted in bytes by their headers (their JSON escapes its own control characters).
  std::streambuf* protocol_out() { return m_out_buffer.target(); }
  std::ostream& err() { return m_err; }
  const Environment& env() const { return m_env; }
  bool color() const { return m_color; }
  calendar::Date as_of() const { return m_as_of; }
  // The day the next run is judged on, when the command decides it (`report --to`: a period is
  // judged as of its last day; its start, the day before it began).
  void judge_on(calendar::Date day) { m_as_of = day; }
  unsigned threads() const { return m_env.threads; }

  // Resolves --as-of, --color and checks --format against what the command offers. On a usage
  // error prints it and sets status 2; returns false.
  // `paths`: the files or folders the command reads: .qicase.yaml is the one of their repository
  // (the nearest from the first of them that is on disk, up to its root), whatever folder qicase
  // runs in; with none, the current folder's.
  bool prepare(const std::vector<std::string_view>& formats, const std::vector<std::string>& paths = {});

  // The business-day calendar of --calendar (parsed once). Null after reporting a problem.
  std::shared_ptr<const calendar::Calendar> calendar(Workspace& workspace);

  void usage_error(std::string_view message);
  // `--output FORMAT=FILE`: `text` rendered in `format` written to FILE through the filter that
  // standard output has (controls shown, no CI workflow command). False after a usage error.
  bool write_output(const std::string& file, std::string_view format,
                    const std::function<void(Sink&)>& write);
  // How the output of `format` escapes what a CI log would take for a command.
  static WorkflowGuard::Style guard_style(std::string_view format);
  // `--output FORMAT=FILE` specs, checked before the run: each FORMAT one `formats` holds and not
  // one of `refused`. Nullopt after a usage error.
  struct Output
  {
    std::string format;
    std::string file;
  };
  std::optional<std::vector<Output>> outputs(const std::vector<std::string>& specs,
                                             const std::vector<std::string_view>& formats,
                                             const std::vector<std::string_view>& refused = {});
  // Writes each output, `render(format, sink)`, never over a file the run read (`results`).
  // False after a usage error.
  bool write_outputs(const std::vector<Output>& outputs, const std::vector<check::FileResult>& results,
                     const std::function<void(std::string_view, Sink&)>& render);
  // A DATE or DURATION argument; on a bad one prints a usage error (prefixed with `label`, the
  // flag, when given) and returns nullopt.
  std::optional<calendar::Date> date_arg(const std::string& text, std::string_view label = {});
  // `--soon` of due and report: the flag, else `soon:` of .qicase.yaml, else 7d (a usage error
  // and nullopt when malformed).
  std::optional<calendar::Duration> soon_arg(const std::string& given);
  // How many days `soon` reaches from --as-of on the run's calendar (2bw counts its holidays).
  static long soon_days(const Context& ctx, calendar::Duration soon);
  std::optional<calendar::Duration> duration_arg(const std::string& text, std::string_view label = {},
                                                 bool allow_negative = false);
  void raise(int status) { m_status = std::max(m_status, status); }
  // The case read from standard input (the path `-`), at most the file limit, shown and resolved
  // as --stdin-filename says ("<stdin>" from the working folder without it). Null after a usage
  // error (`-` given twice, or no standard input).
  std::shared_ptr<Document> read_stdin();
  int status() const { return m_status; }

  // Runs `request` over the files of `paths` (`-`: standard input): loads them, resolves the
  // calendar, takes the policy of .qicase.yaml and resolves request.rubric, lets `finish_request`
  // complete the request once the calendar is known (due's window counts business days; false
  // stops the run: it printed a usage error), checks every file (check::run) and applies the
  // baselines. Prints nothing but path and configuration problems; returns the results, path
  // problems first. The one path of every command that reads case files.
  using FinishRequest = std::function<bool(Request&, const Context&)>;
  std::optional<std::vector<check::FileResult>>
  run_files(const std::vector<std::string>& paths, Request request, const FinishRequest& finish_request = {});
  // One document through the same run (`diff`'s versions, each read from a file or a revision):
  // its folder's references, the configured policy and calendar, the baselines. Null after a
  // problem was printed.
  std::optional<check::FileResult> run_document(std::shared_ptr<Document> doc, Request request);
  // The folders run_document() resolves references in are kept here from one run to the next
  // (`qicase lsp`): each file parsed once, read again when it changes (Folders).
  void keep_folders(std::shared_ptr<Folders> folders) { m_kept_folders = std::move(folders); }
  const std::shared_ptr<Folders>& kept_folders() const { return m_kept_folders; }
  // Documents read from elsewhere than the disk (`diff`'s revisions, each a whole repository read
  // from git) through the same run. `folders` false: their references resolve among them and the
  // built-ins only (Workspace). Null after a problem was printed.
  // `settings`: the version's own configuration and baseline (a revision's, read from git), in
  // place of the working tree's.
  struct Settings
  {
    Config config;                           // its .qicase.yaml ("" path: it has none)
    std::optional<check::Baseline> baseline; // the baseline it names, read
  };
  // `settle`: each file's result as the run completes it (check::run), before the baselines.
  std::optional<std::vector<check::FileResult>> run_documents(std::vector<std::shared_ptr<Document>> docs,
                                                              Request request, bool folders,
                                                              const Settings* settings = nullptr,
                                                              const check::Settle& settle = {});
  // The results of `kind` as its renderers take them (qicase::Shown): path, id, findings, and
  // the typed reading and result the run kept (keep_typed).
  template <class T, class R>
  static std::vector<Shown<T, R>> shown(const std::vector<check::FileResult>& results, std::string_view kind)
  {
    std::vector<Shown<T, R>> out;
    for (const auto& r : results) {
      if (!r.doc || r.doc->kind != kind) {
        continue;
      }
      static const Found k_nothing;
      Shown<T, R> s{r.path, r.doc->id, nullptr, nullptr, r.found ? *r.found : k_nothing};
      if (const auto* typed = check::typed_as<T, R>(r)) {
        s.read = typed->read.get();
        s.result = &typed->result;
      }
      out.push_back(std::move(s));
    }
    return out;
  }
  // Whether `formats` has a row for the format `name`.
  template <class P> static bool offers(Formats<P> formats, std::string_view name)
  {
    return find_format(formats, name) != nullptr;
  }
  // Whether a run printed in --format and written to `outputs` shows the cases' JSON reports.
  template <class P> bool shows_reports(Formats<P> formats, const std::vector<Output>& outputs = {}) const
  {
    const auto reports = [&](std::string_view name) {
      const auto* f = find_format(formats, name);
      return f != nullptr && f->reports;
    };
    return reports(options.format)
           || std::any_of(outputs.begin(), outputs.end(), [&](const Output& o) { return reports(o.format); });
  }
  // The end of every command's run: each of `outputs` written (never over a file of `results`),
  // then, unless --quiet, the run in --format on standard output, each by its row of `formats`
  // over `product`.
  template <class P>
  void emit(Formats<P> formats, const P& product, const std::vector<Output>& outputs = {},
            const std::vector<check::FileResult>& results = {})
  {
    const auto render = [&](std::string_view name, Sink& out) {
      const auto* f = find_format(formats, name);
      if (f != nullptr) {
        f->to(product, out);
      } else {
        out += no_renderer(name);
      }
    };
    if (!write_outputs(outputs, results, render) || options.quiet) {
      return;
    }
    if (binary_format(options.format)) { // bytes as they are, never to a terminal
      if (m_env.stdout_tty) {
        usage_error(fmt::format("--format {}: {}", options.format, k_binary_on_terminal));
        return;
      }
      std::ostream raw(protocol_out());
      Sink out([&raw](std::string_view chunk) { raw << chunk; });
      render(options.format, out);
      return;
    }
    Sink out([this](std::string_view chunk) { m_out << chunk; });
    render(options.format, out);
  }

  // `--delegate TEXT` of `report` and `due` (check::delegates_named): the delegates of `results`
  // it names; none: a usage error with "did you mean" (exit 2), and nullopt. A typo must not
  // print an empty packet that reads as all clear.
  std::optional<check::DelegatesNamed> delegates_named(const std::vector<check::FileResult>& results,
                                                       const std::string& text);

  // Prints the problems of a configuration or baseline (file:line:col) and, when one is an
  // error, raises status 2: false then, nothing can be run under it.
  bool configuration_usable(const Diagnostics& problems);
  // "qicase: note: LINE" on stderr, once per process: a command that runs its files twice
  // (`report --from`) says each thing once.
  void note(const std::string& line);

  // Prints the diagnostics of `results` to stderr and raises the status.
  void finish(const std::vector<check::FileResult>& results);

  // Known findings (qicase-check(1), BASELINE): run_files() marks each finding new or
  // unchanged against the baseline of `check --baseline` (Request::baseline), else, for each
  // file, the `baseline` of its repository's .qicase.yaml (wherever qicase runs), so known
  // findings neither fail a command nor fill its stderr; reports still carry them.
  // The baselines applied (", "-joined; "" when none) and their known findings no longer found
  // among the files of the run.
  const std::string& baseline_path() const { return m_baseline_path; }
  const std::vector<check::BaselineEntry>& baseline_absent() const { return m_baseline_absent; }

  // The common path of a kind's command: checks --format against `formats`, runs `request`
  // over the files keeping each case typed, or, when `reports` (the format shows the JSON
  // reports), each case's report instead, and prints the diagnostics. Null after a problem was
  // printed.
  std::optional<std::vector<check::FileResult>> kind_command(const std::vector<std::string>& files,
                                                             Request request,
                                                             const std::vector<std::string_view>& formats,
                                                             const std::function<bool()>& reports);

  // The rubric `name` (an id or a file) of --rubric, read once into `ws`'s cache, where the
  // audits' scoring finds it (Context::rubric). Its problems are printed (its warnings only
  // when `warnings`); an error raises exit 2 and gives null. `named` keeps a file read from
  // disk.
  std::shared_ptr<const reference::Rubric> rubric(Workspace& ws, const std::string& name, bool warnings,
                                                  reference::Named& named);

private:
  template <class P> static const Format<P>* find_format(Formats<P> formats, std::string_view name)
  {
    for (const auto& f : formats) {
      if (f.name == name) {
        return &f;
      }
    }
    return nullptr;
  }
  // A format commands() lists for the command with no row in its table: a bug, said as one
  // (exit 2), never an empty success.
  std::string no_renderer(std::string_view format);
  // prepare()'s parts: .qicase.yaml read once and applied under the command line (false: its
  // errors, exit 2); the format asked for, the configured or the command's default, checked
  // against what it prints (false: a usage error).
  bool apply_config(const std::vector<std::string_view>& formats, const std::vector<std::string>& paths);
  bool pick_format(const std::vector<std::string_view>& formats);

  EscapingBuffer m_out_buffer;
  std::ostream m_out;
  EscapingBuffer m_err_buffer;
  std::ostream m_err;
  const Environment& m_env;
  bool m_color = false;
  Config m_config;
  bool m_config_loaded = false;
  bool m_stdin_read = false;
  calendar::Date m_as_of;
  int m_status = 0;
  std::vector<check::FileResult> m_path_problems;
  std::string m_baseline_path;
  std::vector<check::BaselineEntry> m_baseline_absent;
  // Reads a baseline; none after printing why it cannot be used (status 2).
  std::optional<check::Baseline> read_baseline(const std::string& path);
  // qicase's own files named on the command line (as a pre-commit hook names every staged YAML
  // file): a .qicase.yaml is checked as the configuration, a baseline (`qicase-baseline:`) as a
  // baseline, not refused for having no `kind:`.
  void own_files(std::vector<check::FileResult>& results);
  // Applies the baselines to the results of a run; false after a baseline could not be used.
  bool apply_baselines(std::vector<check::FileResult>& results, const Request& request);
  // The context of a run over `workspace` (kept in m_context): the run's as-of, the calendar,
  // the configured policy, the request (kept in m_request) and its rubric. False after a
  // problem was printed.
  // `config`: the configuration whose policy and require-pinned-evidence the run takes (null:
  // the one prepare() read).
  bool make_context(Workspace& workspace, std::shared_ptr<const calendar::Calendar> cal, Request request,
                    const Config* config = nullptr);
  // run_document()'s calendar, resolved once for every version (no case file defines it).
  std::shared_ptr<const calendar::Calendar> m_document_calendar;
  std::shared_ptr<Folders> m_kept_folders;
  Request m_request;
  std::set<std::string> m_noted;           // note() lines said
  std::shared_ptr<Document> m_rubric_file; // a --rubric file, alive for the run
  std::unique_ptr<Workspace> m_workspace;
  std::unique_ptr<Context> m_context;

public:
  // The context of the last run_files(), alive until the runtime ends (for renderers that
  // re-read a case, such as `notice --render`).
  Context* context() { return m_context.get(); }
};

} // namespace qicase::cli

#include <cli/runtime.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include <qicase/core/file.hpp>
#include <qicase/core/text.hpp>
#include <qicase/reference/calendar_file.hpp>
#include <qicase/report/render.hpp>
#include <qicase/workspace/document.hpp>

namespace qicase::cli {

void EscapingBuffer::pass(bool last)
{
  m_escaped.clear();
  std::size_t taken = m_pending.size();
  if (m_controls) {
    taken = escape_controls_to(m_escaped, m_pending, last);
  } else {
    m_escaped = m_pending;
  }
  m_pending.erase(0, taken);
  m_guarded.clear();
  m_guard.feed(m_escaped, m_guarded);
  if (last) {
    m_guard.end(m_guarded);
  }
  m_target->sputn(m_guarded.data(), static_cast<std::streamsize>(m_guarded.size()));
}

std::streamsize EscapingBuffer::xsputn(const char* s, std::streamsize n)
{
  // Most output is printable ASCII with line breaks and no `#`: passed on as it is, without a
  // copy.
  const std::string_view piece(s, static_cast<std::size_t>(n));
  if (m_pending.empty() && (!m_controls || terminal_safe(piece)) && m_guard.passes(piece)) {
    m_target->sputn(s, n);
    return n;
  }
  // In pieces of a chunk, so that the copies the filter makes stay that small however much is
  // written at once.
  for (std::size_t at = 0; at < piece.size(); at += Sink::k_chunk) {
    m_pending.append(piece.substr(at, Sink::k_chunk));
    pass(false);
  }
  return n;
}

EscapingBuffer::int_type EscapingBuffer::overflow(int_type c)
{
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
  }
  return traits_type::not_eof(c);
}

int EscapingBuffer::sync()
{
  return m_target->pubsync();
}

void EscapingBuffer::finish()
{
  pass(true);
  m_target->pubsync();
}

std::shared_ptr<Document> Runtime::read_stdin()
{
  if (m_stdin_read || m_env.in == nullptr) {
    usage_error("`-` reads one case from standard input: give it once");
    return nullptr;
  }
  m_stdin_read = true;
  // At most the file limit and one byte more (so that a larger input says so), never more.
  const std::size_t limit = yaml::Limits{}.max_bytes + 1;
  std::string text(limit, '\0');
  m_env.in->read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(m_env.in->gcount()));
  const std::string& name = options.stdin_filename;
  const std::string folder =
    std::filesystem::path(absolute_path(name.empty() ? "stdin.yaml" : name)).parent_path().string();
  return parse_document(name.empty() ? "<stdin>" : name, folder, text);
}

void Runtime::usage_error(std::string_view message)
{
  // Messages quote arguments and file names: shown, never obeyed by the terminal.
  m_err << "qicase: error: " << escape_line(message) << "\n";
  raise(2);
}

std::optional<calendar::Date> Runtime::date_arg(const std::string& text, std::string_view label)
{
  auto parsed = calendar::parse_date(text);
  if (!parsed.date) {
    usage_error(label.empty() ? parsed.error : fmt::format("{}: {}", label, parsed.error));
  }
  return parsed.date;
}

std::optional<calendar::Duration> Runtime::soon_arg(const std::string& given)
{
  return duration_arg(!given.empty() ? given : m_config.soon ? m_config.soon->value : "7d", "--soon");
}

long Runtime::soon_days(const Context& ctx, calendar::Duration soon)
{
  return ctx.calendar->add(ctx.as_of, soon) - ctx.as_of;
}

std::optional<calendar::Duration> Runtime::duration_arg(const std::string& text, std::string_view label,
                                                        bool allow_negative)
{
  auto parsed = calendar::parse_duration(text, allow_negative);
  if (!parsed.duration) {
    usage_error(label.empty() ? parsed.error : fmt::format("{}: {}", label, parsed.error));
  }
  return parsed.duration;
}

bool Runtime::apply_config(const std::vector<std::string_view>& formats,
                           const std::vector<std::string>& paths)
{
  // .qicase.yaml: defaults the command line overrides (qicase-config(5)); read once, from the
  // repository of the files the command reads (where their baseline is found too).
  if (m_config_loaded) {
    return true;
  }
  m_config_loaded = true;
  Diagnostics diags;
  std::error_code ec;
  std::string from = std::filesystem::current_path(ec).string();
  for (const auto& p : paths) {
    if (p == "-" || p.empty()) {
      continue;
    }
    const std::filesystem::path path(p);
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) {
      from = std::filesystem::absolute(path, ec).lexically_normal().string();
      break;
    }
    if (std::filesystem::exists(status)) {
      from = std::filesystem::absolute(path, ec).lexically_normal().parent_path().string();
      break;
    }
  }
  m_config = load_config(from, diags);
  if (!configuration_usable(diags)) {
    return false;
  }
  if (!options.calendar_given && m_config.calendar) {
    options.calendar = m_config.calendar->value;
  }
  std::vector<std::string> exclude;
  for (const auto& e : m_config.exclude) {
    exclude.push_back(e.value);
  }
  exclude.insert(exclude.end(), options.exclude.begin(), options.exclude.end());
  options.exclude = std::move(exclude);
  // A command's default format, where this part of it prints that format (`workplan import`
  // prints text whatever `format: {workplan: csv}` says).
  if (auto it = m_config.format.find(command);
      !options.format_given && it != m_config.format.end()
      && std::find(formats.begin(), formats.end(), it->second.value) != formats.end()) {
    options.format = it->second.value;
    options.format_given = true;
  }
  return true;
}

bool Runtime::pick_format(const std::vector<std::string_view>& formats)
{
  // A command's default format is the first it lists (text; html for `report`), as its --help says.
  if (!options.format_given && !formats.empty()) {
    options.format = std::string(formats.front());
  }
  // In a GitHub Actions job, a command that can annotate the pull request does so unless a
  // format is asked for (as yamllint does).
  if (m_env.github_actions && !options.format_given
      && std::find(formats.begin(), formats.end(), "github") != formats.end()) {
    options.format = "github";
  }
  bool known = false;
  std::string list;
  for (auto f : formats) {
    known = known || f == options.format;
    list += (list.empty() ? "" : ", ") + std::string(f);
  }
  if (!known) {
    usage_error(fmt::format("--format {}: this command prints {}", options.format, list));
    return false;
  }
  // How the output escapes what a CI log would take for a command (WorkflowGuard).
  m_out_buffer.guard(guard_style(options.format), /*own_annotations=*/options.format == "github");
  return true;
}

WorkflowGuard::Style Runtime::guard_style(std::string_view f)
{
  using Style = WorkflowGuard::Style;
  return f == "json" || f == "sarif"                      ? Style::json
         : f == "junit" || f == "html" || f == "markdown" ? Style::markup
         : f == "ical"                                    ? Style::ical
                                                          : Style::text;
}

std::optional<std::vector<Runtime::Output>> Runtime::outputs(const std::vector<std::string>& specs,
                                                             const std::vector<std::string_view>& formats,
                                                             const std::vector<std::string_view>& refused)
{
  std::vector<Output> out;
  std::string offered;
  for (auto f : formats) {
    if (std::find(refused.begin(), refused.end(), f) == refused.end()) {
      offered += (offered.empty() ? "" : ", ") + std::string(f);
    }
  }
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    std::string format = spec.substr(0, eq);
    if (format == "ics") {
      format = "ical";
    }
    const std::string file = eq == std::string::npos ? std::string() : spec.substr(eq + 1);
    if (eq == std::string::npos || file.empty()
        || std::find(formats.begin(), formats.end(), format) == formats.end()
        || std::find(refused.begin(), refused.end(), format) != refused.end()) {
      usage_error(fmt::format("--output {}: write FORMAT=FILE, FORMAT one of {}",
                              escape_line(utf8_prefix(spec, 80)), offered));
      return std::nullopt;
    }
    out.push_back({format, file});
  }
  return out;
}

bool Runtime::write_outputs(const std::vector<Output>& outputs, const std::vector<check::FileResult>& results,
                            const std::function<void(std::string_view, Sink&)>& render)
{
  for (const auto& o : outputs) {
    std::error_code ec;
    const bool read_by_run = std::filesystem::exists(o.file, ec)
                             && std::any_of(results.begin(), results.end(), [&](const check::FileResult& r) {
                                  return !r.path.empty() && std::filesystem::equivalent(r.path, o.file, ec);
                                });
    if (read_by_run) {
      usage_error(fmt::format("--output {}={}: that is a file this run reads; name another", o.format,
                              escape_line(o.file)));
      return false;
    }
    if (!write_output(o.file, o.format, [&](Sink& out) { render(o.format, out); })) {
      return false;
    }
  }
  return true;
}

bool Runtime::write_output(const std::string& file, std::string_view format,
                           const std::function<void(Sink&)>& write)
{
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  if (stream && binary_format(format)) {
    Sink sink([&stream](std::string_view chunk) {
      stream.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    });
    write(sink);
  } else if (stream) {
    // The same filter as standard output: a file of a CI step is often printed into its log.
    EscapingBuffer buffer(stream.rdbuf());
    buffer.guard(guard_style(format), format == "github");
    std::ostream out(&buffer);
    {
      Sink sink([&out](std::string_view chunk) { out << chunk; });
      write(sink);
    }
    buffer.finish();
  }
  stream.close();
  if (!stream) {
    usage_error(fmt::format("--output {}={}: cannot write the file", format, escape_line(file)));
    return false;
  }
  return true;
}

bool Runtime::prepare(const std::vector<std::string_view>& formats, const std::vector<std::string>& paths)
{
  if (!apply_config(formats, paths)) {
    return false;
  }
  // "today" is read once, in main(); --as-of beats QICASE_AS_OF beats the local date.
  std::string as_of = options.as_of;
  std::string source = "--as-of";
  if (as_of.empty()) {
    as_of = m_env.as_of;
    source = "QICASE_AS_OF";
  }
  if (as_of.empty()) {
    as_of = m_env.today;
    source = "today";
  }
  auto parsed = date_arg(as_of, source);
  if (!parsed) {
    return false;
  }
  m_as_of = *parsed;

  if (options.color == "always") {
    m_color = true;
  } else if (options.color == "never") {
    m_color = false;
  } else {
    // --color beats FORCE_COLOR, which beats NO_COLOR and the terminal test.
    m_color = m_env.force_color || (m_env.stderr_tty && !m_env.no_color);
  }
  return pick_format(formats);
}

std::shared_ptr<const calendar::Calendar> Runtime::calendar(Workspace& workspace)
{
  Diagnostics diags(options.calendar);
  auto cal = reference::calendar_by_name(workspace, options.calendar, diags);
  for (const auto& d : diags.items()) {
    m_err << report::diagnostic_line(d, m_color);
  }
  if (!cal || diags.has_errors()) {
    raise(2);
    return nullptr;
  }
  return cal;
}

bool Runtime::make_context(Workspace& workspace, std::shared_ptr<const calendar::Calendar> cal,
                           Request request, const Config* config)
{
  if (!cal) {
    return false;
  }
  const Config& settings = config != nullptr ? *config : m_config;
  m_request = std::move(request);
  m_request.require_pinned = settings.require_pinned && settings.require_pinned->value == "true";
  m_context = std::make_unique<Context>(Context{workspace, m_as_of, std::move(cal), "lre-4.9a", m_request});
  if (settings.policy) {
    m_context->policy = settings.policy->value;
  }
  if (!m_request.rubric.empty()) {
    // --rubric: every audit is scored against that rubric instead of its own, set before any
    // audit is read.
    reference::Named named;
    if (!rubric(workspace, m_request.rubric, /*warnings=*/true, named)) {
      return false;
    }
    m_rubric_file = named.owned;
    m_context->rubric = named.doc;
  }
  return true;
}

std::optional<std::vector<check::FileResult>> Runtime::run_files(const std::vector<std::string>& paths,
                                                                 Request request,
                                                                 const FinishRequest& finish_request)
{
  // `-`: one case from standard input (the eslint/prettier convention), shown and resolved as
  // --stdin-filename says.
  std::vector<std::string> on_disk;
  std::shared_ptr<Document> from_stdin;
  for (const auto& p : paths) {
    if (p != "-") {
      on_disk.push_back(p);
    } else if (!(from_stdin = read_stdin())) {
      return std::nullopt;
    }
  }
  if (!from_stdin && !options.stdin_filename.empty()) {
    usage_error("--stdin-filename names the case read from `-`: give `-` among the paths");
    return std::nullopt;
  }
  const std::string stdin_shown = from_stdin ? from_stdin->path : std::string();
  auto collected = check::collect_paths(on_disk, options.exclude);
  m_path_problems = std::move(collected.missing);
  if (options.verbose) {
    for (const auto& pattern : collected.unused_excludes) {
      note("--exclude " + escape_line(pattern)
           + ": left nothing out (a pattern with a `/` names paths from the repository's root)");
    }
  }
  for (const auto& folder : collected.too_deep) {
    note(escape_line(folder)
         + ": left out: more than 64 folders below the folder given (name it to check it)");
  }
  auto docs = check::load_all(collected.files, threads(), request.pack_trees);
  if (from_stdin) {
    docs.push_back(std::move(from_stdin));
  }
  m_workspace = std::make_unique<Workspace>(std::move(docs), threads());
  std::vector<std::string>().swap(collected.files); // each document has its path now
  request.named.clear();
  for (const auto& p : paths) {
    request.named.push_back(p == "-" ? stdin_shown : p);
  }
  // A command keeps a case's report only to write it as JSON: kept as its text.
  request.reports_as_text = request.keep_reports;
  if (!make_context(*m_workspace, calendar(*m_workspace), std::move(request))) {
    return std::nullopt;
  }
  Context& ctx = *m_context;
  if (finish_request && !finish_request(m_request, ctx)) {
    return std::nullopt;
  }
  auto run = check::run(ctx, threads());
  own_files(run.results);
  if (!apply_baselines(run.results, m_request)) {
    return std::nullopt;
  }
  if (options.verbose) {
    for (const auto& path : run.skipped) {
      note(escape_line(path) + ": left out: YAML that declares no qicase kind (name the file to check it)");
    }
  }
  // Path problems first, in the order given; then the files.
  std::vector<check::FileResult> all = std::move(m_path_problems);
  if (all.empty()) {
    return std::move(run.results);
  }
  all.reserve(all.size() + run.results.size());
  for (auto& r : run.results) {
    all.push_back(std::move(r));
  }
  return all;
}

void Runtime::own_files(std::vector<check::FileResult>& results)
{
  for (auto& r : results) {
    if (!r.doc || !r.doc->foreign || r.doc->kind.size() > 0) {
      continue;
    }
    const std::filesystem::path path(r.path);
    Diagnostics own(r.path);
    if (path.filename() == ".qicase.yaml") {
      // The configuration: checked as `qicase config` reads it, wherever it is named from.
      std::error_code ec;
      const auto folder = std::filesystem::absolute(path, ec).parent_path().string();
      Diagnostics found;
      static_cast<void>(load_config(folder, found));
      for (auto d : found.items()) {
        d.path = r.path;
        own.add(std::move(d));
      }
    } else {
      // A baseline of known findings (`qicase-baseline: 1`): checked as --baseline reads it.
      const auto text = read_file(r.path, 1u << 16, /*regular_only=*/true);
      const bool baseline = text.text.starts_with("qicase-baseline:")
                            || text.text.find("\nqicase-baseline:") != std::string::npos;
      if (!text.error.empty() || !baseline) {
        continue;
      }
      static_cast<void>(check::read_baseline(r.path, own));
    }
    r.diags = std::move(own);
  }
}

std::optional<check::FileResult> Runtime::run_document(std::shared_ptr<Document> doc, Request request)
{
  request.named = {doc->path};
  // A workspace of its own: the version's references resolve from its folder, as `check`
  // resolves them; the context is the run's (as-of, calendar, the configured policy).
  auto run = run_documents({std::move(doc)}, std::move(request), /*folders=*/true);
  if (!run) {
    return std::nullopt;
  }
  if (run->empty()) {
    return std::optional<check::FileResult>(std::in_place);
  }
  return std::move(run->front());
}

std::optional<std::vector<check::FileResult>>
Runtime::run_documents(std::vector<std::shared_ptr<Document>> docs, Request request, bool folders,
                       const Settings* settings, const check::Settle& settle)
{
  if (!m_document_calendar) {
    Workspace none;
    m_document_calendar = calendar(none);
  }
  auto workspace = std::make_unique<Workspace>(std::move(docs), threads(), folders,
                                               folders ? m_kept_folders : nullptr);
  if (!make_context(*workspace, m_document_calendar, std::move(request),
                    settings != nullptr ? &settings->config : nullptr)) {
    return std::nullopt;
  }
  auto run = check::run(*m_context, threads(), settle);
  m_context.reset();
  if (settings == nullptr) {
    if (!apply_baselines(run.results, m_request)) {
      return std::nullopt;
    }
  } else if (settings->baseline) {
    // The version's own baseline, for the files of its repository.
    static_cast<void>(check::apply_baseline(run.results, *settings->baseline, settings->config.folder));
  }
  return std::move(run.results);
}

Runtime::~Runtime()
{
  // Freeing every document's tree (10,000 files: a million small blocks) takes 5% of a run
  // that is about to end; the exit returns the memory at once. Not under the sanitizers, where
  // LeakSanitizer would rightly call it a leak.
#if !defined(__SANITIZE_ADDRESS__)
  if (m_env.exiting) {
    static_cast<void>(m_context.release());
    static_cast<void>(m_workspace.release());
  }
#endif
}

bool Runtime::configuration_usable(const Diagnostics& problems)
{
  for (const auto& d : problems.items()) {
    m_err << report::diagnostic_line(d, m_color);
  }
  if (problems.has_errors()) {
    raise(2);
    return false;
  }
  return true;
}

void Runtime::note(const std::string& line)
{
  if (m_noted.insert(line).second) {
    m_err << "qicase: note: " << line << "\n";
  }
}

std::optional<check::Baseline> Runtime::read_baseline(const std::string& path)
{
  Diagnostics problems(path);
  auto baseline = check::read_baseline(path, problems);
  if (!configuration_usable(problems) || !baseline) {
    raise(2); // a baseline that cannot be used: like a usage error, nothing was checked
    return std::nullopt;
  }
  return baseline;
}

bool Runtime::apply_baselines(std::vector<check::FileResult>& results, const Request& request)
{
  m_baseline_path.clear();
  m_baseline_absent.clear();
  const auto applied = [&](const std::string& path, std::vector<check::BaselineEntry> absent) {
    m_baseline_path += (m_baseline_path.empty() ? "" : ", ") + path;
    m_baseline_absent.insert(m_baseline_absent.end(), absent.begin(), absent.end());
  };
  if (request.baseline_all_known) {
    check::know_all(results);
    return true;
  }
  if (!request.baseline.empty()) {
    auto baseline = read_baseline(request.baseline);
    if (!baseline) {
      return false;
    }
    applied(request.baseline, check::apply_baseline(results, *baseline));
    return true;
  }
  // Each repository's own: the `baseline` of the .qicase.yaml at its root.
  std::set<std::string> roots;
  for (const auto& r : results) {
    if (!r.repo_root.empty() && roots.insert(r.repo_root).second) {
      Diagnostics problems;
      const Config config = load_config(r.repo_root, problems);
      if (!config.baseline) {
        continue; // its problems, if any, are the configuration's: reported where it applies
      }
      auto baseline = read_baseline(config.baseline->value);
      if (!baseline) {
        return false;
      }
      applied(config.baseline->value, check::apply_baseline(results, *baseline, r.repo_root));
    }
  }
  return true;
}

void Runtime::finish(const std::vector<check::FileResult>& results)
{
  m_err << report::render_diagnostics(results, m_color);
  raise(static_cast<int>(check::overall_status(results, options.strict)));
}

} // namespace qicase::cli

namespace qicase::cli {

std::optional<std::vector<check::FileResult>>
Runtime::kind_command(const std::vector<std::string>& files, Request request,
                      const std::vector<std::string_view>& formats, const std::function<bool()>& reports)
{
  if (!prepare(formats, files)) {
    return std::nullopt;
  }
  // The format either shows the JSON reports (and nothing else) or renders the typed cases.
  request.keep_reports = reports();
  request.keep_typed = !request.keep_reports;
  request.pack_trees = true; // the renderers need nothing but the run's results
  auto results = run_files(files, std::move(request));
  if (!results) {
    return std::nullopt;
  }
  finish(*results);
  return results;
}

std::optional<check::DelegatesNamed> Runtime::delegates_named(const std::vector<check::FileResult>& results,
                                                              const std::string& text)
{
  auto named = check::delegates_named(results, text);
  if (!named.delegates.empty()) {
    return named;
  }
  const std::vector<std::string_view> candidates(named.candidates.begin(), named.candidates.end());
  usage_error(fmt::format("--delegate {}: no delegate of these files has that id, name or alias{}",
                          escape_line(utf8_prefix(text, 80)), did_you_mean(text, candidates)));
  return std::nullopt;
}

std::string Runtime::no_renderer(std::string_view format)
{
  m_err << fmt::format("qicase: internal error: `{}` has no renderer for --format {}; please report it\n",
                       command, format);
  raise(2);
  return {};
}

std::shared_ptr<const reference::Rubric> Runtime::rubric(Workspace& ws, const std::string& name,
                                                         bool warnings, reference::Named& named)
{
  Diagnostics diags(name);
  named = reference::find_named(ws, "--rubric", name, "rubric", "the built-in one is cr-delegation", diags);
  std::shared_ptr<const reference::Rubric> read;
  if (named.doc != nullptr) {
    Diagnostics own(named.doc->path);
    read = ws.cached<reference::Rubric>(named.doc, "rubric", [&] {
      return std::make_shared<const reference::Rubric>(reference::read_rubric(*named.doc, own));
    });
    diags.append(own);
  }
  for (const auto& d : diags.items()) {
    if (warnings || d.severity == Severity::error) {
      m_err << report::diagnostic_line(d, m_color);
    }
  }
  if (read == nullptr || diags.has_errors()) {
    raise(2);
    return nullptr;
  }
  return read;
}

} // namespace qicase::cli

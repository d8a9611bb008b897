#include <qicase/report/render.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <qicase/core/json.hpp>
#include <qicase/core/rules.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>

namespace qicase::report {

namespace {

// A finding the baseline knows: counted, not listed.
bool known(const Diagnostic& d)
{
  return d.baseline == BaselineState::unchanged;
}

constexpr std::string_view k_bold = "\033[1m";
constexpr std::string_view k_red = "\033[1;31m";
constexpr std::string_view k_magenta = "\033[1;35m";
constexpr std::string_view k_reset = "\033[0m";

// Where a diagnostic points, with the control characters of a file name made visible.
std::string location(const Diagnostic& d)
{
  if (d.mark.line <= 0) {
    return escape_line(d.path);
  }
  return fmt::format("{}:{}:{}", escape_line(d.path), d.mark.line, d.mark.column);
}

// GitHub workflow commands escape %, CR and LF in messages, and also : and , in properties.
// The control characters other than line breaks are made visible first: the log viewer shows
// escape sequences as colours and links.
std::string gh_escape(std::string_view text, bool property)
{
  std::string out;
  for (char c : escape_controls(text)) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace

std::string diagnostic_line(const Diagnostic& d, bool color)
{
  // Case text quoted in a message reaches a terminal: its control characters are shown, never
  // obeyed (the colours are added after).
  const auto severity = to_string(d.severity);
  const auto message = escape_line(d.message);
  if (!color) {
    return fmt::format("{}: {}: {} [{}]\n", location(d), severity, message, d.rule);
  }
  return fmt::format("{}{}:{} {}{}:{} {} [{}]\n", k_bold, location(d), k_reset,
                     d.severity == Severity::error ? k_red : k_magenta, severity, k_reset, message, d.rule);
}

std::string render_diagnostics(const std::vector<check::FileResult>& results, bool color)
{
  std::string out;
  for (const auto& r : results) {
    for (const auto& d : r.diags.items()) {
      if (known(d)) {
        continue; // in the baseline: counted in the summary, not listed
      }
      out += diagnostic_line(d, color);
    }
  }
  return out;
}

namespace {

// The document of the spec, with `summary` (when given) before the files.
void json_document(const std::vector<check::FileResult>& results, std::string_view as_of, bool strict,
                   json::Value* summary, Sink& out)
{
  json::Value doc = json::Value::object();
  doc.set("qicase", k_version);
  doc.set("as_of", std::string(as_of));
  if (summary != nullptr) {
    doc.set("summary", std::move(*summary));
  }
  // Each file's entry made as it is written: its report is copied into one entry at a time.
  doc.set("files", json::Value::generated(results.size(),
                                          [&](std::size_t i) { return file_json(results[i], strict); }));
  doc.write(out, 2);
  out += "\n";
}

} // namespace

void render_json(const std::vector<check::FileResult>& results, std::string_view as_of, bool strict,
                 Sink& out)
{
  json_document(results, as_of, strict, nullptr, out);
}

json::Value file_json(const check::FileResult& r, bool strict, const json::Value* report)
{
  json::Value f = json::Value::object();
  f.set("path", r.path);
  f.set("kind", r.doc && !r.doc->kind.empty() ? json::Value(r.doc->kind) : json::Value());
  f.set("id", r.doc && !r.doc->id.empty() ? json::Value(r.doc->id) : json::Value());
  f.set("valid", r.diags.status(strict) == Status::ok);
  json::Value diags = json::Value::array();
  for (const auto& d : r.diags.items()) {
    json::Value item = json::Value::object();
    item.set("line", d.mark.line);
    item.set("column", d.mark.column);
    item.set("severity", std::string(to_string(d.severity)));
    item.set("rule", d.rule);
    item.set("message", d.message);
    item.set("class", is_finding(d.rule) ? "finding" : "problem");
    if (d.baseline != BaselineState::none) {
      item.set("baseline", d.baseline == BaselineState::unchanged ? "unchanged" : "new");
    }
    diags.push(std::move(item));
  }
  f.set("diagnostics", std::move(diags));
  f.set("report", report != nullptr ? *report : r.report);
  return f;
}

Counts count(const std::vector<check::FileResult>& results)
{
  Counts c;
  for (const auto& r : results) {
    if (!r.doc) {
      ++c.paths; // given but not found or not readable: no file was checked there
      continue;
    }
    ++c.files;
    c.baseline = c.baseline
                 || std::any_of(r.diags.items().begin(), r.diags.items().end(),
                                [](const Diagnostic& d) { return d.baseline != BaselineState::none; });
    const auto known_errors = r.diags.known(Severity::error);
    const auto known_warnings = r.diags.known(Severity::warning);
    c.known_findings += known_errors + known_warnings;
    // Listed and counted: what the baseline does not know (the exit status agrees).
    const auto file_errors = r.diags.count(Severity::error) - known_errors;
    c.errors += file_errors;
    c.warnings += r.diags.count(Severity::warning) - known_warnings;
    c.with_errors += file_errors > 0 || r.diags.unusable() ? 1 : 0;
  }
  return c;
}

void render_check_json(const std::vector<check::FileResult>& results, std::string_view as_of, bool strict,
                       Sink& out)
{
  const auto c = count(results);
  json::Value summary = json::Value::object();
  summary.set("files", static_cast<long>(c.files));
  summary.set("with_errors", static_cast<long>(c.with_errors));
  summary.set("errors", static_cast<long>(c.errors));
  summary.set("warnings", static_cast<long>(c.warnings));
  summary.set("known_findings",
              c.baseline ? json::Value(static_cast<long>(c.known_findings)) : json::Value());
  summary.set("paths_without_files", static_cast<long>(c.paths));
  json_document(results, as_of, strict, &summary, out);
}

std::string render_summary(const std::vector<check::FileResult>& results)
{
  const auto c = count(results);
  const auto [files, bad_files, errors, warnings, known_findings, baseline, paths] = c;
  return fmt::format(
    "{} file{} checked: {} with errors; {} error{}, {} warning{}{}{}\n", files, files == 1 ? "" : "s",
    bad_files, errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
    baseline
      ? fmt::format("; {} known finding{} in the baseline", known_findings, known_findings == 1 ? "" : "s")
      : std::string(),
    paths == 0 ? std::string()
               : fmt::format("; {} path{} gave no file to check", paths, paths == 1 ? "" : "s"));
}

std::string render_check_markdown(const std::vector<check::FileResult>& results)
{
  std::string out = "| File | Kind | Id | Result | Problems |\n|---|---|---|---|---:|\n";
  std::string details;
  for (const auto& r : results) {
    const auto errors = r.diags.count(Severity::error);
    const auto warnings = r.diags.count(Severity::warning);
    const std::string result = r.diags.has_errors() ? "errors" : (warnings ? "warnings" : "ok");
    out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(r.path),
                       r.doc ? markdown_cell(r.doc->kind) : "", r.doc ? markdown_cell(r.doc->id) : "", result,
                       errors + warnings);
    for (const auto& d : r.diags.items()) {
      if (known(d)) {
        continue;
      }
      details += fmt::format("- {} {}: {} [{}]\n", markdown_code(location(d)), to_string(d.severity),
                             markdown_cell(d.message), d.rule);
    }
  }
  out += "\n" + render_summary(results);
  if (!details.empty()) {
    out += "\n## Problems\n\n" + details;
  }
  return out;
}

std::string render_junit(const std::vector<check::FileResult>& results, bool strict)
{
  std::size_t failures = 0;
  std::string cases;
  for (const auto& r : results) {
    const bool failed = r.diags.status(strict) != Status::ok;
    failures += failed ? 1 : 0;
    cases += fmt::format("    <testcase classname=\"qicase.check\" name=\"{}\"", xml_text(r.path));
    if (r.diags.items().empty()) {
      cases += "/>\n";
      continue;
    }
    cases += ">\n";
    std::string text;
    for (const auto& d : r.diags.items()) {
      text += known(d) ? "" : diagnostic_line(d, false);
    }
    if (failed) {
      cases += fmt::format("      <failure message=\"{} problem(s)\">{}</failure>\n", r.diags.items().size(),
                           xml_text(text));
    } else {
      cases += fmt::format("      <system-out>{}</system-out>\n", xml_text(text));
    }
    cases += "    </testcase>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite "
                     "name=\"qicase check\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n{}  "
                     "</testsuite>\n</testsuites>\n",
                     results.size(), failures, cases);
}

namespace {

// A SARIF result's rule (by id and index into the catalogue), message and location: `repo_path`
// (the file's path from its repository's root) with uriBaseId %SRCROOT% when known, else `path`
// as shown.
void sarif_result(json::Value& result, const std::string& rule_id, std::string_view level,
                  const std::string& text, const std::string& path, const std::string& repo_path, Mark mark)
{
  result.set("ruleId", rule_id);
  if (const Rule* rule = find_rule(rule_id)) {
    result.set("ruleIndex", static_cast<long long>(rule - rules().data()));
  }
  result.set("level", std::string(level));
  json::Value message = json::Value::object();
  message.set("text", text);
  result.set("message", std::move(message));
  json::Value physical = json::Value::object();
  json::Value artifact = json::Value::object();
  artifact.set("uri", repo_path.empty() ? path : repo_path);
  if (!repo_path.empty()) {
    artifact.set("uriBaseId", "%SRCROOT%");
  }
  physical.set("artifactLocation", std::move(artifact));
  if (mark.line > 0) {
    json::Value region = json::Value::object();
    region.set("startLine", mark.line);
    region.set("startColumn", mark.column);
    physical.set("region", std::move(region));
  }
  json::Value location = json::Value::object();
  location.set("physicalLocation", std::move(physical));
  json::Value locations = json::Value::array();
  locations.push(std::move(location));
  result.set("locations", std::move(locations));
}

// SARIF 3.49: one rule of the catalogue, with its clause and the man page that documents it.
json::Value sarif_rule(const Rule& rule)
{
  json::Value entry = json::Value::object();
  entry.set("id", std::string(rule.id));
  json::Value short_text = json::Value::object();
  short_text.set("text", std::string(rule.text));
  entry.set("shortDescription", std::move(short_text));
  json::Value full_text = json::Value::object();
  full_text.set("text", rule.clause.empty() ? std::string(rule.text)
                                            : fmt::format("{} It enforces {}.", rule.text, rule.clause));
  entry.set("fullDescription", std::move(full_text));
  json::Value help = json::Value::object();
  help.set("text", fmt::format("Each diagnostic of {} says what to write instead. The rule is "
                               "described in {} (man {}).",
                               rule.id, rule.page, rule.page.substr(0, rule.page.find('('))));
  entry.set("help", std::move(help));
  json::Value configuration = json::Value::object();
  configuration.set("level", std::string(to_string(rule.level)));
  entry.set("defaultConfiguration", std::move(configuration));
  if (!rule.clause.empty()) {
    json::Value properties = json::Value::object();
    properties.set("clause", std::string(rule.clause));
    entry.set("properties", std::move(properties));
  }
  return entry;
}

// SARIF 3.27: every diagnostic of the run; against a baseline, each one new or unchanged, and
// the known findings no longer found as absent.
json::Value sarif_results(const std::vector<check::FileResult>& results,
                          const std::vector<check::BaselineEntry>* absent, const SarifRun& run)
{
  json::Value items = json::Value::array();
  for (const auto& r : results) {
    const auto in_repo = check::repo_path(r);
    for (const auto& d : r.diags.items()) {
      json::Value result = json::Value::object();
      sarif_result(result, d.rule, to_string(d.severity), d.message, d.path, in_repo, d.mark);
      if (absent != nullptr) {
        // SARIF 3.27.24: against the baseline given; a file problem is never in one (new).
        result.set("baselineState", d.baseline == BaselineState::unchanged ? "unchanged" : "new");
      }
      if (d.baseline == BaselineState::unchanged) {
        // 3.35: known, so code scanning shows it dismissed rather than new, and says why.
        json::Value suppression = json::Value::object();
        suppression.set("kind", "external");
        suppression.set("justification", run.baseline.empty()
                                           ? std::string("a known finding of the baseline")
                                           : "a known finding of the baseline " + run.baseline);
        json::Value suppressions = json::Value::array();
        suppressions.push(std::move(suppression));
        result.set("suppressions", std::move(suppressions));
      }
      items.push(std::move(result));
    }
  }
  if (absent != nullptr) {
    // Known findings no longer found: fixed, or their case changed so that they are gone.
    for (const auto& e : *absent) {
      json::Value result = json::Value::object();
      result.set("kind", "pass");
      sarif_result(result, e.rule, "none",
                   fmt::format("no longer found{}: {} in case {}{}",
                               e.count > 1 ? fmt::format(" ({} times)", e.count) : "", e.rule,
                               e.case_id.empty() ? "-" : e.case_id, e.item.empty() ? "" : " at " + e.item),
                   e.file, e.file, {});
      result.set("baselineState", "absent");
      items.push(std::move(result));
    }
  }
  return items;
}

} // namespace

std::string render_sarif(const std::vector<check::FileResult>& results,
                         const std::vector<check::BaselineEntry>* absent, const SarifRun& run_info)
{
  json::Value run = json::Value::object();
  json::Value tool = json::Value::object();
  json::Value driver = json::Value::object();
  driver.set("name", "qicase");
  driver.set("version", k_version);
  // No informationUri: the project has no public page to point at, and a placeholder would
  // send a reader nowhere. The rules carry their documentation (the man page) instead.
  json::Value catalogue = json::Value::array();
  for (const auto& rule : rules()) {
    catalogue.push(sarif_rule(rule));
  }
  driver.set("rules", std::move(catalogue));
  tool.set("driver", std::move(driver));
  run.set("tool", std::move(tool));
  // 3.14.14: the paths of files in a repository are relative to its root.
  json::Value root = json::Value::object();
  json::Value root_text = json::Value::object();
  root_text.set("text", "The root of the case repository (the folder holding .git or .qicase.yaml).");
  root.set("description", std::move(root_text));
  json::Value bases = json::Value::object();
  bases.set("%SRCROOT%", std::move(root));
  run.set("originalUriBaseIds", std::move(bases));
  // 3.20: how qicase was run, and how it ended (findings are not a failure of the tool).
  json::Value invocation = json::Value::object();
  if (!run_info.command_line.empty()) {
    invocation.set("commandLine", run_info.command_line);
  }
  invocation.set("exitCode", run_info.exit_code);
  invocation.set("executionSuccessful", run_info.exit_code != 2);
  json::Value invocations = json::Value::array();
  invocations.push(std::move(invocation));
  run.set("invocations", std::move(invocations));
  json::Value items = sarif_results(results, absent, run_info);
  run.set("results", std::move(items));
  json::Value doc = json::Value::object();
  doc.set("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  doc.set("version", "2.1.0");
  json::Value runs = json::Value::array();
  runs.push(std::move(run));
  doc.set("runs", std::move(runs));
  return doc.dump(2) + "\n";
}

std::string render_github(const std::vector<check::FileResult>& results)
{
  std::string out;
  for (const auto& r : results) {
    // The path from the repository's root, as the runner's checkout names it, whatever folder
    // qicase runs in.
    const auto in_repo = check::repo_path(r);
    for (const auto& d : r.diags.items()) {
      if (known(d)) {
        continue;
      }
      out += fmt::format("::{} file={}", d.severity == Severity::error ? "error" : "warning",
                         gh_escape(in_repo.empty() ? d.path : in_repo, true));
      if (d.mark.line > 0) {
        out += fmt::format(",line={},col={}", d.mark.line, d.mark.column);
      }
      out += fmt::format(",title={}::{}\n", gh_escape("qicase " + d.rule, true), gh_escape(d.message, false));
    }
  }
  return out;
}

} // namespace qicase::report

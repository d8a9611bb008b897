// qicase audit-score FILE... [--rubric ID|FILE] | audit-score sample --initial N --recred N [--method ncqa|urac]
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/case_command.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/audit/audit.hpp>
#include <qicase/reference/resolve.hpp>
#include <qicase/report/render.hpp>

namespace qicase::cli {

namespace {
struct AuditOptions
{
  std::vector<std::string> files;
  std::string rubric;
  long initial = -1;
  long recred = -1;
  std::string method = "ncqa";
};
// `audit-score sample`: the sample sizes of the rubric's rule for an initial and a
// recredentialing universe.
struct Samples
{
  std::string_view method;
  const reference::SampleRule& rule;
  audit::Sample initial, recred;
};

std::string samples_json(const Samples& s)
{
  json::Value v = json::Value::object();
  v.set("method", s.method);
  for (auto [name, size] : {std::pair{"initial", s.initial}, std::pair{"recred", s.recred}}) {
    json::Value item = json::Value::object();
    item.set("files", size.files);
    item.set("sample", size.sample);
    item.set("expanded", size.expanded);
    v.set(name, std::move(item));
  }
  return v.dump(2) + "\n";
}

std::string samples_text(const Samples& s)
{
  std::string out;
  for (auto [name, size] : {std::pair{"initial", s.initial}, std::pair{"recred", s.recred}}) {
    out += s.rule.expanded
             ? fmt::format("{:<8} {} of {} files ({} if {})\n", name, size.sample, size.files, size.expanded,
                           s.rule.expanded_when.empty() ? "expanded" : s.rule.expanded_when)
             : fmt::format("{:<8} {} of {} files\n", name, size.sample, size.files);
  }
  return out;
}

constexpr Format<Samples> k_sample_formats[] = {{"text", &samples_text}, {"json", &samples_json}};

void emit_samples(Runtime& rt, const Samples& samples)
{
  rt.emit(Formats<Samples>(k_sample_formats), samples);
}

// `audit-score sample`: the sample sizes of the rubric's rule, text or JSON.
void print_sample(Runtime& rt, const AuditOptions& opts)
{
  if (!rt.prepare({"text", "json"})) { // k_sample_formats
    return;
  }
  // The rules are the rubric's data (file_review_samples), not code.
  Workspace ws;
  reference::Named named;
  const auto rubric_read = rt.rubric(ws, opts.rubric.empty() ? "cr-delegation" : opts.rubric,
                                     /*warnings=*/false, named); // they concern scoring
  if (!rubric_read) {
    return;
  }
  const auto& rubric = *rubric_read;
  const auto* rule = rubric.sample(opts.method);
  if (rule == nullptr) {
    std::vector<std::string_view> methods;
    for (const auto& r : rubric.samples) {
      methods.push_back(r.method);
    }
    rt.usage_error(fmt::format("--method {}: rubric {} has {}{}", escape_line(utf8_prefix(opts.method, 40)),
                               rubric.id,
                               methods.empty() ? std::string("no sample rules (file_review_samples)")
                                               : fmt::format("the sample rules {}", fmt::join(methods, ", ")),
                               did_you_mean(opts.method, methods)));
    return;
  }
  emit_samples(rt, Samples{opts.method, *rule, audit::sample_size(opts.initial, *rule),
                           audit::sample_size(opts.recred, *rule)});
}

// `audit-score FILE...`: every audit scored, rendered from its typed result.
void score_audits(Runtime& rt, const AuditOptions& opts)
{
  if (opts.files.empty()) {
    rt.usage_error("audit-score: give audit files (or `audit-score sample --initial N --recred N`)");
    return;
  }
  // --rubric: every audit is scored against that rubric instead of its own (the run's request
  // resolves it before any audit is read). Each audit is read once: its typed reading, result
  // and findings are kept for the renderers.
  using Run = CaseRun<audit::Audit, audit::Result>;
  // A kind's formats, and the audit tool's own layout as a workbook.
  static constexpr Format<Run> k_audit_formats[] = {
    {"text", &cases_in<audit::Audit, audit::Result, &audit::render_text>},
    {"json", &reports_in<audit::Audit, audit::Result>, /*reports=*/true},
    {"markdown", &cases_in<audit::Audit, audit::Result, &audit::render_markdown>},
    {"csv", &cases_in<audit::Audit, audit::Result, &audit::render_csv>},
    {"xlsx", &cases_in<audit::Audit, audit::Result, &audit::render_xlsx>},
  };
  run_case_command(rt, opts.files, Request{.kind = "audit", .rubric = opts.rubric}, "audit-score",
                   Formats<Run>(k_audit_formats));
}

} // namespace

void setup_audit_score(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<AuditOptions>();
  cmd.add_option("files", opts->files, "audit files, or folders to search for audits")->type_name("FILE");
  cmd
    .add_option("--rubric", opts->rubric,
                "score against this rubric (an id or a rubric file) "
                "instead of each audit's own")
    ->type_name("ID|FILE");

  auto* sample = cmd.add_subcommand("sample", "file-review sample sizes for initial "
                                              "credentialing and recredentialing files");
  sample->add_option("--initial", opts->initial, "initial credentialing files in the period")
    ->required()
    ->type_name("N")
    ->check(CLI::Range(0L, 10000000L));
  sample->add_option("--recred", opts->recred, "recredentialing files in the period")
    ->required()
    ->type_name("N")
    ->check(CLI::Range(0L, 10000000L));
  sample
    ->add_option("--method", opts->method,
                 "a sample rule of the rubric: ncqa (default) or urac in cr-delegation")
    ->type_name("METHOD");
  sample->add_option("--rubric", opts->rubric, "the rubric whose sample rules apply (default cr-delegation)")
    ->type_name("ID|FILE");
  sample->callback([&rt, opts] { print_sample(rt, *opts); });
  cmd.callback([&rt, opts, sample] {
    if (!sample->parsed()) {
      score_audits(rt, *opts);
    }
  });
}

} // namespace qicase::cli

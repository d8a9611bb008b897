// qicase audit-score FILE... [--rubric ID|FILE] | audit-score sample --initial N --recred N [--method ncqa|urac]
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
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
// `audit-score sample`: the sample sizes of the rubric's rule, text or JSON.
void print_sample(Runtime& rt, const AuditOptions& opts)
{
  if (!rt.prepare({"text", "json"})) {
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
  const auto initial = audit::sample_size(opts.initial, *rule);
  const auto recred = audit::sample_size(opts.recred, *rule);
  if (rt.options.format == "json") {
    json::Value v = json::Value::object();
    v.set("method", opts.method);
    for (auto [name_, s] : {std::pair{"initial", initial}, std::pair{"recred", recred}}) {
      json::Value item = json::Value::object();
      item.set("files", s.files);
      item.set("sample", s.sample);
      item.set("expanded", s.expanded);
      v.set(name_, std::move(item));
    }
    rt.out() << v.dump(2) << "\n";
    return;
  }
  for (auto [name_, s] : {std::pair{"initial", initial}, std::pair{"recred", recred}}) {
    if (rule->expanded) {
      rt.out() << fmt::format("{:<8} {} of {} files ({} if {})\n", name_, s.sample, s.files, s.expanded,
                              rule->expanded_when.empty() ? "expanded" : rule->expanded_when);
    } else {
      rt.out() << fmt::format("{:<8} {} of {} files\n", name_, s.sample, s.files);
    }
  }
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
  auto results = rt.kind_command(opts.files, Request{.kind = "audit", .rubric = opts.rubric},
                                 formats_of("audit-score"));
  if (!results) {
    return;
  }
  const auto audits = Runtime::shown<audit::Audit, audit::Result>(*results, "audit");
  const auto& format = rt.options.format;
  rt.out() << (format == "markdown" ? audit::render_markdown(audits)
               : format == "csv"    ? audit::render_csv(audits)
                                    : audit::render_text(audits));
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

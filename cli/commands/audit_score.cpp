// qicase audit-score FILE... [--rubric ID|FILE] | audit-score sample --initial N --recred N [--method ncqa|urac]
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include <cli/commands/commands.hpp>
#include <qicase/audit/audit.hpp>
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
} // namespace

void setup_audit_score(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<AuditOptions>();
  cmd.add_option("files", opts->files, "audit files, or folders to search for audits")->type_name("FILE");
  cmd.add_option("--rubric", opts->rubric, "score against this rubric (an id or a rubric file) "
                                           "instead of each audit's own")
    ->type_name("ID|FILE");

  auto* sample = cmd.add_subcommand("sample", "file-review sample sizes for initial "
                                              "credentialing and recredentialing files");
  sample->add_option("--initial", opts->initial, "initial credentialing files in the period")
    ->required()->type_name("N")->check(CLI::Range(0L, 10000000L));
  sample->add_option("--recred", opts->recred, "recredentialing files in the period")
    ->required()->type_name("N")->check(CLI::Range(0L, 10000000L));
  sample->add_option("--method", opts->method, "ncqa (default) or urac")
    ->type_name("METHOD")->check(CLI::IsMember({"ncqa", "urac"}));
  sample->callback([&rt, opts] {
    if (!rt.prepare({"text", "json"})) {
      return;
    }
    const auto initial = audit::sample_size(opts->initial, opts->method);
    const auto recred = audit::sample_size(opts->recred, opts->method);
    if (rt.options.format == "json") {
      json::Value v = json::Value::object();
      v.set("method", opts->method);
      for (auto [name, s] : {std::pair{"initial", initial}, std::pair{"recred", recred}}) {
        json::Value item = json::Value::object();
        item.set("files", s.files);
        item.set("sample", s.sample);
        item.set("expanded", s.expanded);
        v.set(name, std::move(item));
      }
      rt.out() << v.dump(2) << "\n";
      return;
    }
    for (auto [name, s] : {std::pair{"initial", initial}, std::pair{"recred", recred}}) {
      if (opts->method == "urac") {
        rt.out() << fmt::format("{:<8} {} of {} files ({} if any of the first 8 fails)\n", name,
                                s.sample, s.files, s.expanded);
      } else {
        rt.out() << fmt::format("{:<8} {} of {} files\n", name, s.sample, s.files);
      }
    }
  });

  cmd.callback([&rt, opts, sample] {
    if (sample->parsed()) {
      return;
    }
    if (opts->files.empty()) {
      rt.usage_error("audit-score: give audit files (or `audit-score sample --initial N --recred N`)");
      return;
    }
    if (!rt.prepare({"text", "json", "markdown", "csv"})) {
      return;
    }
    auto results = rt.run_files(opts->files, "audit");
    if (!results) {
      return;
    }
    std::shared_ptr<const reference::Rubric> rubric;
    if (!opts->rubric.empty()) {
      Diagnostics diags(opts->rubric);
      Document here;
      here.folder = ".";
      auto doc = std::filesystem::is_regular_file(opts->rubric) ? load_document(opts->rubric) : nullptr;
      const Document* found = doc ? doc.get() : rt.context()->workspace.resolve(opts->rubric, here);
      if (found == nullptr || found->kind != "rubric" || !found->usable()) {
        rt.usage_error(fmt::format("--rubric {}: no rubric file or rubric id `{}` (the built-in "
                                   "one is cr-delegation)",
                                   opts->rubric, opts->rubric));
        return;
      }
      Diagnostics own(found->path);
      rubric = std::make_shared<const reference::Rubric>(reference::read_rubric(*found, own));
      if (own.has_errors()) {
        for (const auto& d : own.items()) {
          rt.err() << report::diagnostic_line(d, rt.color());
        }
        rt.raise(2);
        return;
      }
      // Re-score every audit against this rubric.
      for (auto& r : *results) {
        if (r.doc && r.doc->usable() && r.doc->kind == "audit") {
          Diagnostics fresh(r.path);
          fresh.append(r.doc->load);
          auto a = audit::read_audit(*r.doc, *rt.context(), fresh, rubric);
          r.report = fresh.has_errors() ? json::Value() : audit::report(a);
          fresh.sort();
          r.diags = std::move(fresh);
        }
      }
    }
    rt.finish(*results);
    if (rt.options.quiet) {
      return;
    }
    if (rt.options.format == "json") {
      rt.out() << report::render_json(*results, rt.as_of().str(), rt.options.strict);
      return;
    }
    std::vector<std::pair<json::Entry, audit::Audit>> audits;
    for (const auto& r : *results) {
      if (!r.doc || r.doc->kind != "audit") {
        continue;
      }
      audit::Audit a;
      if (r.doc->usable()) {
        Diagnostics scratch(r.path); // reported above
        a = audit::read_audit(*r.doc, *rt.context(), scratch, rubric);
      }
      audits.emplace_back(json::Entry{r.path, r.doc->id, r.report}, std::move(a));
    }
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? audit::render_markdown(audits)
                 : format == "csv"    ? audit::render_csv(audits)
                                      : audit::render_text(audits));
  });
}

} // namespace qicase::cli

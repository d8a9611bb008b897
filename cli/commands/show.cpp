// qicase show [ID]: print built-in reference data (or list it).
#include <ostream>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <cli/commands/commands.hpp>
#include <qicase/core/text.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::cli {

namespace {
struct ShowOptions
{
  std::string id;
};
} // namespace

void setup_show(CLI::App& cmd, Runtime& rt)
{
  auto opts = std::make_shared<ShowOptions>();
  cmd.add_option("id", opts->id, "built-in id, e.g. lre-4.9a or us-federal; none: list them")
    ->type_name("ID");
  cmd.callback([&rt, opts] {
    if (!rt.prepare(formats_of("show"))) {
      return;
    }
    const auto& builtins = Workspace::builtins();
    if (opts->id.empty()) {
      for (const auto& doc : builtins) {
        const auto tree = doc->hold(); // a built-in is a tree, never packed
        const auto* title = doc->root ? doc->root->get("title") : nullptr;
        rt.out() << fmt::format("{:<16} {:<10} {}\n", doc->id, doc->kind,
                                title != nullptr && title->is_scalar() ? title->text : std::string());
      }
      return;
    }
    std::vector<std::string_view> ids;
    for (const auto& doc : builtins) {
      ids.push_back(doc->id);
      if (doc->id == opts->id) {
        const std::string path = "data/" + doc->path; // builtin/ID.yaml
        rt.out() << data::embedded(path).value_or("");
        return;
      }
    }
    rt.usage_error(fmt::format("no built-in reference data `{}`{}; `qicase show` lists them",
                               utf8_prefix(opts->id, 40), did_you_mean(opts->id, ids)));
  });
}

} // namespace qicase::cli

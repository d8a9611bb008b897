#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <cli/app.hpp>
#include <cli/runtime.hpp>
#include <qicase/workspace/shown.hpp>

namespace qicase::cli {

// A case kind's renderers of its typed cases and results, one per format besides JSON (which
// the run prints from each case's report).
template <class T, class R> struct CaseRenderers
{
  std::string (*text)(const std::vector<Shown<T, R>>&);
  std::string (*markdown)(const std::vector<Shown<T, R>>&);
  std::string (*csv)(const std::vector<Shown<T, R>>&);
};

// The command of a case kind with no option of its own (`qicase qcar FILE...`): the files of
// the kind are checked once, each case kept typed with its result and findings (a JSON report
// built only for --format json), and rendered in the run's format.
template <class T, class R>
void setup_case_command(CLI::App& cmd, Runtime& rt, std::string_view kind, const std::string& files_help,
                        CaseRenderers<T, R> render)
{
  auto files = std::make_shared<std::vector<std::string>>();
  cmd.add_option("files", *files, files_help)->required()->type_name("FILE");
  cmd.callback([&rt, files, kind, render] {
    auto results = rt.kind_command(*files, Request{.kind = std::string(kind)}, formats_of(kind));
    if (!results) {
      return;
    }
    const auto cases = Runtime::shown<T, R>(*results, kind);
    const auto& format = rt.options.format;
    rt.out() << (format == "markdown" ? render.markdown(cases)
                 : format == "csv"    ? render.csv(cases)
                                      : render.text(cases));
  });
}

} // namespace qicase::cli

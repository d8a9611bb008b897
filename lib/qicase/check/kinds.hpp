#pragma once

#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>

namespace qicase::check {

// One row per kind of file: what validates it and builds its report. `check` walks this table;
// a kind with no `run` is reported as unsupported rather than skipped.
struct KindSpec
{
  std::string_view name;
  std::string_view summary;
  json::Value (*run)(const Document&, Context&, Diagnostics&); // nullptr: not supported yet
};

const std::vector<KindSpec>& kind_table();
const KindSpec* find_kind(std::string_view name);

} // namespace qicase::check

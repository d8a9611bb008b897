// Fuzz target: `workplan import` of a table (TSV/CSV). A table imported without errors must
// give a workplan file that loads as YAML and reads back without crashing.
#include <cstdlib>

#include <qicase/workplan/workplan.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  Diagnostics diags;
  const auto yaml = workplan::import_table(fuzz::text(data, size), "WP-FUZZ", diags);
  if (diags.has_errors()) {
    return 0;
  }
  auto doc = parse_document("workplan.yaml", "", yaml);
  if (!doc->usable()) {
    // Only a size limit may stop it: a large table can import into a file over the limits.
    const auto& items = doc->load.items();
    const bool over_limit = !items.empty()
                            && (items[0].rule == "file.too-large" || items[0].rule == "yaml.too-large");
    if (!over_limit) {
      std::abort(); // import wrote something that is not a workplan file
    }
    return 0;
  }
  Workspace ws({doc});
  Context ctx{ws, fuzz::as_of(), fuzz::us_federal()};
  Diagnostics check;
  auto plan = workplan::read_workplan(*doc, ctx, check);
  (void)workplan::report(plan, ctx);
  (void)workplan::render_table_csv(plan);
  return 0;
}

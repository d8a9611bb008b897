// Fuzz target: the rubric loader and scorer. The input is a rubric file; when it loads, a
// blank audit of it (every element at full marks) is scored against it, in both columns.
#include <cstdlib>

#include <qicase/audit/audit.hpp>
#include <qicase/reference/rubric.hpp>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace qicase;
  auto doc = parse_document("rubric.yaml", "", fuzz::text(data, size));
  if (!doc->usable() || doc->kind != "rubric") {
    return 0;
  }
  Diagnostics diags;
  auto rubric = std::make_shared<const reference::Rubric>(reference::read_rubric(*doc, diags));
  if (diags.has_errors()) {
    return 0;
  }
  for (const char* delegation : {"false", "true"}) {
    std::string text = audit::blank_audit(*rubric);
    const auto at = text.find("delegation: false");
    if (at != std::string::npos) {
      text.replace(at, 17, std::string("delegation: ") + delegation);
    }
    auto audit_doc = parse_document("audit.yaml", "", text);
    Workspace ws({audit_doc});
    Context ctx{ws, fuzz::as_of(), fuzz::us_federal()};
    Diagnostics audit_diags;
    if (!audit_doc->usable()) {
      continue;
    }
    auto a = audit::read_audit(*audit_doc, ctx, audit_diags, rubric);
    (void)audit::report(a, ctx);
    // Exact hundredths: nothing received beyond what is possible.
    const auto total = audit::evaluate(a, ctx);
    if (total.received > total.possible || total.received < 0) {
      std::abort();
    }
  }
  return 0;
}

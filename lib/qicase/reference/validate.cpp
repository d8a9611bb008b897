#include <qicase/reference/validate.hpp>

#include <qicase/reference/calendar_file.hpp>
#include <qicase/reference/policy.hpp>
#include <qicase/reference/program.hpp>
#include <qicase/reference/rubric.hpp>

namespace qicase::reference {

void validate_reference(Workspace& workspace, const Document& doc, Diagnostics& diags)
{
  if (doc.kind == "policy") {
    read_policy(doc, diags);
  } else if (doc.kind == "calendar") {
    read_calendar(workspace, doc, diags);
  } else if (doc.kind == "rubric") {
    read_rubric(doc, diags);
  } else if (doc.kind == "program") {
    read_program(doc, diags);
  }
}

} // namespace qicase::reference

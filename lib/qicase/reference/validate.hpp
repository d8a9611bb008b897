#pragma once

#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::reference {

// Validates a reference file (policy, calendar) by its kind. Kinds with no validator yet add
// nothing here; `check` reports them as unsupported.
void validate_reference(Workspace& workspace, const Document& doc, Diagnostics& diags);

} // namespace qicase::reference

#pragma once

#include <string_view>

#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::reference {

// Resolves a reference by id from `from` and checks the kind. Reports at `mark`:
// a dangling reference (ref.dangling), a file of another kind (ref.kind), and a referenced
// file that has errors of its own (ref.invalid). Returns nullptr when not usable.
const Document* resolve_reference(Workspace& workspace, const Document& from, std::string_view id,
                                  std::string_view kind, Mark mark, Diagnostics& diags);

// True when the referenced file has errors of its own (validated once per run and cached).
bool reference_has_errors(Workspace& workspace, const Document& doc);

} // namespace qicase::reference

#pragma once

#include <memory>
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

// What an option such as --calendar or --rubric names: a path to a file of `kind`, or an id
// resolved from the working folder (files given, folder tree, built-ins). `owned` holds a file
// read for the purpose. `doc` is null after a problem went to `diags`: no such file or id, a
// file that is not YAML, or a file of another kind. `hint` ends the "not found" message.
struct Named
{
  const Document* doc = nullptr;
  std::shared_ptr<Document> owned;
};
Named find_named(Workspace& workspace, std::string_view option, std::string_view name, std::string_view kind,
                 std::string_view hint, Diagnostics& diags);

// True when the referenced file has errors of its own (validated once per run and cached).
bool reference_has_errors(Workspace& workspace, const Document& doc);

} // namespace qicase::reference

#pragma once

#include <memory>
#include <string_view>

#include <qicase/calendar/calendar.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::reference {

// Reads a calendar file (kind: calendar): `extends` (an id or `none`; default us-federal),
// `weekend`, `holidays` rules, `closures` and `remove`. Problems go to `diags`.
calendar::Calendar read_calendar(Workspace& workspace, const Document& doc, Diagnostics& diags,
                                 int depth = 0);

// The calendar named by --calendar: a path to a calendar file, or an id resolved from the
// current folder (files given, folder tree, built-ins). Null when it cannot be used; the
// reason goes to `diags`.
std::shared_ptr<const calendar::Calendar> calendar_by_name(Workspace& workspace,
                                                           std::string_view name,
                                                           Diagnostics& diags);

} // namespace qicase::reference

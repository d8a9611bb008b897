#pragma once

#include <span>

#include <memory>
#include <string_view>

#include <qicase/calendar/calendar.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

// Reads a calendar file (kind: calendar): `extends` (an id or `none`; default us-federal),
// `weekend`, `holidays` rules, `closures` and `remove`. Problems go to `diags`.
calendar::Calendar read_calendar(Workspace& workspace, const Document& doc, Diagnostics& diags,
                                 int depth = 0);

// The calendar named by --calendar: a path to a calendar file, or an id resolved from the
// current folder (files given, folder tree, built-ins). Null when it cannot be used; the
// reason goes to `diags`.
std::shared_ptr<const calendar::Calendar> calendar_by_name(Workspace& workspace, std::string_view name,
                                                           Diagnostics& diags);

// A deadline of the procedure written by hand (`field: date`: a notice's response date or
// contest date, a QCAR extension's end) that falls on a day off of `cal` (a weekend day, a
// holiday, a closure) is a warning (`date.day-off`): the procedure counts business days where
// it computes such dates (4.9A B.2, D.3 with the policy's roll), so a day off written by hand
// is most often a slip. An action's own due date is the delegate's plan and is not checked.
void warn_day_off(const calendar::Calendar& cal, const std::optional<calendar::Date>& date, Mark mark,
                  std::string_view field, Diagnostics& diags);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> calendar_field_tables();

} // namespace qicase::reference

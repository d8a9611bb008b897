#pragma once

// Shared by the fuzz targets: the input as text, and a run of every kind's checks over
// documents held in memory, as `qicase check` and `qicase due` do.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/reference/calendar_file.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

// Inputs that hold several files separate them with this line (seeds are made that way).
inline constexpr std::string_view k_separator = "\n#---8<---\n";

inline std::vector<std::string_view> split_files(std::string_view input)
{
  std::vector<std::string_view> out;
  while (out.size() < 8) {
    const auto at = input.find(k_separator);
    out.push_back(input.substr(0, at));
    if (at == std::string_view::npos) {
      break;
    }
    input.remove_prefix(at + k_separator.size());
  }
  return out;
}

inline const std::shared_ptr<const calendar::Calendar>& us_federal()
{
  static const std::shared_ptr<const calendar::Calendar> k_calendar = [] {
    Workspace ws;
    Diagnostics diags;
    return std::make_shared<const calendar::Calendar>(
      reference::read_calendar(ws, *Workspace::builtin("us-federal"), diags));
  }();
  return k_calendar;
}

inline calendar::Date as_of()
{
  return calendar::Date::from_ymd(2024, 6, 15);
}

} // namespace qicase::fuzz

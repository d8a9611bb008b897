#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/calendar.hpp>
#include <qicase/reference/calendar_file.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::test {

// A notice asking for a QCAR, shared by the QCAR and `due` tests. Issued Monday 2024-03-04:
// the response is due 2024-03-18 (14d, 4.9A B.2) and the QCAR's 30-day remediation deadline is
// Wednesday 2024-04-03 (D.3). The response date is at line 9, column 36.
inline const char* const k_qcar_notice = R"(kind: notice
id: NNC-1
issuer: Example Regional Entity
recipient: {name: Harbor, type: member}
issued: 2024-03-04
findings:
  - {id: F1, summary: Late incidents, category: other, basis: Contract 7.3, evidence: [Q4 log]}
  - {id: F2, summary: Missing logs, category: other, basis: Contract 7.4, evidence: [Q4 audit]}
response: {required: qcar, within: 14d}
contest: {allowed: true}
)";

// A document parsed from text, as if read from `path` (no folder: references resolve among
// the given documents and the built-ins only).
inline std::shared_ptr<Document> doc(std::string_view text, std::string path = "case.yaml")
{
  return parse_document(std::move(path), "", text);
}

inline calendar::Date d(std::string_view text)
{
  return *calendar::parse_date(text).date;
}

inline const calendar::Calendar& us_federal()
{
  static const calendar::Calendar k_calendar = [] {
    Workspace ws;
    Diagnostics diags;
    return reference::read_calendar(ws, *Workspace::builtin("us-federal"), diags);
  }();
  return k_calendar;
}

// Messages of the diagnostics, "LINE:COL rule" each, for compact assertions.
inline std::vector<std::string> where(const Diagnostics& diags)
{
  std::vector<std::string> out;
  for (const auto& x : diags.items()) {
    out.push_back(std::to_string(x.mark.line) + ":" + std::to_string(x.mark.column) + " " + x.rule);
  }
  return out;
}

// The rule ids of the diagnostics, in order.
inline std::vector<std::string> rules(const Diagnostics& diags)
{
  std::vector<std::string> out;
  for (const auto& x : diags.items()) {
    out.push_back(x.rule);
  }
  return out;
}

// `text` with its first `from` replaced by `to`; `from` must occur.
inline std::string replace(std::string text, std::string_view from, std::string_view to)
{
  const auto at = text.find(from);
  if (at == std::string::npos) {
    throw std::logic_error("test text lacks: " + std::string(from));
  }
  return text.replace(at, from.size(), to);
}

// A new folder of its own under the temporary folder, removed with all it holds when the test
// ends, passed or not.
class TempFolder
{
public:
  TempFolder()
  {
    std::string name = (std::filesystem::temp_directory_path() / "qicase-unit-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) {
      throw std::runtime_error("cannot create a folder under " + name);
    }
    m_root = name;
  }
  ~TempFolder()
  {
    std::error_code ec;
    std::filesystem::remove_all(m_root, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& root() const { return m_root; }
  std::string path(const std::string& relative) const { return (m_root / relative).string(); }
  // Writes `text` to `relative`, creating the folders it is in.
  void write(const std::string& relative, std::string_view text) const
  {
    const auto file = m_root / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }

private:
  std::filesystem::path m_root;
};

} // namespace qicase::test

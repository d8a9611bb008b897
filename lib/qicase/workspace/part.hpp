#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/number.hpp>

namespace qicase {

// What one evaluated case gives the committee's portfolio (`qicase report`, 4.9A K), built by
// its kind (the row's `part`, beside `to_json()` and `figures()`), so the portfolio reads no
// kind's types: its own status where it has one, an audit's scores, a plan's measures, a work
// plan's tally.

struct StandardScore
{
  std::string id;
  std::string title;
  Hundredths possible = 0;
  Hundredths received = 0;
  Hundredths percent = 0; // hundredths of a percent, rounded down
};

struct AuditScore
{
  std::string id;
  std::string path;
  std::string type;
  calendar::Date date;
  bool rated = false; // false: parts unread, so no total is claimed
  Hundredths possible = 0;
  Hundredths received = 0;
  Hundredths percent = 0;
  std::optional<Hundredths> line; // the rubric's lowest passing percent (90% in cr-delegation)
  std::string rating;
  std::vector<StandardScore> standards;
  const StandardScore* standard(std::string_view standard_id) const // null: not scored
  {
    for (const auto& s : standards) {
      if (s.id == standard_id) {
        return &s;
      }
    }
    return nullptr;
  }
};

struct Measure
{
  std::string plan;
  std::string path;
  std::string lob;
  std::string measure;
  std::string baseline; // rates as the report gives them ("71.43"), "" when unknown
  std::string goal;
  std::string latest;
  std::optional<bool> goal_met;
};

struct WorkplanTally
{
  std::string id;
  std::string path;
  std::string title;
  int year = 0;
  std::size_t met = 0, partial = 0, not_met = 0, other = 0;
};

struct PortfolioPart
{
  // The case's own status as its report writes it (a notice's, a QCAR's, a CAP's; an audit's
  // rating or "not rated"); none for a kind whose status is where its obligations stand.
  std::optional<std::string> status = {};
  bool overdue = false; // that status says the case is past a deadline (the page marks it)
  // When the case opened (a notice issued, a QCAR submitted, a CAP opened, a plan agreed, an
  // audit held, a work plan's year begun) and, where the file records it, closed (a notice's
  // `closed:`): a packet for a period lists what opened and closed in it.
  std::optional<calendar::Date> opened = {};
  std::optional<calendar::Date> closed = {};
  // The kind records its closing (a notice is closed by the `closed:` date the issuer writes):
  // only `closed` closes it, not its last obligation met.
  bool closed_on_record = false;
  // What in the case weighs most for its delegate's rating (`report`): a notice's response
  // overdue, a QCAR past its remediation deadline, a CAP deficiency overdue or escalated; each
  // a line naming the case and the clause.
  std::vector<std::string> serious = {};
  // An audit's scores and a work plan's tally, behind pointers: nine cases in ten have
  // neither, and a run keeps a part for each of 10,000 cases.
  std::shared_ptr<const AuditScore> audit = {};
  std::vector<Measure> measures = {};
  std::shared_ptr<const WorkplanTally> workplan = {};
};

} // namespace qicase

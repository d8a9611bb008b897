// The portfolio as a workbook (`report --format xlsx`): a sheet per section, for a committee that
// sorts and filters: the delegates with their ratings and counts, every obligation overdue, due
// soon or met late, every case, and every audit's scores.
#include <qicase/portfolio/portfolio.hpp>

#include <fmt/format.h>

#include <qicase/xlsx/workbook.hpp>

namespace qicase::portfolio {

namespace {

using xlsx::Cell;
using xlsx::Row;
using Put = std::function<void(const Row&)>;

// A delegate's name as the sheets show it: its name, else its id, else "(no delegate)".
std::string who(const Delegate& d)
{
  return !d.name.empty() ? d.name : !d.id.empty() ? d.id : std::string("(no delegate)");
}

std::string joined(const std::vector<std::string>& texts)
{
  return fmt::format("{}", fmt::join(texts, "; "));
}

} // namespace

void render_xlsx(const Portfolio& p, Sink& out)
{
  const auto delegates = [&p](const Put& put) {
    for (const auto& d : p.delegates) {
      put({Cell::of(who(d)), Cell::of(d.id), Cell::of(d.type), Cell::of(to_string(d.rating)),
           Cell::number(static_cast<long long>(d.cases.size())),
           Cell::number(static_cast<long long>(d.overdue.size())),
           Cell::number(static_cast<long long>(d.due_soon.size())),
           Cell::number(static_cast<long long>(d.met_late.size())),
           Cell::number(static_cast<long long>(d.findings)), Cell::of(joined(d.serious)),
           Cell::of(joined(d.attention)), Cell::day(p.as_of)});
    }
  };
  const auto duties = [&p](const Put& put) {
    for (const auto& d : p.delegates) {
      for (const auto& [list, name] : {std::pair{&d.overdue, "overdue"}, std::pair{&d.due_soon, "due soon"},
                                       std::pair{&d.met_late, "met late"}}) {
        for (const auto& duty : *list) {
          put({Cell::of(who(d)), Cell::of(name), Cell::day(duty.due), Cell::number(duty.days),
               Cell::number(duty.days_late), Cell::of(duty.case_id), Cell::of(duty.kind), Cell::of(duty.what),
               Cell::of(duty.path)});
        }
      }
    }
  };
  const auto cases = [&p](const Put& put) {
    for (const auto& d : p.delegates) {
      for (const auto& c : d.cases) {
        put({Cell::of(who(d)), Cell::of(c.kind), Cell::of(c.id), Cell::of(c.status),
             Cell::of(c.overdue ? "yes" : "no"), Cell::day(c.next_due), Cell::of(c.next_what),
             Cell::number(static_cast<long long>(c.findings.size())),
             Cell::number(static_cast<long long>(c.file_problems)), Cell::of(c.path)});
      }
    }
  };
  const auto audits = [&p](const Put& put) {
    for (const auto& d : p.delegates) {
      for (const auto& a : d.audits) {
        put({Cell::of(who(d)), Cell::of(a.id), Cell::of(a.type), Cell::day(a.date), Cell::of("total"), Cell(),
             a.rated ? Cell::hundredths(a.possible) : Cell(), a.rated ? Cell::hundredths(a.received) : Cell(),
             a.rated ? Cell::percent(a.percent) : Cell(), a.line ? Cell::percent(*a.line) : Cell(),
             Cell::of(a.rated ? a.rating : "not rated: parts of the audit could not be read"),
             Cell::of(a.path)});
        for (const auto& s : a.standards) {
          put({Cell::of(who(d)), Cell::of(a.id), Cell::of(a.type), Cell::day(a.date), Cell::of(s.id),
               Cell::of(s.title), Cell::hundredths(s.possible), Cell::hundredths(s.received),
               Cell::percent(s.percent), Cell(), Cell(), Cell::of(a.path)});
        }
      }
    }
  };
  out += xlsx::workbook({
    {"delegates",
     {"delegate", "id", "type", "rating", "cases", "overdue", "due soon", "met late", "findings", "serious",
      "attention", "as of"},
     delegates},
    {"obligations", {"delegate", "list", "due", "days", "days late", "case", "kind", "what", "path"}, duties},
    {"cases",
     {"delegate", "kind", "case", "status", "overdue", "next due", "next", "findings", "file problems",
      "path"},
     cases},
    {"audits",
     {"delegate", "audit", "type", "date", "standard", "title", "possible", "received", "percent",
      "passing line", "rating", "path"},
     audits},
  });
}

} // namespace qicase::portfolio

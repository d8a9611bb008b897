#include <qicase/workplan/goal.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

#include <qicase/calendar/calendar.hpp>

namespace qicase::workplan {

namespace {

std::string_view trim_spaces(std::string_view s)
{
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '.')) {
    s.remove_suffix(1);
  }
  return s;
}

struct OpText
{
  std::string_view text;
  Target::Op op;
};
// Longest first: ">=" before ">".
constexpr std::array<OpText, 7> k_ops = {{
  {"\xe2\x89\xa5", Target::Op::ge}, // ≥
  {"\xe2\x89\xa4", Target::Op::le}, // ≤
  {">=", Target::Op::ge},
  {"<=", Target::Op::le},
  {">", Target::Op::gt},
  {"<", Target::Op::lt},
  {"=", Target::Op::eq},
}};

std::optional<Target::Op> take_op(std::string_view& s)
{
  for (const auto& o : k_ops) {
    if (s.substr(0, o.text.size()) == o.text) {
      s.remove_prefix(o.text.size());
      return o.op;
    }
  }
  return std::nullopt;
}

// The number at the start of `t` ("90", "90.5") and where it ends.
std::optional<Hundredths> leading_number(std::string_view t, std::size_t& end)
{
  end = 0;
  while (end < t.size() && (std::isdigit(static_cast<unsigned char>(t[end])) || t[end] == '.')) {
    ++end;
  }
  return end == 0 ? std::nullopt : parse_hundredths(t.substr(0, end));
}

// Reads "90%" or "90.5 %" at the start of s; on success consumes it.
std::optional<Hundredths> take_percent(std::string_view& s)
{
  std::string_view t = trim_spaces(s);
  std::size_t i = 0;
  auto value = leading_number(t, i);
  if (i == 0) {
    return std::nullopt;
  }
  std::size_t j = i;
  while (j < t.size() && t[j] == ' ') {
    ++j;
  }
  if (!value || j >= t.size() || t[j] != '%') {
    return std::nullopt;
  }
  s = t.substr(j + 1);
  return value;
}

// "N points" at the start of s.
std::optional<Hundredths> take_points(std::string_view& s)
{
  std::string_view t = trim_spaces(s);
  std::size_t i = 0;
  auto value = leading_number(t, i);
  if (i == 0) {
    return std::nullopt;
  }
  std::string_view rest = trim_spaces(t.substr(i));
  for (std::string_view word : {"percentage points", "points", "point"}) {
    if (value && lower(rest.substr(0, word.size())) == word) {
      s = rest.substr(word.size());
      return value;
    }
  }
  return std::nullopt;
}

bool looks_numeric(std::string_view part)
{
  if (part.find('%') != std::string_view::npos) {
    return true;
  }
  std::string_view t = trim_spaces(part);
  std::string_view copy = t;
  if (take_op(copy)) {
    return true;
  }
  return lower(t).find(" points") != std::string::npos;
}

namespace {

// A form of target recognised (`matched`), and the target it gives (none: the form was
// recognised but holds no target, and no other form is tried).
struct Form
{
  bool matched = false;
  std::optional<Target> target;
};

// "≥ 90% metric": a comparison first.
Form comparison_first(std::string_view s)
{
  std::string_view rest = s;
  const auto op = take_op(rest);
  if (!op) {
    return {};
  }
  const auto value = take_percent(rest);
  if (!value) {
    return {true, std::nullopt};
  }
  Target t;
  t.op = *op;
  t.value = *value;
  t.metric = std::string(trim_spaces(rest));
  return {true, t};
}

// "Label -≤ 1% rest": a label, an optional dash, then a comparison; the label and the rest name
// the metric.
Form labelled(std::string_view s)
{
  for (std::size_t i = 1; i < s.size(); ++i) {
    std::string_view after = s.substr(i);
    const auto op = take_op(after);
    if (!op) {
      continue;
    }
    std::string_view label = trim_spaces(s.substr(0, i));
    while (!label.empty() && (label.back() == '-' || label.back() == ' ')) {
      label.remove_suffix(1);
    }
    const auto value = take_percent(after);
    if (!value) {
      return {}; // a comparison with no rate after it: try the other forms
    }
    Target t;
    t.op = *op;
    t.value = *value;
    t.metric = std::string(label);
    const auto more = trim_spaces(after);
    if (!more.empty()) {
      t.metric += (t.metric.empty() ? "" : " ") + std::string(more);
    }
    return {true, t};
  }
  return {};
}

// "5% increase in X", "5 points decrease of X", or a bare "100% metric" (all of it) or
// "N% metric" (at least N%).
std::optional<Target> change_or_bare(std::string_view s)
{
  std::string_view rest = s;
  std::optional<Hundredths> amount = take_percent(rest);
  Target::Kind kind = Target::Kind::relative;
  if (!amount) {
    rest = s;
    amount = take_points(rest);
    kind = Target::Kind::points;
  }
  if (!amount) {
    return std::nullopt;
  }
  std::string_view after = trim_spaces(rest);
  const auto l = lower(after);
  Target t;
  for (auto [word, op] : {std::pair{std::string_view("increase"), Target::Op::ge},
                          std::pair{std::string_view("decrease"), Target::Op::le}}) {
    if (l.substr(0, word.size()) == word) {
      after = trim_spaces(after.substr(word.size()));
      for (std::string_view joiner : {"in ", "of ", "for "}) {
        if (lower(after.substr(0, joiner.size())) == joiner) {
          after = trim_spaces(after.substr(joiner.size()));
          break;
        }
      }
      t.kind = kind;
      t.op = op;
      t.value = *amount;
      t.metric = std::string(after);
      return t;
    }
  }
  if (kind == Target::Kind::points) {
    return std::nullopt;
  }
  t.kind = Target::Kind::comparison;
  t.op = *amount == 10000 ? Target::Op::eq : Target::Op::ge;
  t.value = *amount;
  t.metric = std::string(after);
  return t;
}

} // namespace

std::optional<Target> parse_target(std::string_view part)
{
  const std::string_view s = trim_spaces(part);
  for (auto form : {&comparison_first, &labelled}) {
    if (auto f = form(s); f.matched) {
      return f.target;
    }
  }
  return change_or_bare(s);
}

std::string_view op_text(Target::Op op)
{
  switch (op) {
  case Target::Op::ge: return ">=";
  case Target::Op::gt: return ">";
  case Target::Op::le: return "<=";
  case Target::Op::lt: return "<";
  case Target::Op::eq: return "=";
  }
  return "?";
}

// Wide enough for hundredths times 10,000 and more: goals compare exactly, never overflow.
__extension__ using Wide = __int128;

bool compare(Target::Op op, Wide a, Wide b)
{
  switch (op) {
  case Target::Op::ge: return a >= b;
  case Target::Op::gt: return a > b;
  case Target::Op::le: return a <= b;
  case Target::Op::lt: return a < b;
  case Target::Op::eq: return a == b;
  }
  return false;
}

} // namespace

std::optional<bool> Target::met_by(Hundredths actual, std::optional<Hundredths> baseline) const
{
  switch (kind) {
  case Kind::comparison: return compare(op, actual, value);
  case Kind::points:
    if (!baseline) {
      return std::nullopt;
    }
    return compare(op, actual, op == Op::ge ? Wide{*baseline} + value : Wide{*baseline} - value);
  case Kind::relative: {
    if (!baseline) {
      return std::nullopt;
    }
    // Exact: actual >= baseline * (1 + value/100), in integers (hundredths throughout), in 128
    // bits: a fuzzer found 5000 * 4444444444454300 past 64 (goal.cpp, 2026-11-28).
    const Wide lhs = Wide{actual} * 10000;
    const Wide rhs = Wide{*baseline} * (op == Op::ge ? Wide{10000} + value : Wide{10000} - value);
    return compare(op, lhs, rhs);
  }
  }
  return std::nullopt;
}

json::Value Target::to_json() const
{
  json::Value v = json::Value::object();
  v.set("metric", metric);
  v.set("kind", kind == Kind::comparison ? "comparison" : kind == Kind::relative ? "relative" : "points");
  v.set("op", std::string(op_text(op)));
  v.set("value", kind == Kind::points ? format_percent(value).substr(0, format_percent(value).size() - 1)
                                      : format_percent(value));
  return v;
}

Goal parse_goal(std::string_view text)
{
  Goal g;
  const auto l = lower(trim_spaces(text));
  if (l == "establish baseline" || l.starts_with("establish baseline")) {
    g.kind = Goal::Class::baseline;
    return g;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(';', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view part = trim_spaces(text.substr(start, end - start));
    start = end + 1;
    if (part.empty()) {
      continue;
    }
    if (auto t = parse_target(part)) {
      g.targets.push_back(std::move(*t));
    } else if (looks_numeric(part)) {
      g.unparsed.emplace_back(part);
    } else {
      g.qualitative.emplace_back(part);
    }
  }
  g.kind = g.targets.empty() ? Goal::Class::qualitative : Goal::Class::numeric;
  return g;
}

std::string_view to_string(Goal::Class c)
{
  switch (c) {
  case Goal::Class::numeric: return "numeric";
  case Goal::Class::baseline: return "baseline";
  case Goal::Class::qualitative: return "qualitative";
  }
  return "?";
}

std::string_view to_string(Frequency f)
{
  switch (f) {
  case Frequency::none: return "none";
  case Frequency::monthly: return "monthly";
  case Frequency::quarterly: return "quarterly";
  case Frequency::semiannual: return "semi-annual";
  case Frequency::annual: return "annual";
  case Frequency::as_needed: return "as-needed";
  case Frequency::varies: return "varies";
  }
  return "?";
}

namespace {

std::optional<Frequency> frequency_word(std::string_view l)
{
  if (l.find("depending on") != std::string_view::npos) {
    return Frequency::varies;
  }
  int found = 0;
  std::optional<Frequency> f;
  for (auto [word, freq] :
       {std::pair{"monthly", Frequency::monthly}, std::pair{"quarterly", Frequency::quarterly},
        std::pair{"semi-annual", Frequency::semiannual}, std::pair{"semiannual", Frequency::semiannual},
        std::pair{"annually", Frequency::annual}, std::pair{"annual", Frequency::annual}}) {
    if (l.find(word) != std::string_view::npos) {
      if (!f) {
        ++found;
        f = freq;
      } else if (*f != freq && !(freq == Frequency::annual && *f == Frequency::semiannual)) {
        ++found;
      }
    }
  }
  if (found > 1) {
    return Frequency::varies; // "Monthly, Quarterly, Annually"
  }
  if (f) {
    return f;
  }
  if (l.find("as needed") != std::string_view::npos) {
    return Frequency::as_needed;
  }
  return std::nullopt;
}

// "by Q1 2024" -> 2024-03-31; "by November 2024" -> 2024-11-30.
std::optional<calendar::Date> by_date(std::string_view l)
{
  auto at = l.find("by ");
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = l.substr(at + 3);
  if (rest.size() >= 7 && rest[0] == 'q' && rest[1] >= '1' && rest[1] <= '4' && rest[2] == ' ') {
    const int year = std::atoi(std::string(rest.substr(3, 4)).c_str());
    if (year > 0) {
      const unsigned month = static_cast<unsigned>(rest[1] - '0') * 3;
      return calendar::add_months(calendar::Date::from_ymd(year, month, 1), 1).plus_days(-1);
    }
  }
  for (unsigned m = 1; m <= 12; ++m) {
    const auto name = lower(calendar::month_name(m));
    if (rest.substr(0, name.size()) == name && rest.size() >= name.size() + 5) {
      const int year = std::atoi(std::string(rest.substr(name.size() + 1, 4)).c_str());
      if (year > 0) {
        return calendar::add_months(calendar::Date::from_ymd(year, m, 1), 1).plus_days(-1);
      }
    }
  }
  return std::nullopt;
}

} // namespace

Timeframe parse_timeframe(std::string_view text)
{
  Timeframe t;
  const auto l = lower(trim_spaces(text));
  if (l.empty() || l == "n/a" || l == "na" || l == "none") {
    t.frequency = Frequency::none;
    return t;
  }
  if (l.find("schedule") != std::string::npos && l.starts_with("per ")) {
    t.frequency = Frequency::varies; // set by someone else ("per DHCS schedule")
    return t;
  }
  // "meet at least Quarterly; 2025 UMC schedule completed by November 2024": the first part
  // gives the frequency, a "by" anywhere gives the deadline.
  const auto first = l.substr(0, l.find(';'));
  auto f = frequency_word(first);
  if (!f) {
    f = frequency_word(l);
  }
  t.by = by_date(l);
  if (!f && !t.by) {
    t.understood = false;
    return t;
  }
  t.frequency = f.value_or(Frequency::annual);
  return t;
}

Reporting parse_reporting(std::string_view text)
{
  Reporting r;
  const std::string_view s = trim_spaces(text);
  const auto dash = s.find(" - ");
  const auto l = lower(s);
  if (l.empty() || l == "n/a" || l.starts_with("n/a -") || l.starts_with("n/a-")) {
    return r; // operational: no committee report
  }
  if (dash == std::string_view::npos) {
    r.understood = false;
    return r;
  }
  r.committee = std::string(trim_spaces(s.substr(0, dash)));
  auto f = frequency_word(l.substr(dash + 3));
  if (!f) {
    r.understood = false;
    return r;
  }
  r.frequency = *f;
  return r;
}

std::optional<Period> parse_period(std::string_view text)
{
  auto year_of = [](std::string_view s) -> int {
    if (s.size() != 4 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return 0;
    }
    return std::atoi(std::string(s).c_str());
  };
  const int year = year_of(text.substr(0, 4));
  if (year == 0) {
    return std::nullopt;
  }
  auto month_span = [&](unsigned first, unsigned count) {
    const auto start = calendar::Date::from_ymd(year, first, 1);
    return Period{std::string(text), start,
                  calendar::add_months(start, static_cast<long>(count)).plus_days(-1)};
  };
  if (text.size() == 4) {
    return month_span(1, 12);
  }
  if (text.size() == 7 && text[4] == '-') {
    const char c = text[5];
    const char n = text[6];
    if (c == 'Q' && n >= '1' && n <= '4') {
      return month_span(static_cast<unsigned>(n - '1') * 3 + 1, 3);
    }
    if (c == 'H' && (n == '1' || n == '2')) {
      return month_span(n == '1' ? 1 : 7, 6);
    }
    const int month = (c - '0') * 10 + (n - '0');
    if (c >= '0' && c <= '1' && n >= '0' && n <= '9' && month >= 1 && month <= 12) {
      return month_span(static_cast<unsigned>(month), 1);
    }
  }
  return std::nullopt;
}

std::vector<Period> periods_of(int year, Frequency f)
{
  std::vector<Period> out;
  auto add = [&](std::string label) {
    if (auto p = parse_period(label)) {
      out.push_back(*p);
    }
  };
  switch (f) {
  case Frequency::monthly:
    for (int m = 1; m <= 12; ++m) {
      add(fmt::format("{}-{:02d}", year, m));
    }
    break;
  case Frequency::quarterly:
    for (int q = 1; q <= 4; ++q) {
      add(fmt::format("{}-Q{}", year, q));
    }
    break;
  case Frequency::semiannual:
    add(fmt::format("{}-H1", year));
    add(fmt::format("{}-H2", year));
    break;
  case Frequency::annual: add(fmt::format("{}", year)); break;
  default: break;
  }
  return out;
}

} // namespace qicase::workplan

// S.M.A.R.T. checks on an action plan's goal statement: the webinar's "Writing Out Your
// S.M.A.R.T Goal" (specific, measurable, attainable, relevant, time-bound) and its don'ts
// (vague or open-ended wording, too many goals, baselines that cannot be tracked in the year).
#include <qicase/actionplan/actionplan.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase::actionplan {

namespace {

std::vector<std::string> words(std::string_view s)
{
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) {
    out.push_back(w);
  }
  return out;
}

// Every "NN.NN%" in the text.
std::vector<Hundredths> percentages(std::string_view s)
{
  std::vector<Hundredths> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      continue;
    }
    std::size_t j = i;
    while (j > 0 && (std::isdigit(static_cast<unsigned char>(s[j - 1])) || s[j - 1] == '.')) {
      --j;
    }
    if (j < i) {
      if (auto v = parse_hundredths(s.substr(j, i - j))) {
        out.push_back(*v);
      }
    }
  }
  return out;
}

bool has_date(std::string_view text)
{
  const auto l = lower(text);
  for (unsigned m = 1; m <= 12; ++m) {
    const auto name = lower(calendar::month_name(m));
    for (auto at = l.find(name); at != std::string::npos; at = l.find(name, at + 1)) {
      // a year within the next few characters: "December 31, 2023", "June 2024"
      const auto tail = l.substr(at + name.size(), 12);
      for (std::size_t k = 0; k + 4 <= tail.size(); ++k) {
        if (std::isdigit(static_cast<unsigned char>(tail[k]))
            && std::isdigit(static_cast<unsigned char>(tail[k + 1]))
            && std::isdigit(static_cast<unsigned char>(tail[k + 2]))
            && std::isdigit(static_cast<unsigned char>(tail[k + 3]))
            && (tail.substr(k, 2) == "19" || tail.substr(k, 2) == "20")) {
          return true;
        }
      }
    }
  }
  for (std::size_t i = 0; i + 7 <= l.size(); ++i) {
    // "Q4 2023", "2023-12-31", "12/31/2023"
    if (l[i] == 'q' && l[i + 1] >= '1' && l[i + 1] <= '4' && l[i + 2] == ' '
        && std::isdigit(static_cast<unsigned char>(l[i + 3]))) {
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(l[i])) && l.size() >= i + 10 && l[i + 4] == '-'
        && l[i + 7] == '-') {
      return true;
    }
    if (l[i] == '/' && std::isdigit(static_cast<unsigned char>(l[i + 1]))) {
      const auto slash = l.find('/', i + 1);
      if (slash != std::string::npos && slash < i + 4 && slash + 2 < l.size()
          && std::isdigit(static_cast<unsigned char>(l[slash + 1]))) {
        return true;
      }
    }
  }
  return false;
}

bool names_who(std::string_view goal, const std::vector<std::string>& owners)
{
  const auto l = lower(goal);
  for (const auto& o : owners) {
    if (!o.empty() && l.find(lower(o)) != std::string::npos) {
      return true;
    }
  }
  static const std::set<std::string> k_roles = {
    "team",        "teams",        "staff",  "department", "committee", "manager", "managers", "director",
    "coordinator", "coordinators", "nurses", "physicians", "providers", "office",  "group"};
  for (const auto& w : words(goal)) {
    if (k_roles.count(w)) {
      return true;
    }
  }
  return false;
}

bool names_how(std::string_view goal)
{
  const auto w = words(goal);
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    if (w[i] == "by" && w[i + 1].size() > 4 && w[i + 1].substr(w[i + 1].size() - 3) == "ing") {
      return true; // "by reviewing", "by offering"
    }
  }
  const auto l = lower(goal);
  return l.find("will accomplish this goal by") != std::string::npos
         || l.find("will accomplish this by") != std::string::npos;
}

bool names_measure(std::string_view goal, std::string_view measure)
{
  const auto l = lower(goal);
  if (l.find(lower(measure)) != std::string::npos) {
    return true;
  }
  static const std::set<std::string> k_common = {"with", "for",    "and",   "the",   "of",     "in",
                                                 "to",   "within", "after", "visit", "visits", "days"};
  std::size_t significant = 0;
  std::size_t found = 0;
  const auto goal_words = words(goal);
  const std::set<std::string> present(goal_words.begin(), goal_words.end());
  for (const auto& w : words(measure)) {
    if (w.size() < 4 || k_common.count(w)) {
      continue;
    }
    ++significant;
    found += present.count(w) ? 1 : 0;
  }
  return significant > 0 && found * 3 >= significant * 2; // two thirds of its words
}

// S: who carries it out and how.
void check_specific(const SmartInput& in, std::vector<SmartFinding>& out)
{
  const bool who = names_who(in.goal, in.owners);
  const bool how = names_how(in.goal);
  if (!who || !how) {
    out.push_back({"specific", fmt::format("the goal does not say {}: name the team that carries it out and "
                                           "the steps (\"The Access team will accomplish this goal by "
                                           "offering same-day appointments\")",
                                           !who && !how ? "who will do it nor how"
                                           : !who       ? "who will do it"
                                                        : "how")});
  }
}

// M: the baseline and target rates the fields hold, stated in the goal.
void check_measurable(const SmartInput& in, const std::vector<Hundredths>& rates,
                      std::vector<SmartFinding>& out)
{
  auto states = [&](std::optional<Hundredths> v) {
    return v && std::find(rates.begin(), rates.end(), *v) != rates.end();
  };
  if (states(in.baseline) && states(in.target)) {
    return;
  }
  std::string said;
  for (auto r : rates) {
    said += (said.empty() ? "" : ", ") + format_percent(r);
  }
  const std::string want = in.baseline && in.target ? fmt::format(
                             "from {} to {}", format_percent(*in.baseline), format_percent(*in.target))
                                                    : "from BASELINE% to TARGET%";
  out.push_back({"measurable", fmt::format("the goal does not state the baseline and target rates the fields "
                                           "hold{}: write \"{}\"",
                                           said.empty() ? "" : fmt::format(" (it says {})", said), want)});
}

// A: the target improves on the baseline, by no more than twenty points in a year.
void check_achievable(const SmartInput& in, std::vector<SmartFinding>& out)
{
  if (!in.baseline || !in.target) {
    return;
  }
  const Hundredths gap = in.higher ? *in.target - *in.baseline : *in.baseline - *in.target;
  if (gap <= 0) {
    out.push_back(
      {"achievable", fmt::format("the target {} does not improve on the baseline {} ({} is better)",
                                 format_percent(*in.target), format_percent(*in.baseline),
                                 in.higher ? "higher" : "lower")});
  } else if (gap > 2000) {
    out.push_back(
      {"achievable", fmt::format("a {}-point change from {} to {} in one year is implausibly large: "
                                 "set an ambitious but realistic target",
                                 format_percent(gap).substr(0, format_percent(gap).size() - 1),
                                 format_percent(*in.baseline), format_percent(*in.target))});
  }
}

// The program's vague phrases, and more than one goal in one statement.
void check_wording(const SmartInput& in, const std::vector<Hundredths>& rates, std::vector<SmartFinding>& out)
{
  const auto l = lower(in.goal);
  if (in.program != nullptr) {
    for (const auto& phrase : in.program->vague_phrases) {
      if (!phrase.empty() && l.find(lower(phrase)) != std::string::npos) {
        out.push_back({"vague", fmt::format("\"{}\" is vague or open-ended: say exactly what, by "
                                            "how much and by when",
                                            phrase)});
        break;
      }
    }
  }
  std::set<Hundredths> distinct(rates.begin(), rates.end());
  std::size_t goal_is = 0;
  for (auto at = l.find("goal is to"); at != std::string::npos; at = l.find("goal is to", at + 1)) {
    ++goal_is;
  }
  if (distinct.size() > 2 || goal_is > 1) {
    out.push_back({"too-many-goals", "the statement sets more than one goal: keep one measure, "
                                     "one baseline and one target per goal"});
  }
}

// A baseline whose source updates only yearly cannot show progress through the year.
void check_baseline_source(const SmartInput& in, std::vector<SmartFinding>& out)
{
  const auto updates = lower(in.baseline_updates);
  bool yearly = updates == "yearly" || updates == "annually" || updates == "annual";
  if (in.program != nullptr && !in.baseline_source.empty()) {
    const auto source = lower(in.baseline_source);
    for (const auto& y : in.program->sources_yearly) {
      yearly = yearly || source.find(lower(y)) != std::string::npos;
    }
  }
  if (yearly) {
    out.push_back(
      {"baseline-yearly", fmt::format("the baseline source \"{}\" updates only yearly, so progress "
                                      "cannot be tracked through the year: use one that updates "
                                      "monthly or quarterly (e.g. the Provider Opportunity Report)",
                                      in.baseline_source)});
  }
}

} // namespace

std::vector<SmartFinding> smart_checks(const SmartInput& in)
{
  std::vector<SmartFinding> out;
  const auto rates = percentages(in.goal);
  check_specific(in, out);
  check_measurable(in, rates, out);
  check_achievable(in, out);
  if (!in.measure.empty() && !names_measure(in.goal, in.measure)) {
    out.push_back({"relevant", fmt::format("the goal does not name its measure, \"{}\"", in.measure)});
  }
  if (!has_date(in.goal)) {
    out.push_back({"time-bound", "the goal sets no deadline: add a date or a month and year "
                                 "(\"by December 31, 2023\")"});
  }
  check_wording(in, rates, out);
  check_baseline_source(in, out);
  return out;
}

} // namespace qicase::actionplan

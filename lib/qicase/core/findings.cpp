#include <qicase/core/findings.hpp>

#include <map>
#include <utility>

#include <fmt/format.h>

#include <qicase/core/rules.hpp>
#include <qicase/core/text.hpp>

namespace qicase {

namespace {

// The rule's clause ("" when the catalogue gives none) of a finding.
std::string_view clause_of(const Diagnostic& d)
{
  const Rule* rule = find_rule(d.rule);
  return rule != nullptr ? rule->clause : std::string_view();
}

} // namespace

Found found_in(const Diagnostics& diags)
{
  Found found;
  for (const auto& d : diags.items()) {
    const Rule* rule = find_rule(d.rule);
    if (rule != nullptr && rule->cls == RuleClass::finding) {
      found.findings.push_back(d);
    } else if (d.severity == Severity::error) {
      found.unread.push_back(d);
    }
  }
  return found;
}

void attach_findings(json::Value& report, const Found& found)
{
  json::Value findings = json::Value::array();
  for (const auto& d : found.findings) {
    const auto clause = clause_of(d);
    json::Value item = json::Value::object();
    item.set("rule", d.rule);
    item.set("clause", clause.empty() ? json::Value() : json::Value(clause));
    item.set("severity", std::string(to_string(d.severity)));
    item.set("item", d.item);
    item.set("line", d.mark.line);
    item.set("column", d.mark.column);
    item.set("message", d.message);
    findings.push(std::move(item));
  }
  json::Value unread = json::Value::array();
  for (const auto& d : found.unread) {
    json::Value item = json::Value::object();
    item.set("rule", d.rule);
    item.set("line", d.mark.line);
    item.set("column", d.mark.column);
    item.set("message", d.message);
    unread.push(std::move(item));
  }
  report.set("findings", std::move(findings));
  report.set("unread", std::move(unread));
}

std::string text_heading(std::string_view path, std::string_view id, std::string_view status)
{
  return fmt::format("{}: {}  {}\n", path, id, status);
}

std::string text_not_reported(std::string_view path)
{
  return fmt::format("{}: not reported: fix the errors above\n", path);
}

std::string text_findings(const Found& found)
{
  std::string out;
  if (!found.findings.empty()) {
    // One entry a rule, in the order first found, with its clause and how often it fired.
    std::vector<std::pair<std::string, std::size_t>> rules;
    std::map<std::string, std::size_t> index;
    for (const auto& d : found.findings) {
      const auto clause = clause_of(d);
      auto key = clause.empty() ? d.rule : fmt::format("{} ({})", d.rule, clause);
      const auto [it, added] = index.emplace(key, rules.size());
      if (added) {
        rules.emplace_back(std::move(key), 0);
      }
      ++rules[it->second].second;
    }
    out += fmt::format("  findings     {}:", found.findings.size());
    for (const auto& [rule, n] : rules) {
      out += fmt::format(" {}{}{}", rule, n > 1 ? fmt::format(" x{}", n) : "",
                         &rule == &rules.back().first ? "" : ",");
    }
    out += '\n';
  }
  if (!found.unread.empty()) {
    const auto n = found.unread.size();
    out += fmt::format("  unread       {} part{} of the file could not be read and {} left out "
                       "(see the errors above)\n",
                       n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
  }
  return out;
}

std::string markdown_findings(std::string_view path, std::string_view id, const Found& found, int level)
{
  if (found.findings.empty() && found.unread.empty()) {
    return {};
  }
  std::string out = fmt::format("{} Findings: {}\n\n", std::string(static_cast<std::size_t>(level), '#'),
                                markdown_text(id.empty() ? path : id));
  auto item = [&](const Diagnostic& d, std::string_view severity, std::string_view clause) {
    out += fmt::format("- {} {} {}{}: {}\n",
                       markdown_code(fmt::format("{}:{}:{}", path, d.mark.line, d.mark.column)), severity,
                       markdown_code(d.rule), clause.empty() ? "" : " (" + markdown_text(clause) + ")",
                       markdown_text(d.message));
  };
  for (const auto& d : found.findings) {
    item(d, to_string(d.severity), clause_of(d));
  }
  for (const auto& d : found.unread) {
    item(d, "not read", {});
  }
  return out + "\n";
}

} // namespace qicase

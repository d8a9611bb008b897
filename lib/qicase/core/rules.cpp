// The catalogue of rules: SARIF lists it (tool.driver.rules), results point into it by index.
// Rule ids are stable (qicase-files(5), RULES); the texts say what each finds, the clause what
// it enforces (procedure 4.9A, policy QI 27A).
#include <qicase/core/rules.hpp>

#include <algorithm>

namespace qicase {

namespace {
constexpr auto E = Severity::error;
constexpr auto W = Severity::warning;
constexpr auto F = RuleClass::finding; // the case breaks the procedure: reported, never withheld
constexpr auto P = RuleClass::problem; // the file cannot be read as a case there
constexpr std::string_view k_files = "qicase-files(5)";
constexpr std::string_view k_config = "qicase-config(5)";
constexpr std::string_view k_notice = "qicase-notice(1)";
constexpr std::string_view k_qcar = "qicase-qcar(1)";
constexpr std::string_view k_cap = "qicase-cap(1)";
constexpr std::string_view k_plan = "qicase-actionplan(1)";
constexpr std::string_view k_audit = "qicase-audit-score(1)";
constexpr std::string_view k_work = "qicase-workplan(1)";
constexpr std::string_view k_evidence = "qicase-evidence(1)";
constexpr std::string_view k_delegate = "qicase-delegate(5)";
} // namespace

const std::vector<Rule>& rules()
{
  static const std::vector<Rule> k_rules = [] {
    std::vector<Rule> r = {
      // clang-format off
      // id                              lvl cls clause         page        text
      {"actionplan.activities",         E, F, "",             k_plan,      "A measure's planned activities are missing or lack an id."},
      {"actionplan.barriers",           E, F, "",             k_plan,      "Barriers are reported without the changes that will resolve them."},
      {"actionplan.baseline",           E, F, "",             k_plan,      "A measure's baseline (rate, source) is missing or malformed."},
      {"actionplan.changes",            E, F, "",             k_plan,      "The final stage says the goal was not met but gives no changes the group would implement."},
      {"actionplan.contacts",           E, F, "",             k_plan,      "A contact lacks its name or role."},
      {"actionplan.domain",             E, P, "",             k_plan,      "A measure's domain is missing or not one of the program's."},
      {"actionplan.domains",            E, F, "",             k_plan,      "A domain group the program requires has no measure."},
      {"actionplan.final",              E, F, "",             k_plan,      "The final stage lacks its rate, goal attainment or conclusions."},
      {"actionplan.goal",               E, F, "",             k_plan,      "A measure has no S.M.A.R.T. goal statement."},
      {"actionplan.goal-met",           E, F, "",             k_plan,      "The final stage does not say whether the goal was met."},
      {"actionplan.initial",            E, F, "",             k_plan,      "A measure has no initial action plan."},
      {"actionplan.lines-of-business",  E, F, "",             k_plan,      "The plan names no line of business with its measures."},
      {"actionplan.measure",            E, P, "",             k_plan,      "A measure is missing or not on the program's list for its line of business."},
      {"actionplan.measures",           E, F, "",             k_plan,      "The plan lists no measures worked on."},
      {"actionplan.organization",       E, F, "",             k_plan,      "The plan does not name the IPA or medical group."},
      {"actionplan.owners",             E, F, "",             k_plan,      "A measure does not say who carries out the plan."},
      {"actionplan.program",            E, P, "",             k_plan,      "The plan does not name the program it answers, or names an unknown one."},
      {"actionplan.status",             E, P, "",             k_plan,      "An activity's status is not on-track, delayed, done, not-started or cancelled."},
      {"actionplan.submitted",          W, F, "",             k_plan,      "A stage or the plan has no submitted date, so its timeliness cannot be judged."},
      {"actionplan.target",             E, F, "",             k_plan,      "A measure's target (rate, by) is missing or malformed."},
      {"audit.action-missing",          W, F, "",             k_audit,     "An element scored below 100% has no corrective action."},
      {"audit.corrective-action",       E, P, "",             k_audit,     "A corrective action lacks its element, action or due date, or names no scored element."},
      {"audit.critical",                E, P, "",             k_audit,     "An element with a critical factor is scored without the list of factors met."},
      {"audit.date",                    E, P, "",             k_audit,     "The audit has no date."},
      {"audit.delegate",                E, P, "",             k_audit,     "The audit does not name the delegated group."},
      {"audit.delegation",              W, P, "",             k_audit,     "Whether the group sub-delegates (which picks the points column) is not stated."},
      {"audit.element",                 E, P, "",             k_audit,     "A result names an element the rubric's standard does not have."},
      {"audit.element-missing",         W, F, "",             k_audit,     "An element of the rubric has no result and is left out of the score."},
      {"audit.factor",                  E, P, "",             k_audit,     "Factor numbers are out of range or listed twice."},
      {"audit.file-review",             E, P, "",             k_audit,     "A file-review element gives a different number of percentages than it has factors."},
      {"audit.na-factor",               W, P, "",             k_audit,     "A factor that does not apply is written as a score instead of na."},
      {"audit.next-oversight",          E, P, "",             k_audit,     "The next oversight date is not after the audit."},
      {"audit.no-tier",                 E, P, "",             k_audit,     "No scoring tier of the element matches the factors met."},
      {"audit.previous",                E, P, "",             k_audit,     "The previous audit named is not dated before this one."},
      {"audit.result",                  E, P, "",             k_audit,     "A result is neither na nor a mapping such as {met: 11}."},
      {"audit.results",                 E, P, "",             k_audit,     "The audit has no results."},
      {"audit.score",                   E, P, "",             k_audit,     "A result names a scoring option the element does not have."},
      {"audit.standard",                E, P, "",             k_audit,     "A result names a standard the rubric does not have."},
      {"audit.standard-missing",        W, F, "",             k_audit,     "A standard of the rubric has no results and is left out of the score."},
      {"audit.type",                    E, P, "",             k_audit,     "The type of assessment is not pre-delegation, annual, shared-annual or compliance."},
      {"calendar.closure",              E, P, "",             k_files,     "A closure of a calendar file has no usable date."},
      {"calendar.extends",              E, P, "",             k_files,     "A calendar extends itself, or a chain of calendars is too deep."},
      {"calendar.holiday",              E, P, "",             k_files,     "A holiday rule of a calendar file cannot be used."},
      {"calendar.no-business-day",      E, P, "",             k_files,     "A calendar has a year or more with no business day, so business days never come."},
      {"calendar.remove",               E, P, "",             k_files,     "A calendar removes a holiday it does not inherit."},
      {"calendar.weekday",              E, P, "",             k_files,     "A weekend day is not a weekday name."},
      {"calendar.weekend",              E, P, "",             k_files,     "Every day of the week is a weekend day."},
      {"cap.action",                    E, F, "4.9A F.1",     k_cap,       "An action lacks its id or the specific action taken for remediation."},
      {"cap.actions",                   E, F, "4.9A F.1",     k_cap,       "A deficiency has no action for remediation."},
      {"cap.dates",                     E, P, "",             k_cap,       "A CAP date comes before the notice it answers was issued."},
      {"cap.deficiencies",              E, F, "4.9A F",       k_cap,       "The CAP lists no deficiency."},
      {"cap.deficiency",                E, P, "",             k_cap,       "A deficiency lacks its id or what is deficient."},
      {"cap.due",                       E, F, "4.9A F.4",     k_cap,       "An action lacks the timeframe in which it is to be effective."},
      {"cap.finding",                   E, P, "",             k_cap,       "A deficiency names a finding the notice does not have."},
      {"cap.finding-uncovered",         E, F, "4.9A F",       k_cap,       "A finding of the notice has no deficiency in the CAP."},
      {"cap.measure",                   E, F, "4.9A F.2",     k_cap,       "An action does not say how it is measured and monitored."},
      {"cap.monitor",                   E, F, "4.9A K",       k_cap,       "The CAP does not say who monitors it."},
      {"cap.monitoring",                E, F, "4.9A F.4",     k_cap,       "An action lacks the interval at which progress is monitored and reported."},
      {"cap.notice-requires",           W, F, "4.9A C",       k_cap,       "The notice requires another response than a CAP."},
      {"cap.opened",                    E, P, "",             k_cap,       "The CAP has no opening date."},
      {"cap.outcome",                   E, F, "4.9A F.5",     k_cap,       "An action lacks its anticipated outcome."},
      {"cap.owner",                     E, F, "4.9A F.3",     k_cap,       "An action does not name the staff responsible."},
      {"cap.progress",                  E, F, "4.9A F.4",     k_cap,       "A monitoring report lacks its date or measurement."},
      {"cap.remedied",                  E, F, "4.9A F.2, H",  k_cap,       "A deficiency is recorded remedied without its measure meeting the target or a report or evidence backing it."},
      {"cap.root-cause",                E, F, "4.9A F.1",     k_cap,       "A deficiency has no analysis of its causes."},
      {"cap.source",                    E, P, "",             k_cap,       "The CAP answers both a notice and an audit."},
      {"cap.submitted",                 W, F, "",             k_cap,       "The CAP has no submitted date, so the notice shows no response."},
      {"cap.target",                    W, P, "",             k_cap,       "A target is not a comparison qicase can judge, such as >= 95%."},
      {"config.file",                   E, P, "",             k_config,    "The configuration file cannot be read or is over 64 KiB."},
      {"config.key",                    E, P, "",             k_config,    "The configuration sets a format for a command that does not exist."},
      {"config.value",                  E, P, "",             k_config,    "A configuration value is not of its kind (a duration, a format the command prints)."},
      {"cquic.agreed",                  E, F, "QI 27A.2",     k_plan,      "A coaching plan does not say when the IPA agreed to take part."},
      {"cquic.check-ins",               E, F, "QI 27A.3",     k_plan,      "A check-in lacks its date."},
      {"cquic.estimates",               E, F, "QI 27A.3",     k_plan,      "A quarterly estimate lacks its quarter or rate."},
      {"cquic.measures",                E, F, "QI 27A.2",     k_plan,      "A coaching plan does not cover exactly the lowest QI measures of the notification."},
      {"cquic.notice",                  E, F, "QI 27A.1",     k_plan,      "A coaching plan does not name the notification it answers."},
      {"date.day-off",                  W, F, "4.9A B.2",     k_files,     "A deadline of the procedure written by hand falls on a weekend day, holiday or closure."},
      {"delegate.agreement",            E, P, "",             k_delegate,  "A delegation agreement ends before it takes effect."},
      {"delegate.names",                E, P, "",             k_delegate,  "A name or alias is claimed by two delegates of the registry."},
      {"delegate.unknown",              E, P, "",             k_delegate,  "A `delegate:` id names no delegate file of the repository."},
      {"delegate.unmatched",            W, P, "",             k_delegate,  "A delegate's name in a case matches no name or alias of the registry."},
      {"evidence.changed",              E, F, "4.9A D.4",     k_evidence,  "A pinned evidence file is not the file that was accepted: its sha256 or size differs."},
      {"evidence.missing",              E, F, "4.9A D.4",     k_evidence,  "A cited evidence file does not exist (a warning where no status rests on it)."},
      {"evidence.path",                 E, P, "",             k_evidence,  "A cited evidence path is absolute, leaves the repository or is a folder."},
      {"evidence.pin",                  E, P, "",             k_evidence,  "A recorded sha256 is not 64 hex digits, or pins no file (a warning for a web address, which nothing can verify)."},
      {"evidence.unpinned",             E, F, "4.9A D.4",     k_evidence,  "A cited document is present but not pinned, where .qicase.yaml sets require-pinned-evidence."},
      {"field.choice",                  E, P, "",             k_files,     "A value is not one of the words allowed."},
      {"field.date",                    E, P, "",             k_files,     "A date is malformed or impossible."},
      {"field.duration",                E, P, "",             k_files,     "A duration is malformed."},
      {"field.range",                   E, P, "",             k_files,     "A number is out of its range."},
      {"field.rate",                    E, P, "",             k_files,     "A rate is malformed."},
      {"field.required",                E, P, "",             k_files,     "A required field is missing."},
      {"field.type",                    E, P, "",             k_files,     "A value is of the wrong type."},
      {"field.unknown",                 E, P, "",             k_files,     "A key is not one the kind knows."},
      {"file.binary",                   E, P, "",             k_files,     "The file holds a NUL byte: it is binary."},
      {"file.duplicate-id",             E, P, "",             k_files,     "Two files of the repository have the same id."},
      {"file.empty",                    E, P, "",             k_files,     "The file holds no document."},
      {"file.encoding",                 E, P, "",             k_files,     "The file is not UTF-8."},
      {"file.id",                       E, P, "",             k_files,     "The file has no usable id."},
      {"file.key-order",                W, P, "",             k_files,     "kind and id are not the first two keys."},
      {"file.kind",                     E, P, "",             k_files,     "The file has no kind or an unknown one, or is of another kind than the command takes."},
      {"file.no-case-files",            E, P, "",             k_files,     "A folder given holds no case file."},
      {"file.not-a-case",               E, P, "",             k_files,     "The file is not a mapping."},
      {"file.not-found",                E, P, "",             k_files,     "A path given does not exist, or a pattern matches no file."},
      {"file.too-large",                E, P, "",             k_files,     "The file is over 4 MiB."},
      {"file.unreadable",               E, P, "",             k_files,     "A path given cannot be read or is not a regular file."},
      {"kind.unsupported",              W, P, "",             k_files,     "This version of qicase cannot validate files of this kind."},
      {"notice.basis",                  E, F, "4.9A B.1",     k_notice,    "A finding does not state its statutory or regulatory basis."},
      {"notice.cap-category",           W, F, "4.9A L",       k_notice,    "A QCAR is required for a finding of a category for which a CAP may be required."},
      {"notice.category",               E, P, "4.9A L",       k_notice,    "A finding's category is missing or unknown."},
      {"notice.closed",                 E, P, "",             k_notice,    "The notice is closed before it was issued."},
      {"notice.contest",                E, F, "4.9A B.3",     k_notice,    "The notice does not state the opportunity to contest, or its dates are inconsistent."},
      {"notice.contest-late",           W, F, "4.9A B.3",     k_notice,    "A contest was filed after its deadline."},
      {"notice.evidence",               E, F, "4.9A B.1",     k_notice,    "A finding lists no objective evidence."},
      {"notice.finding-id",             E, P, "",             k_notice,    "A finding has no id, or one used twice."},
      {"notice.findings",               E, F, "4.9A B.1",     k_notice,    "The notice has no finding."},
      {"notice.issued",                 E, P, "4.9A B",       k_notice,    "The notice has no issue date."},
      {"notice.issuer",                 E, F, "4.9A B",       k_notice,    "The notice does not name its issuer."},
      {"notice.measures",               E, P, "",             k_notice,    "A measure of the notice lacks its name or rate."},
      {"notice.recipient",              E, F, "4.9A B",       k_notice,    "The notice does not name its recipient."},
      {"notice.response",               E, F, "4.9A B.2",     k_notice,    "The notice does not state the response required and when."},
      {"notice.response-date",          E, P, "4.9A B.2",     k_notice,    "The response date is missing, given twice, not after the issue date, or out of range."},
      {"notice.response-kind",          E, P, "4.9A C",       k_notice,    "The response required is not a QCAR, a CAP or an action plan."},
      {"notice.summary",                E, P, "",             k_notice,    "A finding has no summary."},
      {"policy.category",               E, P, "4.9A L",       k_files,     "A policy names an unknown finding category."},
      {"program.cycle",                 E, P, "",             k_plan,      "A program's stage dates are out of order."},
      {"program.measures",              E, P, "",             k_plan,      "A program's measure lists are malformed."},
      {"qcar.action",                   E, F, "4.9A D.1",     k_qcar,      "An action lacks the specific action to be taken."},
      {"qcar.actions",                  E, F, "4.9A D.1",     k_qcar,      "The QCAR lists no actions."},
      {"qcar.deadline",                 E, P, "4.9A D.3",     k_qcar,      "The remediation deadline cannot be computed within 0001-9999 or on the calendar."},
      {"qcar.due",                      E, F, "4.9A D.3",     k_qcar,      "An action has no due date, or one before the notice."},
      {"qcar.due-late",                 E, F, "4.9A D.3",     k_qcar,      "An action is due after the remediation deadline."},
      {"qcar.evidence",                 E, P, "4.9A D.4",     k_qcar,      "Evidence lacks its date or what it shows."},
      {"qcar.evidence-date",            E, F, "4.9A D.4",     k_qcar,      "Evidence is dated before the notice."},
      {"qcar.evidence-late",            W, F, "4.9A D.4",     k_qcar,      "Evidence is dated after the remediation deadline."},
      {"qcar.extension",                E, P, "4.9A D.3",     k_qcar,      "An extension lacks its dates, is approved before it was requested, or changes nothing."},
      {"qcar.extension-late",           E, F, "4.9A D.3",     k_qcar,      "An extension was approved after the deadline it extends: the deadline stays."},
      {"qcar.finding",                  E, P, "4.9A D.1",     k_qcar,      "An action names no finding of the notice."},
      {"qcar.finding-uncovered",        E, F, "4.9A D.1",     k_qcar,      "A finding of the notice has no action in the QCAR."},
      {"qcar.late-response",            W, F, "4.9A B.2",     k_qcar,      "The QCAR was submitted after the notice's response date."},
      {"qcar.measure",                  E, F, "4.9A D.2",     k_qcar,      "An action does not say how successful remediation is measured."},
      {"qcar.monitor",                  E, F, "4.9A E",       k_qcar,      "The QCAR does not say who at the issuer monitors it."},
      {"qcar.notice",                   E, P, "",             k_qcar,      "The QCAR does not name the notice it answers."},
      {"qcar.notice-requires",          W, F, "4.9A C",       k_qcar,      "The notice requires another response than a QCAR."},
      {"qcar.submitted",                E, F, "4.9A B.2",     k_qcar,      "The QCAR has no submitted date (the notice shows no response from it), or one before the notice."},
      {"ref.dangling",                  E, P, "",             k_files,     "A reference names an id that no file or built-in has."},
      {"ref.invalid",                   E, P, "",             k_files,     "A reference names a file that has errors."},
      {"ref.kind",                      E, P, "",             k_files,     "A reference names a file of another kind."},
      {"rubric.band",                   E, P, "",             k_audit,     "A rubric names a band other than high, medium or low."},
      {"rubric.bands",                  E, P, "",             k_audit,     "A rubric's bands overlap or are out of order."},
      {"rubric.columns",                E, P, "",             k_audit,     "A rubric's points columns are missing or malformed."},
      {"rubric.count",                  E, P, "",             k_audit,     "A count of factors in a rubric is malformed."},
      {"rubric.element",                E, P, "",             k_audit,     "A rubric's standard lacks its elements."},
      {"rubric.factor",                 E, P, "",             k_audit,     "A rubric lists factor numbers out of range."},
      {"rubric.oversight-cycle",        E, P, "",             k_audit,     "A rubric's oversight cycle is not a positive duration."},
      {"rubric.points",                 E, P, "",             k_audit,     "A rubric gives points for another number of columns than it has."},
      {"rubric.rating",                 E, P, "",             k_audit,     "A rubric's rating tiers are missing or malformed."},
      {"rubric.samples",                E, P, "",             k_audit,     "A rubric's file-review sample rule is malformed."},
      {"rubric.standard",               E, P, "",             k_audit,     "A rubric's standard lacks its id."},
      {"rubric.standard-sum",           W, P, "",             k_audit,     "A standard's printed points differ from the sum of its elements."},
      {"rubric.tier",                   E, P, "",             k_audit,     "An element's scoring tiers are missing or malformed."},
      {"rubric.tier-order",             E, P, "",             k_audit,     "An element's tiers are not ordered from the highest score down."},
      {"workplan.baseline",             W, F, "",             k_work,      "A goal that changes a baseline has no baseline to judge it from."},
      {"workplan.goal",                 W, P, "",             k_work,      "A goal looks numeric but holds no target qicase can read."},
      {"workplan.import",               E, P, "",             k_work,      "A work plan table cannot be imported."},
      {"workplan.measure",              E, P, "",             k_work,      "A measure lacks its id or what is measured, or reuses an id."},
      {"workplan.period",               E, P, "",             k_work,      "A period is not 2024-Q1, 2024-H1, 2024-03 or 2024, or is outside the plan's year."},
      {"workplan.reporting",            W, P, "",             k_work,      "Reporting is not written as COMMITTEE - frequency."},
      {"workplan.results",              E, P, "",             k_work,      "A result lacks its period or value."},
      {"workplan.sections",             E, F, "",             k_work,      "The plan has no sections with measures."},
      {"workplan.timeframe",            W, P, "",             k_work,      "A timeframe names no frequency qicase can read."},
      {"workplan.values",               E, P, "",             k_work,      "A result names a target the goal does not have."},
      {"workplan.year",                 E, P, "",             k_work,      "The plan has no year."},
      {"yaml.alias",                    E, P, "",             k_files,     "An alias refers to an anchor that is not complete."},
      {"yaml.duplicate-key",            E, P, "",             k_files,     "A key is given twice in one mapping."},
      {"yaml.key",                      E, P, "",             k_files,     "A key is not plain text."},
      {"yaml.multi-document",           E, P, "",             k_files,     "A file holds a second YAML document."},
      {"yaml.syntax",                   E, P, "",             k_files,     "The file is not valid YAML."},
      {"yaml.too-deep",                 E, P, "",             k_files,     "Nesting is deeper than 64 levels."},
      {"yaml.too-large",                E, P, "",             k_files,     "The file has more than 250000 values, aliases counted as expanded."},
      // clang-format on
    };
    std::sort(r.begin(), r.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
    return r;
  }();
  return k_rules;
}

const Rule* find_rule(std::string_view id)
{
  const auto& all = rules();
  const auto it = std::lower_bound(all.begin(), all.end(), id,
                                   [](const Rule& r, std::string_view key) { return r.id < key; });
  return it != all.end() && it->id == id ? &*it : nullptr;
}

bool is_finding(std::string_view id)
{
  const Rule* rule = find_rule(id);
  return rule != nullptr && rule->cls == RuleClass::finding;
}

bool has_file_problems(const Diagnostics& diags)
{
  return std::any_of(diags.items().begin(), diags.items().end(), [](const Diagnostic& d) {
    return d.severity == Severity::error && !is_finding(d.rule);
  });
}

} // namespace qicase

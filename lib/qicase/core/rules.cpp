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
      // id                          level class clause         text                                                                                  page
      {"actionplan.activities", E, F, "", "A measure's planned activities are missing or lack an id.",
       k_plan},
      {"actionplan.barriers", E, F, "", "Barriers are reported without the changes that will resolve them.",
       k_plan},
      {"actionplan.baseline", E, F, "", "A measure's baseline (rate, source) is missing or malformed.",
       k_plan},
      {"actionplan.changes", E, F, "",
       "The final stage says the goal was not met but gives no changes the group would implement.", k_plan},
      {"actionplan.contacts", E, F, "", "A contact lacks its name or role.", k_plan},
      {"actionplan.domain", E, P, "", "A measure's domain is missing or not one of the program's.", k_plan},
      {"actionplan.domains", E, F, "", "A domain group the program requires has no measure.", k_plan},
      {"actionplan.final", E, F, "", "The final stage lacks its rate, goal attainment or conclusions.",
       k_plan},
      {"actionplan.goal", E, F, "", "A measure has no S.M.A.R.T. goal statement.", k_plan},
      {"actionplan.goal-met", E, F, "", "The final stage does not say whether the goal was met.", k_plan},
      {"actionplan.initial", E, F, "", "A measure has no initial action plan.", k_plan},
      {"actionplan.lines-of-business", E, F, "", "The plan names no line of business with its measures.",
       k_plan},
      {"actionplan.measure", E, P, "",
       "A measure is missing or not on the program's list for its line of business.", k_plan},
      {"actionplan.measures", E, F, "", "The plan lists no measures worked on.", k_plan},
      {"actionplan.organization", E, F, "", "The plan does not name the IPA or medical group.", k_plan},
      {"actionplan.owners", E, F, "", "A measure does not say who carries out the plan.", k_plan},
      {"actionplan.program", E, P, "",
       "The plan does not name the program it answers, or names an unknown one.", k_plan},
      {"actionplan.status", E, P, "",
       "An activity's status is not on-track, delayed, done, not-started or cancelled.", k_plan},
      {"actionplan.submitted", W, F, "",
       "A stage or the plan has no submitted date, so its timeliness cannot be judged.", k_plan},
      {"actionplan.target", E, F, "", "A measure's target (rate, by) is missing or malformed.", k_plan},
      {"audit.action-missing", W, F, "", "An element scored below 100% has no corrective action.", k_audit},
      {"audit.corrective-action", E, P, "",
       "A corrective action lacks its element, action or due date, or names no scored element.", k_audit},
      {"audit.critical", E, P, "",
       "An element with a critical factor is scored without the list of factors met.", k_audit},
      {"audit.date", E, P, "", "The audit has no date.", k_audit},
      {"audit.delegate", E, P, "", "The audit does not name the delegated group.", k_audit},
      {"audit.delegation", W, P, "",
       "Whether the group sub-delegates (which picks the points column) is not stated.", k_audit},
      {"audit.element", E, P, "", "A result names an element the rubric's standard does not have.", k_audit},
      {"audit.element-missing", W, F, "",
       "An element of the rubric has no result and is left out of the score.", k_audit},
      {"audit.factor", E, P, "", "Factor numbers are out of range or listed twice.", k_audit},
      {"audit.file-review", E, P, "",
       "A file-review element gives a different number of percentages than it has factors.", k_audit},
      {"audit.na-factor", W, P, "", "A factor that does not apply is written as a score instead of na.",
       k_audit},
      {"audit.next-oversight", E, P, "", "The next oversight date is not after the audit.", k_audit},
      {"audit.no-tier", E, P, "", "No scoring tier of the element matches the factors met.", k_audit},
      {"audit.previous", E, P, "", "The previous audit named is not dated before this one.", k_audit},
      {"audit.result", E, P, "", "A result is neither na nor a mapping such as {met: 11}.", k_audit},
      {"audit.results", E, P, "", "The audit has no results.", k_audit},
      {"audit.score", E, P, "", "A result names a scoring option the element does not have.", k_audit},
      {"audit.standard", E, P, "", "A result names a standard the rubric does not have.", k_audit},
      {"audit.standard-missing", W, F, "",
       "A standard of the rubric has no results and is left out of the score.", k_audit},
      {"audit.type", E, P, "",
       "The type of assessment is not pre-delegation, annual, shared-annual or compliance.", k_audit},
      {"calendar.closure", E, P, "", "A closure of a calendar file has no usable date.", k_files},
      {"calendar.extends", E, P, "", "A calendar extends itself, or a chain of calendars is too deep.",
       k_files},
      {"calendar.holiday", E, P, "", "A holiday rule of a calendar file cannot be used.", k_files},
      {"calendar.no-business-day", E, P, "",
       "A calendar has a year or more with no business day, so business days never come.", k_files},
      {"calendar.remove", E, P, "", "A calendar removes a holiday it does not inherit.", k_files},
      {"calendar.weekday", E, P, "", "A weekend day is not a weekday name.", k_files},
      {"calendar.weekend", E, P, "", "Every day of the week is a weekend day.", k_files},
      {"cap.action", E, F, "4.9A F.1", "An action lacks its id or the specific action taken for remediation.",
       k_cap},
      {"cap.actions", E, F, "4.9A F.1", "A deficiency has no action for remediation.", k_cap},
      {"cap.dates", E, P, "", "A CAP date comes before the notice it answers was issued.", k_cap},
      {"cap.deficiencies", E, F, "4.9A F", "The CAP lists no deficiency.", k_cap},
      {"cap.deficiency", E, P, "", "A deficiency lacks its id or what is deficient.", k_cap},
      {"cap.due", E, F, "4.9A F.4", "An action lacks the timeframe in which it is to be effective.", k_cap},
      {"cap.finding", E, P, "", "A deficiency names a finding the notice does not have.", k_cap},
      {"cap.finding-uncovered", E, F, "4.9A F", "A finding of the notice has no deficiency in the CAP.",
       k_cap},
      {"cap.measure", E, F, "4.9A F.2", "An action does not say how it is measured and monitored.", k_cap},
      {"cap.monitor", E, F, "4.9A K", "The CAP does not say who monitors it.", k_cap},
      {"cap.monitoring", E, F, "4.9A F.4",
       "An action lacks the interval at which progress is monitored and reported.", k_cap},
      {"cap.notice-requires", W, F, "4.9A C", "The notice requires another response than a CAP.", k_cap},
      {"cap.opened", E, P, "", "The CAP has no opening date.", k_cap},
      {"cap.outcome", E, F, "4.9A F.5", "An action lacks its anticipated outcome.", k_cap},
      {"cap.owner", E, F, "4.9A F.3", "An action does not name the staff responsible.", k_cap},
      {"cap.progress", E, F, "4.9A F.4", "A monitoring report lacks its date or measurement.", k_cap},
      {"cap.remedied", E, F, "4.9A F.2, H",
       "A deficiency is recorded remedied without its measure meeting the target or a report or evidence "
       "backing it.",
       k_cap},
      {"cap.root-cause", E, F, "4.9A F.1", "A deficiency has no analysis of its causes.", k_cap},
      {"cap.source", E, P, "", "The CAP answers both a notice and an audit.", k_cap},
      {"cap.submitted", W, F, "", "The CAP has no submitted date, so the notice shows no response.", k_cap},
      {"cap.target", W, P, "", "A target is not a comparison qicase can judge, such as >= 95%.", k_cap},
      {"config.file", E, P, "", "The configuration file cannot be read or is over 64 KiB.", k_config},
      {"config.key", E, P, "", "The configuration sets a format for a command that does not exist.",
       k_config},
      {"config.value", E, P, "",
       "A configuration value is not of its kind (a duration, a format the command prints).", k_config},
      {"cquic.agreed", E, F, "QI 27A.2", "A coaching plan does not say when the IPA agreed to take part.",
       k_plan},
      {"cquic.check-ins", E, F, "QI 27A.3", "A check-in lacks its date.", k_plan},
      {"cquic.estimates", E, F, "QI 27A.3", "A quarterly estimate lacks its quarter or rate.", k_plan},
      {"cquic.measures", E, F, "QI 27A.2",
       "A coaching plan does not cover exactly the lowest QI measures of the notification.", k_plan},
      {"cquic.notice", E, F, "QI 27A.1", "A coaching plan does not name the notification it answers.",
       k_plan},
      {"date.day-off", W, F, "4.9A B.2",
       "A deadline of the procedure written by hand falls on a weekend day, holiday or closure.", k_files},
      {"delegate.agreement", E, P, "", "A delegation agreement ends before it takes effect.", k_delegate},
      {"delegate.names", E, P, "", "A name or alias is claimed by two delegates of the registry.",
       k_delegate},
      {"delegate.unknown", E, P, "", "A `delegate:` id names no delegate file of the repository.",
       k_delegate},
      {"delegate.unmatched", W, P, "",
       "A delegate's name in a case matches no name or alias of the registry.", k_delegate},
      {"evidence.changed", E, F, "4.9A D.4",
       "A pinned evidence file is not the file that was accepted: its sha256 or size differs.", k_evidence},
      {"evidence.missing", E, F, "4.9A D.4",
       "A cited evidence file does not exist (a warning where no status rests on it).", k_evidence},
      {"evidence.path", E, P, "", "A cited evidence path is absolute, leaves the repository or is a folder.",
       k_evidence},
      {"evidence.pin", E, P, "", "A recorded sha256 is not 64 hex digits, or pins no file.", k_evidence},
      {"field.choice", E, P, "", "A value is not one of the words allowed.", k_files},
      {"field.date", E, P, "", "A date is malformed or impossible.", k_files},
      {"field.duration", E, P, "", "A duration is malformed.", k_files},
      {"field.range", E, P, "", "A number is out of its range.", k_files},
      {"field.rate", E, P, "", "A rate is malformed.", k_files},
      {"field.required", E, P, "", "A required field is missing.", k_files},
      {"field.type", E, P, "", "A value is of the wrong type.", k_files},
      {"field.unknown", E, P, "", "A key is not one the kind knows.", k_files},
      {"file.binary", E, P, "", "The file holds a NUL byte: it is binary.", k_files},
      {"file.duplicate-id", E, P, "", "Two files of the repository have the same id.", k_files},
      {"file.empty", E, P, "", "The file holds no document.", k_files},
      {"file.encoding", E, P, "", "The file is not UTF-8.", k_files},
      {"file.id", E, P, "", "The file has no usable id.", k_files},
      {"file.key-order", W, P, "", "kind and id are not the first two keys.", k_files},
      {"file.kind", E, P, "",
       "The file has no kind or an unknown one, or is of another kind than the command takes.", k_files},
      {"file.no-case-files", E, P, "", "A folder given holds no case file.", k_files},
      {"file.not-a-case", E, P, "", "The file is not a mapping.", k_files},
      {"file.not-found", E, P, "", "A path given does not exist, or a pattern matches no file.", k_files},
      {"file.too-large", E, P, "", "The file is over 4 MiB.", k_files},
      {"file.unreadable", E, P, "", "A path given cannot be read or is not a regular file.", k_files},
      {"kind.unsupported", W, P, "", "This version of qicase cannot validate files of this kind.", k_files},
      {"notice.basis", E, F, "4.9A B.1", "A finding does not state its statutory or regulatory basis.",
       k_notice},
      {"notice.cap-category", W, F, "4.9A L",
       "A QCAR is required for a finding of a category for which a CAP may be required.", k_notice},
      {"notice.category", E, P, "4.9A L", "A finding's category is missing or unknown.", k_notice},
      {"notice.closed", E, P, "", "The notice is closed before it was issued.", k_notice},
      {"notice.contest", E, F, "4.9A B.3",
       "The notice does not state the opportunity to contest, or its dates are inconsistent.", k_notice},
      {"notice.contest-late", W, F, "4.9A B.3", "A contest was filed after its deadline.", k_notice},
      {"notice.evidence", E, F, "4.9A B.1", "A finding lists no objective evidence.", k_notice},
      {"notice.finding-id", E, P, "", "A finding has no id, or one used twice.", k_notice},
      {"notice.findings", E, F, "4.9A B.1", "The notice has no finding.", k_notice},
      {"notice.issued", E, P, "4.9A B", "The notice has no issue date.", k_notice},
      {"notice.issuer", E, F, "4.9A B", "The notice does not name its issuer.", k_notice},
      {"notice.measures", E, P, "", "A measure of the notice lacks its name or rate.", k_notice},
      {"notice.recipient", E, F, "4.9A B", "The notice does not name its recipient.", k_notice},
      {"notice.response", E, F, "4.9A B.2", "The notice does not state the response required and when.",
       k_notice},
      {"notice.response-date", E, P, "4.9A B.2",
       "The response date is missing, given twice, not after the issue date, or out of range.", k_notice},
      {"notice.response-kind", E, P, "4.9A C",
       "The response required is not a QCAR, a CAP or an action plan.", k_notice},
      {"notice.summary", E, P, "", "A finding has no summary.", k_notice},
      {"policy.category", E, P, "4.9A L", "A policy names an unknown finding category.", k_files},
      {"program.cycle", E, P, "", "A program's stage dates are out of order.", k_plan},
      {"program.measures", E, P, "", "A program's measure lists are malformed.", k_plan},
      {"qcar.action", E, F, "4.9A D.1", "An action lacks the specific action to be taken.", k_qcar},
      {"qcar.actions", E, F, "4.9A D.1", "The QCAR lists no actions.", k_qcar},
      {"qcar.deadline", E, P, "4.9A D.3",
       "The remediation deadline cannot be computed within 0001-9999 or on the calendar.", k_qcar},
      {"qcar.due", E, F, "4.9A D.3", "An action has no due date, or one before the notice.", k_qcar},
      {"qcar.due-late", E, F, "4.9A D.3", "An action is due after the remediation deadline.", k_qcar},
      {"qcar.evidence", E, P, "4.9A D.4", "Evidence lacks its date or what it shows.", k_qcar},
      {"qcar.evidence-date", E, F, "4.9A D.4", "Evidence is dated before the notice.", k_qcar},
      {"qcar.evidence-late", W, F, "4.9A D.4", "Evidence is dated after the remediation deadline.", k_qcar},
      {"qcar.extension", E, P, "4.9A D.3",
       "An extension lacks its dates, is approved before it was requested, or changes nothing.", k_qcar},
      {"qcar.extension-late", E, F, "4.9A D.3",
       "An extension was approved after the deadline it extends: the deadline stays.", k_qcar},
      {"qcar.finding", E, P, "4.9A D.1", "An action names no finding of the notice.", k_qcar},
      {"qcar.finding-uncovered", E, F, "4.9A D.1", "A finding of the notice has no action in the QCAR.",
       k_qcar},
      {"qcar.late-response", W, F, "4.9A B.2", "The QCAR was submitted after the notice's response date.",
       k_qcar},
      {"qcar.measure", E, F, "4.9A D.2", "An action does not say how successful remediation is measured.",
       k_qcar},
      {"qcar.monitor", E, F, "4.9A E", "The QCAR does not say who at the issuer monitors it.", k_qcar},
      {"qcar.notice", E, P, "", "The QCAR does not name the notice it answers.", k_qcar},
      {"qcar.notice-requires", W, F, "4.9A C", "The notice requires another response than a QCAR.", k_qcar},
      {"qcar.submitted", E, P, "4.9A B.2", "The QCAR has no submitted date.", k_qcar},
      {"ref.dangling", E, P, "", "A reference names an id that no file or built-in has.", k_files},
      {"ref.invalid", E, P, "", "A reference names a file that has errors.", k_files},
      {"ref.kind", E, P, "", "A reference names a file of another kind.", k_files},
      {"rubric.band", E, P, "", "A rubric names a band other than high, medium or low.", k_audit},
      {"rubric.bands", E, P, "", "A rubric's bands overlap or are out of order.", k_audit},
      {"rubric.columns", E, P, "", "A rubric's points columns are missing or malformed.", k_audit},
      {"rubric.count", E, P, "", "A count of factors in a rubric is malformed.", k_audit},
      {"rubric.element", E, P, "", "A rubric's standard lacks its elements.", k_audit},
      {"rubric.factor", E, P, "", "A rubric lists factor numbers out of range.", k_audit},
      {"rubric.oversight-cycle", E, P, "", "A rubric's oversight cycle is not a positive duration.", k_audit},
      {"rubric.points", E, P, "", "A rubric gives points for another number of columns than it has.",
       k_audit},
      {"rubric.rating", E, P, "", "A rubric's rating tiers are missing or malformed.", k_audit},
      {"rubric.samples", E, P, "", "A rubric's file-review sample rule is malformed.", k_audit},
      {"rubric.standard", E, P, "", "A rubric's standard lacks its id.", k_audit},
      {"rubric.standard-sum", W, P, "", "A standard's printed points differ from the sum of its elements.",
       k_audit},
      {"rubric.tier", E, P, "", "An element's scoring tiers are missing or malformed.", k_audit},
      {"rubric.tier-order", E, P, "", "An element's tiers are not ordered from the highest score down.",
       k_audit},
      {"workplan.baseline", W, F, "", "A goal that changes a baseline has no baseline to judge it from.",
       k_work},
      {"workplan.goal", W, P, "", "A goal looks numeric but holds no target qicase can read.", k_work},
      {"workplan.import", E, P, "", "A work plan table cannot be imported.", k_work},
      {"workplan.measure", E, P, "", "A measure lacks its id or what is measured, or reuses an id.", k_work},
      {"workplan.period", E, P, "",
       "A period is not 2024-Q1, 2024-H1, 2024-03 or 2024, or is outside the plan's year.", k_work},
      {"workplan.reporting", W, P, "", "Reporting is not written as COMMITTEE - frequency.", k_work},
      {"workplan.results", E, P, "", "A result lacks its period or value.", k_work},
      {"workplan.sections", E, F, "", "The plan has no sections with measures.", k_work},
      {"workplan.timeframe", W, P, "", "A timeframe names no frequency qicase can read.", k_work},
      {"workplan.values", E, P, "", "A result names a target the goal does not have.", k_work},
      {"workplan.year", E, P, "", "The plan has no year.", k_work},
      {"yaml.alias", E, P, "", "An alias refers to an anchor that is not complete.", k_files},
      {"yaml.duplicate-key", E, P, "", "A key is given twice in one mapping.", k_files},
      {"yaml.key", E, P, "", "A key is not plain text.", k_files},
      {"yaml.multi-document", E, P, "", "A file holds a second YAML document.", k_files},
      {"yaml.syntax", E, P, "", "The file is not valid YAML.", k_files},
      {"yaml.too-deep", E, P, "", "Nesting is deeper than 64 levels.", k_files},
      {"yaml.too-large", E, P, "", "The file has more than 250000 values, aliases counted as expanded.",
       k_files},
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

// `qicase new qcar --answers NOTICE`: a QCAR to fill in, from the notice it answers (4.9A D, E).
#include <qicase/qcar/qcar.hpp>

#include <fmt/format.h>

#include <qicase/reference/policy.hpp>

namespace qicase::qcar {

using notice::comment_text;

std::string starter(const notice::Notice& n, const Context& ctx, std::string_view delegate)
{
  std::optional<calendar::Date> deadline;
  if (n.issued && n.rules) {
    deadline = reference::roll(n.rules->deadline_roll,
                               ctx.calendar->add(*n.issued, n.rules->qcar_max_timeframe), *ctx.calendar);
  }
  const auto by = [](const std::optional<calendar::Date>& d) {
    return d ? d->str() : std::string("(unknown)");
  };
  std::string out = fmt::format(
    "# A QCAR answering {} ({}), issued {} by {} to {}{}.\n", n.id, comment_text(n.title), by(n.issued),
    comment_text(n.issuer), comment_text(n.recipient),
    delegate.empty() ? "" : fmt::format(" (delegate {})", comment_text(delegate)));
  out += fmt::format(
    "# The written response is due {} (4.9A B.2); every action and its evidence by the\n"
    "# remediation deadline {} ({} from the notice, 4.9A D.3), unless an extension is\n"
    "# approved in advance. Fill each empty value; `qicase check` names those still empty.\n",
    by(n.response_due), by(deadline), n.rules ? n.rules->qcar_max_timeframe.str() : "the policy's window");
  out += "kind: qcar\n";
  out += fmt::format("id: {}\n", notice::answer_id(n.id, "QCAR"));
  out += fmt::format("notice: {}\n", n.id);
  out += fmt::format("submitted:                      # the date the response is sent (due {})\n",
                     by(n.response_due));
  out += "monitor:                        # who at the issuer follows it up (4.9A E)\n";
  out += "  area:                         # quality | it | operations | other\n";
  out += "  staff:\n";
  out += "actions:                        # one per finding (4.9A D.1)\n";
  for (const auto& f : n.findings) {
    out += fmt::format("  - finding: {}                   # {}\n", f.id, comment_text(f.summary));
    out += "    action:                     # the specific action to remediate it (D.1)\n";
    out += "    measure:                    # how success is measured (D.2)\n";
    out += fmt::format("    due:                        # on or before {} (D.3)\n", by(deadline));
  }
  out += fmt::format("evidence: []                    # proof of remediation by {}: {{finding, date, "
                     "description, file}} (D.4)\n",
                     by(deadline));
  return out;
}

} // namespace qicase::qcar

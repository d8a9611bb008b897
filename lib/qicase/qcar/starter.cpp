// `qicase new qcar --answers NOTICE`: a QCAR to fill in, from the notice it answers (4.9A D, E).
#include <qicase/qcar/qcar.hpp>

#include <fmt/format.h>

namespace qicase::qcar {

using notice::comment_text;

std::string starter(const notice::Notice& n, const Context& ctx, std::string_view delegate)
{
  const auto deadline = remediation_deadline(n, *ctx.calendar);
  const auto by = notice::comment_date;
  std::string out = notice::answer_heading(n, "QCAR", delegate);
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

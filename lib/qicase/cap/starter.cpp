// `qicase new cap --answers NOTICE`: a CAP to fill in, from the notice it answers (4.9A F to K).
#include <qicase/cap/cap.hpp>

#include <fmt/format.h>

namespace qicase::cap {

using notice::comment_text;

std::string starter(const notice::Notice& n, const Context&, std::string_view delegate)
{
  std::string out = notice::answer_heading(n, "CAP", delegate);
  out += fmt::format(
    "# The written response is due {} (4.9A B.2). One deficiency per finding, each with\n"
    "# what 4.9A F.1-F.5 asks. Fill each empty value; `qicase check` names those still empty.\n",
    notice::comment_date(n.response_due));
  out += "kind: cap\n";
  out += fmt::format("id: {}\n", notice::answer_id(n.id, "CAP"));
  out += fmt::format("notice: {}\n", n.id);
  out += "opened:                         # the date the plan is opened\n";
  out += fmt::format("submitted:                      # the date the plan is sent (due {})\n",
                     notice::comment_date(n.response_due));
  out += "monitor:                        # who monitors it (4.9A K)\n";
  out += "deficiencies:\n";
  std::size_t i = 0;
  for (const auto& f : n.findings) {
    out += fmt::format("  - id: D{}\n", ++i);
    out += fmt::format("    finding: {}                   # {}\n", f.id, comment_text(f.summary));
    out += "    description:                # what is deficient\n";
    out += "    root_cause:                 # the analysis of its causes (F.1)\n";
    out += "    actions:\n";
    out += "      - id: A1\n";
    out += "        action:                 # the specific action (F.1)\n";
    out += "        owner:                  # the staff responsible (F.3)\n";
    out += "        start:\n";
    out += "        due:                    # when it is to be effective (F.4)\n";
    out += "        measure:                # how it is measured and monitored (F.2)\n";
    out += "        target:                 # e.g. \">= 95%\"\n";
    out += "        monitoring:             # weekly | biweekly | monthly | quarterly (F.4)\n";
    out += "        outcome:                # the anticipated outcome (F.5)\n";
    out += "    progress: []                # monitoring reports: {date, value, note}\n";
    out += "    remedied: null              # the date it was found remedied (H)\n";
  }
  return out;
}

} // namespace qicase::cap

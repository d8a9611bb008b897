#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <qicase/check/run.hpp>
#include <qicase/reference/evidence.hpp>

namespace qicase::report {

// `qicase evidence`: the manifest of every document the cases cite (qicase-evidence(1)).
evidence::Entries manifest(const std::vector<check::FileResult>& results);
std::string render_evidence_text(const evidence::Entries& entries);
std::string render_evidence_json(const evidence::Entries& entries, std::string_view as_of);
std::string render_evidence_csv(const evidence::Entries& entries);
// The CSV's columns as a workbook (dates as date cells, sizes and lines as numbers).
std::string render_evidence_xlsx(const evidence::Entries& entries);

// `--unpinned`: a unified diff that adds `sha256:` and `size:` under the `file:` line of each
// unpinned document that is present, for `patch -p1` or `git apply` (qicase never writes a case
// file). `read` gives a case file's text by its path as shown (null: unreadable). Items written
// as a flow mapping on one line cannot take new lines: each is named in `skipped`.
// One citation's pin as an edit of its case file's text: the two lines to insert before line
// `before` (from 1; one past the last line: at the end), each ending as the file's lines end.
// Null `lines` with `why`: it cannot be written there safely (a flow mapping, a block scalar,
// a hash or size already written), and the analyst is told the values instead. Shared by
// `evidence --unpinned` and the language server's "pin this evidence".
struct PinEdit
{
  std::size_t before = 0;
  std::string lines;
  std::string why;
};
PinEdit pin_edit(const evidence::Citation& c, std::string_view text);

struct Pin
{
  std::string patch;
  std::vector<std::string> skipped;
};
Pin render_pins(const evidence::Entries& entries,
                const std::function<std::optional<std::string>(const std::string&)>& read);

} // namespace qicase::report

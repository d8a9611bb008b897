// The portfolio as one self-contained HTML page: inline CSS and SVG, no script, no fetch.
// Every text from a case goes through esc(); every link to a case file through href().
#include <qicase/portfolio/portfolio.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <qicase/core/named.hpp>
#include <qicase/core/text.hpp>
#include <qicase/core/version.hpp>

namespace qicase::portfolio {

namespace {

std::string esc(std::string_view s)
{
  return xml_text(s);
}

// A message with `code` spans (a key, a value quoted): each pair of backticks a <code> element,
// the text escaped; an unpaired backtick stays as it is.
std::string esc_code(std::string_view s)
{
  if (std::count(s.begin(), s.end(), '`') % 2 != 0) {
    return esc(s);
  }
  std::string out;
  bool inside = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '`') {
      const auto part = esc(s.substr(start, i - start));
      out += inside ? "<code>" + part + "</code>" : part;
      inside = !inside;
      start = i + 1;
    }
  }
  return out;
}

// A URL for a file path: the link base (Portfolio::link_base), or a relative URL that never
// carries a scheme (a file named `javascript:x.yaml` is `./javascript%3Ax.yaml`) nor a host (an
// absolute path `//host/x.yaml` is `/host/x.yaml`); every byte of the path outside the
// unreserved set and `/` percent-encoded.
std::string href(std::string_view base, std::string_view path)
{
  while (path.starts_with("//")) {
    path.remove_prefix(1);
  }
  std::string out = !base.empty() && !path.starts_with('/') ? std::string(base)
                    : path.starts_with('/') || path.starts_with("./") || path.starts_with("../") ? ""
                                                                                                 : "./";
  return out + uri_path(path);
}

std::string percent(Hundredths h)
{
  return format_hundredths(h) + "%";
}

constexpr std::string_view k_style = R"css(
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p.meta { color: #444; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .25rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #b8b8b8; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.figures { display: flex; flex-wrap: wrap; gap: .75rem; margin: .5rem 0 1rem; }
dl.figures div { border: 1px solid #b8b8b8; border-radius: 4px; padding: .4rem .8rem; min-width: 7rem; }
dl.figures dt { font-size: .82rem; color: #444; }
dl.figures dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
.attention { background: #fff4e5; border-left: 4px solid #a35200; padding: .4rem .75rem; }
.status-overdue, .bad, .rating-red { color: #a50000; font-weight: 600; }
.rating-amber { color: #8a4b00; font-weight: 600; }
.good { color: #1e6b2a; }
ul.findings { margin: .25rem 0 1rem; padding-left: 1.25rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; }
.scores { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-size: .85rem; color: #444; max-width: 30rem; }
svg text { font: 12px system-ui, Arial, sans-serif; fill: #1b1b1b; }
a { color: #1f4e79; }
time { white-space: nowrap; }
nav.contents ol { columns: 2; margin: .25rem 0 1rem; }
.signoff { margin-top: 1.5rem; border: 1px solid #b8b8b8; padding: .5rem .9rem; break-inside: avoid; }
.signoff h3 { margin-top: .25rem; }
.signoff dl { display: grid; grid-template-columns: 12rem 1fr; gap: .6rem .75rem; margin: .25rem 0; }
.signoff dt { font-weight: 600; }
.signoff dd { margin: 0; border-bottom: 1px solid #6b6b6b; min-height: 1.4rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.delegate { break-before: page; }
  a { color: inherit; text-decoration: none; }
  .attention { border-left-color: #000; }
  tr, figure, dl.figures div, .attention { break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; }
}
@page { margin: 16mm 14mm;
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 9pt system-ui, Arial, sans-serif; color: #444; }
}
)css";

// A CSS string of `s`: every character but letters, digits and spaces as a hex escape, so no
// case text can end the string or the style element.
std::string css_string(std::string_view s)
{
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == ' ' || c >= 0x80) {
      out += static_cast<char>(c); // UTF-8 passes: the page is UTF-8, and no byte of it is ASCII
    } else {
      out += fmt::format("\\{:x} ", c);
    }
  }
  return out + "\"";
}

// What each printed page carries: the portfolio's (or packet's) title, or the delegate whose
// section it prints, at its top; as-of and version at its foot (named pages, one per section).
std::string page_rules(const Portfolio& p, const std::vector<std::string>& anchors)
{
  const auto box = [](std::string_view where, const std::string& content) {
    return fmt::format("@{} {{ content: {}; font: 9pt system-ui, Arial, sans-serif; color: #444; }}", where,
                       content);
  };
  const auto from = made_from(p);
  const auto foot = box("bottom-left", css_string(fmt::format("As of {}; {}qicase {}", p.as_of.str(),
                                                              from.empty() ? "" : from + "; ", k_version)));
  std::string out = fmt::format("@page {{ {} {} }}\n", box("top-left", css_string(title(p))), foot);
  for (std::size_t i = 0; i < p.delegates.size(); ++i) {
    const auto& d = p.delegates[i];
    out += fmt::format("@page {0} {{ {1} {2} }}\nsection#{0} {{ page: {0}; }}\n", anchors[i],
                       box("top-left", css_string(d.key.empty() ? "Cases tied to no delegate" : d.name)),
                       foot);
  }
  return out;
}

// Which list a duty table shows, and so its figure column.
enum class DutyList { overdue, due_soon, met_late };

void duty_table(Sink& out, std::string_view base, const std::vector<Duty>& duties, std::string_view heading,
                DutyList list)
{
  constexpr std::string_view k_list_names[] = {"overdue", "due_soon", "met_late"};
  constexpr std::string_view k_column[] = {"Days past due", "Days left", "Days late"};
  const auto figure = name_of(list, k_list_names);
  if (duties.empty()) {
    return;
  }
  out += fmt::format("<h3>{}</h3>\n<table data-list=\"{}\">\n<thead><tr><th scope=\"col\">Due</th>"
                     "<th scope=\"col\" class=\"num\">{}</th><th scope=\"col\">Case</th>"
                     "<th scope=\"col\">What</th></tr></thead>\n<tbody>\n",
                     heading, figure, name_of(list, k_column));
  for (const auto& d : duties) {
    out += fmt::format("<tr><td><time datetime=\"{0}\">{0}</time></td><td class=\"num\">{1}</td>"
                       "<td><a href=\"{2}\">{3}</a> ({4})</td><td>{5}</td></tr>\n",
                       d.due.str(),
                       list == DutyList::met_late  ? std::to_string(d.days_late)
                       : list == DutyList::overdue ? std::to_string(-d.days)
                                                   : days_left(d.days),
                       esc(href(base, d.path)), esc(d.case_id), esc(d.kind), esc(d.what));
  }
  out += "</tbody>\n</table>\n";
}

// Audit totals across the years: a bar per audit, 0-100%, and the rubric's passing line.
// Integer geometry only, so the same scores give the same bytes.
constexpr std::string_view k_ink = "#1b1b1b";
constexpr std::string_view k_bar_colour = "#1f4e79";
constexpr std::string_view k_older_colour = "#6b8fb3";
constexpr std::string_view k_under_colour = "#a50000";
constexpr std::string_view k_line_colour = "#a35200";

std::string chart_open(long width, long height, const std::string& id, std::string_view title,
                       std::string_view desc)
{
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" height=\"{1}\" "
                     "viewBox=\"0 0 {0} {1}\" aria-labelledby=\"{2}-title {2}-desc\">\n"
                     "<title id=\"{2}-title\">{3}</title>\n<desc id=\"{2}-desc\">{4}</desc>\n",
                     width, height, id, esc(title), esc(desc));
}

void totals_chart(Sink& out, const Delegate& d, const std::string& id)
{
  constexpr long k_left = 44, k_top = 12, k_plot_h = 180, k_bar = 64, k_gap = 24, k_right = 84;
  const long n = static_cast<long>(d.audits.size());
  const long plot_right = k_left + k_gap + n * (k_bar + k_gap);
  const long width = plot_right + k_right;
  const long height = k_top + k_plot_h + 40;
  auto y_of = [&](Hundredths pct) {
    return k_top + (10000 - std::clamp<Hundredths>(pct, 0, 10000)) * k_plot_h / 10000;
  };
  const auto line = d.audits.back().line;
  std::string desc;
  for (const auto& a : d.audits) {
    desc += fmt::format("{}{} {} audit: {}", desc.empty() ? "" : "; ", a.date.str(), a.type,
                        a.rated ? percent(a.percent) : "not rated");
  }
  if (line) {
    desc += fmt::format("; passing line {}", format_percent(*line));
  }
  out += chart_open(width, height, id, d.name + ": audit totals by date", desc);
  for (const Hundredths tick : {0, 5000, 10000}) {
    const long y = y_of(tick);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#c8c8c8\"/>"
                       "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}%</text>\n",
                       k_left, y, plot_right, k_left - 6, y + 4, tick / 100);
  }
  long x = k_left + k_gap;
  for (const auto& a : d.audits) {
    const long y = a.rated ? y_of(a.percent) : k_top + k_plot_h;
    const bool under = line && a.rated && a.percent < *line;
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", x, y, k_bar,
                       k_top + k_plot_h - y, under ? k_under_colour : k_bar_colour);
    // The figure inside the top of its bar (white on the bar), or above an empty one.
    const bool inside = k_top + k_plot_h - y >= 22;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" style=\"fill:{}\">{}</text>\n",
                       x + k_bar / 2, inside ? y + 16 : y - 4, inside ? "#ffffff" : k_ink,
                       a.rated ? percent(a.percent) : "not rated");
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x + k_bar / 2,
                       k_top + k_plot_h + 16, a.date.str().substr(0, 7));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x + k_bar / 2,
                       k_top + k_plot_h + 31, esc(a.type));
    x += k_bar + k_gap;
  }
  if (line) {
    const long y = y_of(*line);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" "
                       "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
                       "<text x=\"{4}\" y=\"{5}\">{6} line</text>\n",
                       k_left, y, plot_right, k_line_colour, plot_right + 4, y + 4, format_percent(*line));
  }
  out += "</svg>\n";
}

// Each standard's percent across the years: a row per standard, a bar per audit (the latest
// darkest), and the passing line.
void standards_chart(Sink& out, const Delegate& d, const std::string& id)
{
  constexpr long k_left = 52, k_top = 26, k_plot_w = 260, k_bar_h = 9, k_row_gap = 8, k_right = 84;
  const long n = static_cast<long>(d.audits.size());
  const long row_h = n * k_bar_h + k_row_gap;
  const long height = k_top + static_cast<long>(d.standards.size()) * row_h + 22;
  const long width = k_left + k_plot_w + k_right;
  const auto line = d.audits.back().line;
  std::string desc;
  for (const auto& [sid, title] : d.standards) {
    std::string row;
    for (const auto& a : d.audits) {
      const auto* it = a.standard(sid);
      row += fmt::format("{}{} {}", row.empty() ? "" : ", ", a.date.str().substr(0, 7),
                         it == nullptr ? std::string("not scored") : percent(it->percent));
    }
    desc += fmt::format("{}{}: {}", desc.empty() ? "" : "; ", sid, row);
  }
  out += chart_open(width, height, id, d.name + ": percent per standard by audit", desc);
  // Legend: one swatch per audit.
  long lx = k_left;
  for (long i = 0; i < n; ++i) {
    const auto& a = d.audits[static_cast<std::size_t>(i)];
    out += fmt::format("<rect x=\"{}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                       "<text x=\"{}\" y=\"15\">{}</text>\n",
                       lx, i + 1 == n ? k_bar_colour : k_older_colour, lx + 14, a.date.str().substr(0, 7));
    lx += 80;
  }
  long y = k_top;
  for (const auto& [sid, title] : d.standards) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", k_left - 6,
                       y + (n * k_bar_h) / 2 + 4, esc(sid));
    for (long i = 0; i < n; ++i) {
      const auto* it = d.audits[static_cast<std::size_t>(i)].standard(sid);
      if (it != nullptr) {
        const long w = std::clamp<Hundredths>(it->percent, 0, 10000) * k_plot_w / 10000;
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", k_left,
                           y + i * k_bar_h, w, k_bar_h - 1, i + 1 == n ? k_bar_colour : k_older_colour);
      }
    }
    y += row_h;
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>"
                     "<text x=\"{0}\" y=\"{4}\" text-anchor=\"middle\">0%</text>"
                     "<text x=\"{5}\" y=\"{4}\" text-anchor=\"middle\">100%</text>\n",
                     k_left, k_top - 2, y, k_ink, y + 14, k_left + k_plot_w);
  if (line) {
    const long x = k_left + std::clamp<Hundredths>(*line, 0, 10000) * k_plot_w / 10000;
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"2\" "
                       "stroke-dasharray=\"6 4\"/><text x=\"{4}\" y=\"{5}\">{6} line</text>\n",
                       x, k_top - 2, y, k_line_colour, k_left + k_plot_w + 6, k_top + 10,
                       format_percent(*line));
  }
  out += "</svg>\n";
}

// A delegate's last eight quarters: a pair of bars each (overdue at its end, met late within
// it), on one integer scale, with the figures in a table beside it.
void trend(Sink& out, const Portfolio& p, const Delegate& d, const std::string& id)
{
  if (p.quarters.empty() || d.key.empty()) {
    return;
  }
  constexpr long k_left = 36, k_top = 12, k_plot_h = 90, k_bar = 12, k_group = 40;
  std::size_t top = 1;
  std::string desc;
  for (std::size_t q = 0; q < p.quarters.size(); ++q) {
    top = std::max({top, d.trend_overdue[q], d.trend_met_late[q]});
    desc += fmt::format("{}{}: {} overdue, {} met late", desc.empty() ? "" : "; ", p.quarters[q].label,
                        d.trend_overdue[q], d.trend_met_late[q]);
  }
  const long width = k_left + static_cast<long>(p.quarters.size()) * k_group + 8;
  const long height = k_top + k_plot_h + 34;
  const auto h_of = [&](std::size_t n) { return static_cast<long>(n) * k_plot_h / static_cast<long>(top); };
  out += "<h3>Trend</h3>\n<div class=\"scores\">\n<figure>\n";
  out += chart_open(width, height, id, d.name + ": obligations overdue and met late by quarter", desc);
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#c8c8c8\"/>"
                     "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text>\n",
                     k_left, k_top, width - 8, k_left - 6, k_top + 4, top);
  for (std::size_t q = 0; q < p.quarters.size(); ++q) {
    const long x = k_left + static_cast<long>(q) * k_group + 6;
    const long base = k_top + k_plot_h;
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", x,
                       base - h_of(d.trend_overdue[q]), k_bar, h_of(d.trend_overdue[q]), k_under_colour);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", x + k_bar + 2,
                       base - h_of(d.trend_met_late[q]), k_bar, h_of(d.trend_met_late[q]), k_older_colour);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x + k_bar, base + 16,
                       p.quarters[q].label.substr(2));
  }
  out += "</svg>\n<figcaption>Per quarter, the obligations overdue at its end (red, left) and those met "
         "late within it (blue, right), from the dates the case files record.</figcaption>\n</figure>\n";
  out += "<table data-list=\"trend\">\n<thead><tr><th scope=\"col\">Quarter</th><th scope=\"col\" "
         "class=\"num\">Overdue at its end</th><th scope=\"col\" class=\"num\">Met late in it</th></tr>"
         "</thead>\n<tbody>\n";
  for (std::size_t q = 0; q < p.quarters.size(); ++q) {
    out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                       p.quarters[q].label, d.trend_overdue[q], d.trend_met_late[q]);
  }
  out += "</tbody>\n</table>\n</div>\n";
}

void audit_chart(Sink& out, const Delegate& d, const std::string& anchor)
{
  const auto line = d.audits.back().line;
  out += "<figure>\n";
  totals_chart(out, d, anchor + "-totals");
  if (!d.standards.empty()) {
    standards_chart(out, d, anchor + "-standards");
  }
  out += fmt::format(
    "<figcaption>Points received over possible, for the audit and for each standard, "
    "rounded down to the hundredth{}; the exact figures are in the tables.</figcaption>\n"
    "</figure>\n",
    line ? fmt::format("; the dashed line is the rubric's {} passing line", format_percent(*line)) : "");
}

void audit_tables(Sink& out, std::string_view base, const Delegate& d)
{
  out += "<table data-list=\"audits\">\n<thead><tr><th scope=\"col\">Audit</th><th scope=\"col\">Date</th>"
         "<th scope=\"col\">Type</th><th scope=\"col\" class=\"num\">Points</th>"
         "<th scope=\"col\" class=\"num\">Percent</th><th scope=\"col\">Rating</th></tr></thead>\n<tbody>\n";
  for (const auto& a : d.audits) {
    const bool under = a.rated && a.line && a.percent < *a.line;
    out += fmt::format(
      "<tr><td><a href=\"{0}\">{1}</a></td><td><time datetime=\"{2}\">{2}</time></td>"
      "<td>{3}</td><td class=\"num\">{4} of {5}</td><td class=\"num{6}\" data-figure=\"percent\">{7}</td>"
      "<td>{8}</td></tr>\n",
      esc(href(base, a.path)), esc(a.id), a.date.str(), esc(a.type), format_hundredths(a.received),
      format_hundredths(a.possible), under ? " bad" : "", a.rated ? percent(a.percent) : "not rated",
      esc(a.rated ? a.rating : "not rated"));
  }
  out += "</tbody>\n</table>\n";
  if (d.standards.empty()) {
    return;
  }
  out += "<table data-list=\"standards\">\n<caption>Points per standard</caption>\n<thead><tr>"
         "<th scope=\"col\">Standard</th>";
  for (const auto& a : d.audits) {
    out += fmt::format("<th scope=\"col\" class=\"num\">{} {}</th>", a.date.str(), esc(a.type));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& [id, title] : d.standards) {
    out += fmt::format("<tr><th scope=\"row\">{} {}</th>", esc(id), esc(title));
    for (const auto& a : d.audits) {
      const auto* it = a.standard(id);
      out += it == nullptr
               ? std::string("<td class=\"num\">-</td>")
               : fmt::format("<td class=\"num\">{} of {} ({})</td>", format_hundredths(it->received),
                             format_hundredths(it->possible), percent(it->percent));
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void cases_table(Sink& out, std::string_view base, const Delegate& d)
{
  out += "<h3>Cases</h3>\n<table data-list=\"cases\">\n<thead><tr><th scope=\"col\">Case</th>"
         "<th scope=\"col\">Kind</th><th scope=\"col\">Status</th><th scope=\"col\">Next deadline</th>"
         "<th scope=\"col\" class=\"num\">Findings</th></tr></thead>\n<tbody>\n";
  for (const auto& c : d.cases) {
    out += fmt::format(
      "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"status-{}\">{}</td><td>{}</td>"
      "<td class=\"num\">{}</td></tr>\n",
      esc(href(base, c.path)), esc(c.id), esc(c.kind), c.overdue ? "overdue" : "other", esc(c.status),
      c.next_due ? fmt::format("<time datetime=\"{0}\">{0}</time> {1}", c.next_due->str(), esc(c.next_what))
                 : std::string("-"),
      c.findings.size());
  }
  out += "</tbody>\n</table>\n";
  std::string items;
  for (const auto& c : d.cases) {
    for (const auto& f : c.findings) {
      items += fmt::format("<li><a href=\"{}\">{}</a> line {}: {} <code>{}</code>{}</li>\n",
                           esc(href(base, c.path)), esc(c.id), f.line, esc_code(f.message), esc(f.rule),
                           f.clause.empty() ? "" : fmt::format(" ({})", esc(f.clause)));
    }
  }
  if (!items.empty()) {
    out += "<h3>Findings</h3>\n<ul class=\"findings\" data-list=\"findings\">\n" + items + "</ul>\n";
  }
}

void measures_table(Sink& out, std::string_view base, const Delegate& d)
{
  if (d.measures.empty()) {
    return;
  }
  out +=
    "<h3>Action-plan measures</h3>\n<table data-list=\"measures\">\n<thead><tr><th scope=\"col\">Plan</th>"
    "<th scope=\"col\">Line of business</th><th scope=\"col\">Measure</th><th scope=\"col\" "
    "class=\"num\">Baseline</th>"
    "<th scope=\"col\" class=\"num\">Goal</th><th scope=\"col\" class=\"num\">Latest</th>"
    "<th scope=\"col\">Goal met</th></tr></thead>\n<tbody>\n";
  for (const auto& m : d.measures) {
    auto rate = [](const std::string& r) { return r.empty() ? std::string("-") : r + "%"; };
    out += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td class=\"num\">{}</td><td{}>{}</td></tr>\n",
                       esc(href(base, m.path)), esc(m.plan), esc(m.lob), esc(m.measure),
                       esc(rate(m.baseline)), esc(rate(m.goal)), esc(rate(m.latest)),
                       !m.goal_met   ? ""
                       : *m.goal_met ? " class=\"good\""
                                     : " class=\"bad\"",
                       yes_no(m.goal_met, k_not_yet));
  }
  out += "</tbody>\n</table>\n";
}

void workplans_table(Sink& out, std::string_view base, const Delegate& d)
{
  if (d.workplans.empty()) {
    return;
  }
  out += "<h3>Work-plan targets</h3>\n<table data-list=\"workplans\">\n<thead><tr><th scope=\"col\">Plan</th>"
         "<th scope=\"col\">Year</th><th scope=\"col\" class=\"num\">Met</th><th scope=\"col\" "
         "class=\"num\">Partial</th>"
         "<th scope=\"col\" class=\"num\">Not met</th><th scope=\"col\" class=\"num\">No data or other</th>"
         "</tr></thead>\n<tbody>\n";
  for (const auto& w : d.workplans) {
    out += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                       esc(href(base, w.path)), esc(w.title.empty() ? w.id : w.title), w.year, w.met,
                       w.partial, w.not_met, w.other);
  }
  out += "</tbody>\n</table>\n";
}

void figure(Sink& out, std::string_view label, std::string_view key, std::size_t value)
{
  out += fmt::format("<div><dt>{}</dt><dd data-figure=\"{}\">{}</dd></div>\n", label, key, value);
}

// Page one's matrix: a row per delegate, its rating and a cell per area (rating and figures, in
// words; coloured only besides).
void matrix(Sink& out, const Portfolio& p, const std::vector<std::string>& anchors)
{
  if (p.delegates.empty()) {
    return;
  }
  out +=
    "<h3>Delegates by area</h3>\n<table data-list=\"matrix\">\n<thead><tr><th scope=\"col\">Delegate</th>"
    "<th scope=\"col\">Rating</th>";
  for (const auto& a : p.areas) {
    out += fmt::format("<th scope=\"col\">{}</th>", esc(a));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < p.delegates.size(); ++i) {
    const auto& d = p.delegates[i];
    out += fmt::format("<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td class=\"rating-{}\">{}</td>",
                       anchors[i], esc(heading_of(d)), d.key.empty() ? "none" : to_string(d.rating),
                       d.key.empty() ? "-" : to_string(d.rating));
    for (std::size_t a = 0; a < p.areas.size() && a < d.areas.size(); ++a) {
      const auto& cell = d.areas[a];
      out += fmt::format("<td class=\"rating-{}\">{}</td>",
                         cell.cases == 0 ? "none" : to_string(cell.rating()), esc(area_cell(cell)));
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void summary(Sink& out, const Portfolio& p, const std::vector<std::string>& anchors)
{
  const auto& s = p.summary;
  out += "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n"
         "<dl class=\"figures\">\n";
  figure(out, "Cases", "cases", s.case_count);
  figure(out, "Overdue", "overdue", s.overdue);
  figure(out, fmt::format("Due within {} days", p.soon_days), "due_soon", s.due_soon);
  figure(out, "Met late", "met_late", s.met_late);
  figure(out, "Findings", "findings", s.findings);
  figure(out, "Files with file problems", "file_problems", s.file_problems);
  out += "</dl>\n<h3>Delegates needing attention</h3>\n";
  std::string items;
  for (std::size_t i = 0; i < p.delegates.size(); ++i) {
    const auto& d = p.delegates[i];
    if (!d.attention.empty() && !d.key.empty()) {
      items += fmt::format("<li><a href=\"#{0}\">{1}</a> <span class=\"rating-{2}\">({2})</span>: {3}</li>\n",
                           anchors[i], esc(d.name), to_string(d.rating),
                           esc(fmt::format("{}", fmt::join(d.attention, "; "))));
    }
  }
  out += items.empty() ? "<p>None.</p>\n" : "<ol data-list=\"attention\">\n" + items + "</ol>\n";
  matrix(out, p, anchors);
  out +=
    "<h3>Cases by kind and status</h3>\n<table data-list=\"by-kind\">\n<thead><tr><th scope=\"col\">Kind</th>"
    "<th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Cases</th></tr></thead>\n<tbody>\n";
  for (const auto& [kind, statuses] : s.cases) {
    for (const auto& [status, n] : statuses) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n", esc(kind), esc(status),
                         n);
    }
  }
  out += "</tbody>\n</table>\n";
  if (!s.findings_by_rule.empty()) {
    out += "<h3>Findings by rule</h3>\n<table data-list=\"by-rule\">\n<thead><tr><th scope=\"col\">Rule</th>"
           "<th scope=\"col\" class=\"num\">Findings</th></tr></thead>\n<tbody>\n";
    for (const auto& [rule, n] : s.findings_by_rule) {
      out += fmt::format("<tr><td><code>{}</code></td><td class=\"num\">{}</td></tr>\n", esc(rule), n);
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
}

// What happened to the delegate within the packet's period: what opened and closed, what fell
// due (each with where it stands at the period's end), the findings raised and resolved.
void period_section(Sink& out, const Portfolio& p, const Delegate& d, const std::string& anchor)
{
  const auto& in = d.in_period;
  const auto names = [](const std::vector<std::string>& list) {
    return list.empty() ? std::string("none") : esc(fmt::format("{}", fmt::join(list, ", ")));
  };
  out += fmt::format("<h3 id=\"{0}-period\">In the period <time datetime=\"{1}\">{1}</time> to "
                     "<time datetime=\"{2}\">{2}</time></h3>\n<ul class=\"period\">\n"
                     "<li>Opened: {3}</li>\n<li>Closed: {4}</li>\n"
                     "<li>Fell due: <span data-figure=\"fell_due\">{5}</span>; met in it: "
                     "<span data-figure=\"met\">{6}</span> on time, <span "
                     "data-figure=\"met_late_in_period\">{7}</span> late</li>\n"
                     "<li>Findings raised: <span data-figure=\"raised\">{8}</span>; resolved: "
                     "<span data-figure=\"resolved\">{9}</span></li>\n</ul>\n",
                     anchor, p.period->from.str(), p.period->to.str(), names(in.opened), names(in.closed),
                     in.fell_due.size(), in.met, in.met_late, in.raised.size(), in.resolved.size());
  if (!in.fell_due.empty()) {
    out += "<table data-list=\"fell_due\">\n<thead><tr><th scope=\"col\">Due</th><th scope=\"col\">At the "
           "period's end</th><th scope=\"col\">Case</th><th scope=\"col\">What</th></tr></thead>\n<tbody>\n";
    for (const auto& duty : in.fell_due) {
      out += fmt::format(
        "<tr><td><time datetime=\"{0}\">{0}</time></td><td>{1}</td><td><a href=\"{2}\">{3}</a> "
        "({4})</td><td>{5}</td></tr>\n",
        duty.due.str(), esc(duty.state), esc(href(p.link_base, duty.path)), esc(duty.case_id), esc(duty.kind),
        esc(duty.what));
    }
    out += "</tbody>\n</table>\n";
  }
  for (const auto* which : {&in.raised, &in.resolved}) {
    if (which->empty()) {
      continue;
    }
    out += fmt::format("<p>Findings {} in the period:</p>\n<ul>\n",
                       which == &in.raised ? "raised" : "resolved");
    for (const auto& f : *which) {
      out += fmt::format("<li>{} ({}): <code>{}</code> {} [{}]</li>\n", esc(f.case_id), esc(f.kind),
                         esc(f.finding.rule), esc(f.finding.message), esc(f.finding.clause));
    }
    out += "</ul>\n";
  }
}

// A delegate's heading line: its registry id (or that it is not in the registry), type and the
// functions delegated.
std::string about(const Delegate& d)
{
  std::string out;
  if (!d.id.empty()) {
    out += fmt::format("Registry id <code>{}</code>", esc(d.id));
  } else if (!d.key.empty()) {
    out += "Not in the delegate registry";
  }
  if (!d.type.empty()) {
    out += fmt::format("; {}", esc(d.type));
  }
  if (!d.functions.empty()) {
    out += fmt::format("; delegated: {}", esc(fmt::format("{}", fmt::join(d.functions, ", "))));
  }
  return out;
}

// One delegate's section: who it is, what needs attention, its cases, duties, audits, measures
// and work plans.
void delegate_section(Sink& out, const Portfolio& p, const Delegate& d, const std::string& anchor)
{
  out += fmt::format(
    "<section class=\"delegate\" id=\"{0}\" data-delegate=\"{1}\" aria-labelledby=\"{0}-h\">\n"
    "<h2 id=\"{0}-h\">{2}</h2>\n",
    anchor, esc(d.key), esc(d.key.empty() ? "Cases tied to no delegate" : d.name));
  if (const auto line = about(d); !line.empty()) {
    out += "<p class=\"meta\">" + line + ".</p>\n";
  }
  if (!d.attention.empty()) {
    out += fmt::format(
      "<p class=\"attention\">Rating: <span class=\"rating-{0}\">{0}</span>. Needs attention: {1}.</p>\n",
      to_string(d.rating), esc(fmt::format("{}", fmt::join(d.attention, "; "))));
  }
  if (p.period) {
    period_section(out, p, d, anchor);
  }
  if (!p.since.empty()) {
    out += fmt::format("<h3>Changed since <code>{}</code></h3>\n", esc(p.since));
    if (d.since.empty()) {
      out += "<p>No change that matters to oversight.</p>\n";
    } else {
      out += "<ul class=\"since\">\n";
      for (const auto& c : d.since) {
        out += fmt::format("<li data-case=\"{0}\">{0} ({1}){2}{3}", esc(c.case_id), esc(c.kind),
                           c.note.empty() ? "" : ": ", esc(c.note));
        if (!c.lines.empty()) {
          out += "\n<ul>\n";
          for (const auto& line : c.lines) {
            out += "<li>" + esc(line) + "</li>\n";
          }
          out += "</ul>\n";
        }
        out += "</li>\n";
      }
      out += "</ul>\n";
    }
  }
  if (d.cases.empty()) {
    out += "<p>No case files.</p>\n";
  } else {
    cases_table(out, p.link_base, d);
  }
  duty_table(out, p.link_base, d.overdue, "Overdue", DutyList::overdue);
  duty_table(out, p.link_base, d.due_soon, fmt::format("Due within {} days", p.soon_days),
             DutyList::due_soon);
  duty_table(out, p.link_base, d.met_late, "Met late", DutyList::met_late);
  if (!d.audits.empty()) {
    out += "<h3>Audit scores</h3>\n<div class=\"scores\">\n";
    audit_chart(out, d, anchor + "-chart");
    out += "<div>\n";
    audit_tables(out, p.link_base, d);
    out += "</div>\n</div>\n";
  }
  measures_table(out, p.link_base, d);
  workplans_table(out, p.link_base, d);
  trend(out, p, d, anchor + "-trend");
  // The committee's record of its review of this delegate, to fill in on the printed packet.
  out += fmt::format(
    "<div class=\"signoff\" aria-labelledby=\"{0}-signoff\">\n<h3 id=\"{0}-signoff\">Committee "
    "review</h3>\n<dl>\n<dt>Reviewed by</dt><dd></dd>\n<dt>Date</dt><dd></dd>\n<dt>Committee "
    "decision</dt><dd></dd>\n</dl>\n</div>\n",
    anchor);
  out += "</section>\n";
}

// The sections in order, each a link (in the printed PDF too).
void contents(Sink& out, const Portfolio& p, const std::vector<std::string>& anchors)
{
  if (p.delegates.size() < 2) {
    return;
  }
  out +=
    "<nav class=\"contents\" aria-labelledby=\"contents-h\">\n<h2 id=\"contents-h\">Contents</h2>\n<ol>\n"
    "<li><a href=\"#summary\">Summary</a></li>\n";
  for (std::size_t i = 0; i < p.delegates.size(); ++i) {
    const auto& d = p.delegates[i];
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", anchors[i],
                       esc(d.key.empty() ? "Cases tied to no delegate" : d.name));
  }
  out += "</ol>\n</nav>\n";
}

} // namespace

void render_html(const Portfolio& p, Sink& sink)
{
  std::vector<std::string> anchors;
  for (std::size_t i = 0; i < p.delegates.size(); ++i) {
    anchors.push_back(fmt::format("delegate-{}", i + 1));
  }
  sink += fmt::format(
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta name=\"generator\" content=\"qicase {0}\">\n"
    "<title>{3} as of {1}</title>\n<style>{2}{5}</style>\n</head>\n<body>\n"
    "<header>\n<h1>{3}</h1>\n<p class=\"meta\">As of <time datetime=\"{1}\">{1}</time>; "
    "{4}made by qicase {0} from the case files{6}.</p>\n</header>\n<main>\n",
    k_version, p.as_of.str(), k_style, esc(title(p)),
    p.packet.empty() ? fmt::format("{} delegate{}; ", p.delegates.size(), p.delegates.size() == 1 ? "" : "s")
                     : std::string(),
    page_rules(p, anchors), made_from(p).empty() ? std::string() : " at " + esc(made_from(p)));
  contents(sink, p, anchors);
  summary(sink, p, anchors);
  // Written as it is made, a table row at a time: the page is never held whole, nor a section.
  for (std::size_t i = 0; i < p.delegates.size(); ++i) {
    delegate_section(sink, p, p.delegates[i], anchors[i]);
  }
  sink += "</main>\n</body>\n</html>\n";
}

} // namespace qicase::portfolio

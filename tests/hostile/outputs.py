#!/usr/bin/env python3
"""Checks what one qicase run printed, as its readers would take it.

Usage: outputs.py FORMAT STDOUT STDERR LABEL

Every format, and stderr: no line that a CI runner takes for a workflow command (one that
begins with `::`, but for the github format's own annotations, or holds `##[`); no byte that
drives a terminal (C0 controls other than tab, line feed
and the carriage return of a CRLF; DEL; C1 controls; the bidirectional controls), and valid
UTF-8. Then by format: json and sarif parse as JSON; junit parses as XML 1.0; csv cells are
never formulas (OWASP: a cell beginning with = + - @ tab or CR is a formula unless it is a plain
number); markdown holds no raw HTML (no `<` at all: case text is written as entities); html
(the `report` page) parses, holds only the elements and attributes qicase writes (no script,
no event handler, no style attribute but the chart's, no link with a scheme). Exits 1 with one
line per failure.
"""
import csv
import html.parser
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

fmt, out_path, err_path, label = sys.argv[1:5]
failures = []


def fail(message):
    failures.append(f"FAIL {label} ({fmt}): {message}")


TERMINAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def text_of(path, what):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{what} is not UTF-8 at byte {e.start}")
        return data.decode("utf-8", "replace")
    m = TERMINAL.search(text)
    if m:
        fail(f"{what} carries U+{ord(m.group(0)[0]):04X} raw at offset {m.start()}: "
             f"{text[max(0, m.start() - 30):m.start() + 10]!r}")
    return text


# A workbook (xlsx) is bytes: read as the zip it is, below.
out = text_of(out_path, "stdout") if fmt != "xlsx" else ""
err = text_of(err_path, "stderr")

# A CI runner (GitHub Actions) obeys a line of a step's output that begins with `::` and `##[`
# anywhere in a line: no line of stdout or stderr may be one, in any format, but for the `github`
# format's own annotations (whose properties and message are %-escaped).
OWN = re.compile(r"::(error|warning) file=[^,:]*(,line=[0-9]+,col=[0-9]+)?,title=qicase [a-z0-9.-]+::")
for what, text in (("stdout", out), ("stderr", err)):
    for n, line in enumerate(text.split("\n"), 1):
        if "##[" in line:
            fail(f"{what} line {n} holds `##[`, a workflow command: {line[:80]!r}")
        if line.startswith("::") and not (what == "stdout" and fmt == "github" and OWN.match(line)):
            fail(f"{what} line {n} begins with `::`, a workflow command: {line[:80]!r}")

NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
if fmt in ("json", "sarif") and out:
    try:
        json.loads(out)
    except ValueError as e:
        fail(f"stdout is not JSON: {e}")
elif fmt == "junit" and out:
    try:
        ET.fromstring(out.encode("utf-8"))
    except ET.ParseError as e:
        fail(f"stdout is not XML: {e}")
elif fmt == "xlsx":
    import zipfile
    try:
        book = zipfile.ZipFile(out_path)
        main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        for name in book.namelist():
            if ".." in name or name.startswith("/"):
                fail(f"a part named {name!r}")
            # Every part is XML 1.0: well-formed, and only characters XML allows.
            root = ET.fromstring(book.read(name))
            if name.startswith("xl/worksheets/"):
                for c in root.iter(f"{main}c"):
                    if c.find(f"{main}f") is not None:
                        fail(f"{name}: cell {c.get('r')} holds a formula")
                    if c.get("t") not in (None, "inlineStr"):
                        fail(f"{name}: cell {c.get('r')} of type {c.get('t')!r}")
    except (zipfile.BadZipFile, ET.ParseError) as e:
        fail(f"not a workbook: {e}")
elif fmt == "csv" and out:
    for row in csv.reader(io.StringIO(out, newline="")):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not NUMBER.fullmatch(cell):
                fail(f"a CSV cell a spreadsheet would evaluate: {cell[:60]!r}")
elif fmt == "html" and out:
    ELEMENTS = {"html", "head", "meta", "title", "style", "body", "header", "main", "section", "h1",
                "h2", "h3", "nav", "p", "span", "time", "dl", "div", "dt", "dd", "ol", "ul", "li", "a", "table",
                "caption", "thead", "tbody", "tr", "th", "td", "code", "figure", "figcaption",
                "svg", "desc", "line", "rect", "text"}

    class Page(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in ELEMENTS:
                fail(f"an element qicase does not write: <{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    fail(f"an event handler attribute {name}={value!r:.60}")
                if name == "href" and value and not re.match(r"(\./|\.\./|/(?!/)|#)", value):
                    fail(f"a link that is not relative: href={value!r:.60}")
                if name == "style" and tag != "text":
                    fail(f"a style attribute on <{tag}>")

    Page().feed(out)
    if out.count("<style>") != 1 or out.count("<script") != 0:
        fail("the page has a script or more than its one stylesheet")
elif fmt == "markdown":
    if "<" in out:
        at = out.index("<")
        fail(f"raw `<` in markdown: {out[max(0, at - 30):at + 30]!r}")
    # qicase writes no link or image: one in markdown came from case text.
    link = re.search(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(", out)
    if link:
        fail(f"a live markdown link or image: {out[max(0, link.start() - 20):link.end() + 30]!r}")

for f in failures[:20]:
    print(f)
sys.exit(1 if failures else 0)

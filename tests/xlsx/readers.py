"""The workbooks qicase writes, read by readers nobody here wrote: openpyxl (cell types, the
header, the frozen pane, the autofilter), xlsx2csv and LibreOffice Calc (each converted to CSV),
each compared with qicase's own CSV or JSON of the same run.

Usage: python3 readers.py DIR   (DIR holds NAME.xlsx, NAME.csv or NAME.json, and the CSVs that
xlsx2csv and LibreOffice made: NAME.xlsx2csv.csv, NAME-SHEET.lo.csv)"""
import csv
import datetime
import json
import os
import sys

import openpyxl

d = sys.argv[1]
failed = 0
passed = 0


def check(ok, what):
    global failed, passed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def qicase_csv(name):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    # qicase's CSV keeps a spreadsheet from running a cell: a text that would start a formula
    # gets a leading quote there; the workbook holds the text itself, as a text cell.
    return [[c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c for c in row] for row in rows]


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def typed(path, sheet_index=0):
    book = openpyxl.load_workbook(path)
    return book, book.worksheets[sheet_index]


# The agenda and the evidence manifest: the CSV's columns, cell for cell, each of its type.
for name, dates, numbers in (("due", {"due", "done_on"}, {"days", "line", "column"}),
                             ("evidence", {"date"}, {"size", "line"})):
    book, ws = typed(os.path.join(d, f"{name}.xlsx"))
    want = qicase_csv(f"{name}.csv")
    got = [[as_text(c.value) for c in row] for row in ws.iter_rows()]
    # Trailing empty cells are not written: pad to the header's width.
    width = len(want[0])
    got = [row + [""] * (width - len(row)) for row in got]
    check(got == want, f"{name}: openpyxl reads the CSV's values ({len(got)} rows vs {len(want)})")
    if got != want:
        for g, w in zip(got, want):
            if g != w:
                print("  workbook:", g, "\n  csv:     ", w)
                break
    header = want[0]
    check(all(c.font.b for c in ws[1]), f"{name}: the header row is bold")
    check(ws.freeze_panes == "A2", f"{name}: the header row is frozen ({ws.freeze_panes})")
    check(ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(width)}{len(want)}",
          f"{name}: an autofilter over the table ({ws.auto_filter.ref})")
    for row in ws.iter_rows(min_row=2):
        for col, cell in zip(header, row):
            if cell.value is None:
                continue
            if col in dates:
                check(cell.is_date and isinstance(cell.value, datetime.datetime), f"{name}: {col} is a date cell")
            elif col in numbers:
                check(cell.data_type == "n" and isinstance(cell.value, int), f"{name}: {col} is a number")
            else:
                check(cell.data_type in ("s", "inlineStr") and isinstance(cell.value, str),
                      f"{name}: {col} is text ({cell.data_type})")
    # xlsx2csv and LibreOffice Calc read the same table.
    for reader, file in (("xlsx2csv", f"{name}.xlsx2csv.csv"), ("LibreOffice", f"{name}-{ws.title}.lo.csv"),
                         ("SheetJS", f"{name}-{ws.title}.sheetjs.csv")):
        with open(os.path.join(d, file), newline="", encoding="utf-8") as f:
            other = [row + [""] * (width - len(row)) for row in csv.reader(f)]
        check(other == want, f"{name}: {reader} reads the CSV's values")
        if other != want:
            for g, w in zip(other, want):
                if g != w:
                    print(f"  {reader}:", g, "\n  csv:     ", w)
                    break

# The audit in the audit tool's layout: its totals are the JSON report's, exactly.
book, ws = typed(os.path.join(d, "audit.xlsx"))
check([s.title for s in book.worksheets] == ["scores", "corrective actions"], "audit: its two sheets")
report = json.load(open(os.path.join(d, "audit.json"), encoding="utf-8"))
audits = [f["report"] for f in report["files"] if f.get("report")]
header = [c.value for c in ws[1]]
totals = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2) if row[4].value == "total"]
check(len(totals) == len(audits) and len(audits) > 0, f"audit: a total row per audit ({len(totals)})")
for t, a in zip(totals, audits):
    total = a["total"]
    check(t["possible"] == total["possible"], f"audit {t['audit']}: points possible {t['possible']} = {total['possible']}")
    check(t["received"] == total["received"], f"audit {t['audit']}: points received {t['received']} = {total['received']}")
    # The report says the percentage to one decimal, rounded down; the workbook holds it exact.
    check(round(t["score"] * 10000) // 10 == round(total["percent"] * 10),
          f"audit {t['audit']}: percent {t['score']} = {total['percent']}%")
    check(isinstance(t["date"], datetime.datetime) and t["date"].date().isoformat() == a["date"],
          f"audit {t['audit']}: its date {t['date']} is a date cell, {a['date']}")

# The portfolio: each sheet read back gives the figures of `report --format json`, exactly.
book = openpyxl.load_workbook(os.path.join(d, "report.xlsx"))
check([s.title for s in book.worksheets] == ["delegates", "obligations", "cases", "audits"], "report: its sheets")
report = json.load(open(os.path.join(d, "report.json"), encoding="utf-8"))


def records(ws):
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


sheet = records(book["delegates"])
check(len(sheet) == len(report["delegates"]), f"report: a row per delegate ({len(sheet)})")
for row, dl in zip(sheet, report["delegates"]):
    want = {"rating": dl["rating"], "cases": len(dl["cases"]), "overdue": len(dl["overdue"]),
            "due soon": len(dl["due_soon"]), "met late": len(dl["met_late"]), "findings": dl["findings"]}
    got = {k: row[k] for k in want}
    check(got == want, f"report: delegate {dl['name'] or dl['id']}: {got} == {want}")
    check(isinstance(row["as of"], datetime.datetime) and row["as of"].date().isoformat() == report["as_of"],
          "report: as of is a date cell")
duties = records(book["obligations"])
for dl in report["delegates"]:
    for key, name in (("overdue", "overdue"), ("due_soon", "due soon"), ("met_late", "met late")):
        want = [(x["case"], x["due"], x["days"]) for x in dl[key]]
        who = dl["name"] or dl["id"] or "(no delegate)"
        got = [(r["case"], r["due"].date().isoformat(), r["days"]) for r in duties
               if r["list"] == name and r["delegate"] == who]
        check(got == want, f"report: {dl['name'] or dl['id']} {name}: {got} == {want}")
with open(os.path.join(d, "report-delegates.lo.csv"), newline="", encoding="utf-8") as f:
    lo = list(csv.DictReader(f))
check([(r["rating"], r["cases"], r["as of"]) for r in lo]
      == [(dl["rating"], str(len(dl["cases"])), report["as_of"]) for dl in report["delegates"]],
      "report: LibreOffice reads the delegates' ratings, counts and date")
cases = records(book["cases"])
check(len(cases) == report["summary"]["cases"], f"report: a row per case ({len(cases)})")
audit_rows = [r for r in records(book["audits"]) if r["standard"] == "total"]
json_audits = [a for dl in report["delegates"] for a in dl.get("audits", [])]
check(len(audit_rows) == len(json_audits) and json_audits, f"report: a total row per audit ({len(audit_rows)})")
for row, a in zip(audit_rows, json_audits):
    check((row["audit"], row["possible"], row["received"], round(row["percent"] * 10000), row["rating"])
          == (a["id"], a["possible"], a["received"], round(a["percent"] * 100), a["rating"]),
          f"report: audit {a['id']}: {row} vs {a}")

# Attacker-written text stays text in every reader: no formula anywhere.
book, ws = typed(os.path.join(d, "hostile.xlsx"))
texts = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
check(any(t.startswith("=") for t in texts), "hostile: the text starting with = is there")
check(all(c.data_type != "f" for row in ws.iter_rows() for c in row), "hostile: openpyxl finds no formula")
with open(os.path.join(d, f"hostile-{ws.title}.lo.csv"), encoding="utf-8") as f:
    lo = f.read()
check("=HYPERLINK(" in lo and "=1+2" in lo, "hostile: LibreOffice shows the text, not a result")
with open(os.path.join(d, f"hostile-{ws.title}.sheetjs.csv"), encoding="utf-8") as f:
    sheetjs = f.read()
check("=HYPERLINK(" in sheetjs and "=1+2" in sheetjs, "hostile: SheetJS shows the text, not a result")

print(f"xlsx readers: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

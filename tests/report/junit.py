#!/usr/bin/python3
"""Reads a JUnit XML report of `qicase check --format junit` with junitparser (the parser
Python CI tools use; Debian's python3-junitparser) and compares it with the same run's
`--format json`: one test case per file, named by its path, failed exactly when the file has
an error, the failure text holding each error's file:line:col and rule id.
Usage: junit.py REPORT.xml REPORT.json"""
import json
import sys

from junitparser import Failure, JUnitXml

xml = JUnitXml.fromfile(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    report = json.load(f)

cases = {}
for suite in xml:
    for case in suite:
        cases[case.name] = case
problems = []
files = report["files"]
if len(cases) != len(files):
    problems.append(f"{len(cases)} test cases for {len(files)} files")
for entry in files:
    case = cases.get(entry["path"])
    if case is None:
        problems.append(f"no test case for {entry['path']}")
        continue
    # A finding the repository's baseline knows is left out of JUnit (qicase-check(1)); every
    # other error must fail its test case and be named in it.
    errors = [d for d in entry.get("diagnostics", [])
              if d["severity"] == "error" and d.get("baseline") != "unchanged"]
    known = [d for d in entry.get("diagnostics", []) if d.get("baseline") == "unchanged"]
    failures = [r for r in case.result if isinstance(r, Failure)]
    if bool(errors) != bool(failures):
        problems.append(f"{entry['path']}: {len(errors)} error(s) but {len(failures)} failure(s)")
    text = "".join(f.text or "" for f in failures)
    for d in errors:
        where = f"{entry['path']}:{d['line']}:{d['column']}"
        if where not in text or f"[{d['rule']}]" not in text:
            problems.append(f"{entry['path']}: the failure does not name {where} [{d['rule']}]")
    listed = "".join(f.text or "" for f in case.result) + "".join(case.system_out or "")
    for d in known:
        if f"{entry['path']}:{d['line']}:{d['column']}: " in listed and f"[{d['rule']}]" in listed:
            problems.append(f"{entry['path']}: the known finding [{d['rule']}] is listed")
failed = sum(1 for c in cases.values() if any(isinstance(r, Failure) for r in c.result))
for p in problems:
    print(f"FAIL {sys.argv[1]}: {p}")
if not problems:
    print(f"ok   {sys.argv[1]}: {len(cases)} test case(s), {failed} failed, as the JSON report says")
sys.exit(1 if problems else 0)

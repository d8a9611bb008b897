"""Reads an iCalendar feed with a real parser (Debian's python3-icalendar) and checks what
`qicase due --format ical` promises: RFC 5545 structure, CRLF line endings, lines of at most
75 octets, unique UIDs, DTSTAMP and an all-day DTSTART on every event. Prints the event count.
Usage: validate.py FILE [EXPECTED_EVENTS]"""
import datetime
import sys

import icalendar

path = sys.argv[1]
data = open(path, "rb").read()
assert data.endswith(b"\r\n"), "the feed must end with CRLF"
for number, line in enumerate(data.split(b"\r\n"), 1):
    assert b"\n" not in line and b"\r" not in line, f"line {number}: a bare LF or CR"
    assert len(line) <= 75, f"line {number}: {len(line)} octets"
    line.decode("utf-8")  # never split inside a UTF-8 sequence

cal = icalendar.Calendar.from_ical(data)
assert cal.name == "VCALENDAR"
assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
events = cal.walk("VEVENT")
uids = [str(e["UID"]) for e in events]
assert len(uids) == len(set(uids)), "duplicate UIDs"
for e in events:
    start = e["DTSTART"].dt
    assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime), e["UID"]
    assert e["DTEND"].dt == start + datetime.timedelta(days=1)
    assert isinstance(e["DTSTAMP"].dt, datetime.datetime)
    assert str(e["SUMMARY"]) and "File: " in str(e["DESCRIPTION"])
    # Nothing that goes stale: the feed is read on later days than --as-of.
    description = str(e["DESCRIPTION"])
    assert "overdue" not in description and "days late" not in description, description
    assert description.startswith("Due: " + start.isoformat()), description
    assert str(e["CATEGORIES"].to_ical().decode()) in (
        "notice", "qcar", "cap", "actionplan", "audit", "workplan"), e["CATEGORIES"].to_ical()
    for alarm in e.walk("VALARM"):
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm["TRIGGER"].dt < datetime.timedelta(0)
        alarms = globals().setdefault("alarms", [])
        alarms.append(alarm["TRIGGER"].dt)
if len(sys.argv) > 2:
    assert len(events) == int(sys.argv[2]), f"{len(events)} events, expected {sys.argv[2]}"
if len(sys.argv) > 3:  # the reminder every open event should carry, e.g. -3 (days)
    assert globals().get("alarms") and all(a == datetime.timedelta(days=int(sys.argv[3]))
                                            for a in alarms), "no or wrong VALARM"
print(len(events))

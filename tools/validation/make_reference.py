#!/usr/bin/env python3
"""Builds fixtures/validation/reference.json: the expected values of the `validate` reference set.

Every expected value is computed here from the raw fixture bytes with the Python standard library
(xml.etree, sqlite3, csv, json, re, zoneinfo) — never from EvidencePipe's own output — so the
validation compares EvidencePipe against an independent reading of the same files.
Run from the repository root:  python3 tools/validation/make_reference.py
"""
import csv, hashlib, json, re, sqlite3
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "fixtures"
ZONE = ZoneInfo("Europe/London")


def sha(p): return hashlib.sha256(p.read_bytes()).hexdigest()
def iso_ms(ms): return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
def iso_local(naive): return naive.replace(tzinfo=ZONE).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
def field(loc, name, value): return {"locator": loc, "field": name, "expected": value}
def entry(rel, fmt, events, fields): return {"path": "../" + rel, "sha256": sha(FIX / rel), "format": fmt, "events": events, "fields": fields}


def sms_backup():
    rel = "sms_backup/sms_small.xml"
    text = (FIX / rel).read_text(encoding="utf-8")
    lines = {i + 1: l for i, l in enumerate(text.splitlines())}
    sms = ET.fromstring(text.encode()).findall("sms")
    line_of = [n for n, l in lines.items() if l.lstrip().startswith("<sms ")]
    fields = []
    for k in (0, 9):  # sms[1] and sms[10]; SBR type 1 = received, 2 = sent
        s, loc = sms[k], f"sms[{k + 1}] line {line_of[k]}"
        fields += [field(loc, "time", iso_ms(int(s.get("date")))),
                   field(loc, "direction", "incoming" if s.get("type") == "1" else "outgoing"),
                   field(loc, "text", s.get("body"))]
        fields.append(field(loc, "from" if s.get("type") == "1" else "to", "tel:" + s.get("address")))
    return entry(rel, "sms-backup-xml", len(sms), fields)


def mmssms():
    rel = "android_db/mmssms.db"
    db = sqlite3.connect(f"file:{FIX / rel}?immutable=1", uri=True)
    rows = db.execute("select _id, date, type, body from sms order by _id").fetchall()
    mms = db.execute("select count(*) from pdu").fetchone()[0]
    fields = []
    for _id, date, typ, body in (rows[0], rows[2]):  # Telephony.TextBasedSmsColumns: type 1 inbox, 2 sent
        loc = f"sms._id={_id}"
        fields += [field(loc, "time", iso_ms(date)), field(loc, "direction", "incoming" if typ == 1 else "outgoing"),
                   field(loc, "text", body), field(loc, "channel", "sms")]
    return entry(rel, "android-mmssms-db", len(rows) + mms, fields)


def cdr():
    rel = "cdr/A.csv"
    with open(FIX / rel, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = []
    for i in (0, 1):  # data row i is file line i + 2 (line 1 is the header)
        r, loc = rows[i], f"line {i + 2}"
        fields += [field(loc, "time", iso_local(datetime.strptime(r["datetime"], "%Y-%m-%d %H:%M:%S"))),
                   field(loc, "direction", "incoming" if r["direction"] == "in" else "outgoing"),
                   field(loc, "kind", "call" if r["interaction"] == "call" else "message")]
        if r["call_duration"]:
            fields.append(field(loc, "duration_s", r["call_duration"]))
    return entry(rel, "cdr-csv", len(rows), fields)


def telegram():
    rel = "telegram/test_single_export.json"
    msgs = json.loads((FIX / rel).read_text(encoding="utf-8"))["messages"]
    m = msgs[0]
    fields = [field("messages[0]", "time", iso_ms(int(m["date_unixtime"]) * 1000)), field("messages[0]", "text", m["text"]),
              field("messages[0]", "channel", "telegram")]
    return entry(rel, "telegram-json", len(msgs), fields)


def whatsapp():
    rel = "whatsapp/test_yyyymmdd_24hrs.txt"
    lines = (FIX / rel).read_text(encoding="utf-8").splitlines()
    # Every "date, time - " line starts a message; system lines ("You were added") have no "Sender: ".
    header = re.compile(r"^(\d{4}/\d{2}/\d{2}, \d{2}:\d{2}) - (.*)$")
    starts = [i for i, l in enumerate(lines) if header.match(l)]
    fields = []
    for i in (starts[0], starts[2]):
        m = header.match(lines[i])
        nxt = next((s for s in starts if s > i), len(lines))
        body = "\n".join([m.group(2).split(": ", 1)[1]] + lines[i + 1:nxt])
        loc = f"line {i + 1}"
        fields += [field(loc, "time", iso_local(datetime.strptime(m.group(1), "%Y/%m/%d, %H:%M"))), field(loc, "text", body),
                   field(loc, "channel", "whatsapp")]
    return entry(rel, "whatsapp-text", len(starts), fields)


reference = {
    "name": "EvidencePipe bundled reference set v1",
    "time_zone": "Europe/London",
    "region": "GB",
    "owners": [],
    "files": [sms_backup(), mmssms(), cdr(), telegram(), whatsapp()],
}
out = FIX / "validation" / "reference.json"
out.write_text(json.dumps(reference, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {out}: {sum(len(f['fields']) + 4 for f in reference['files'])} checks")

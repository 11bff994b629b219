"""Independent oracle for the Skype main.db reader: Python's stdlib sqlite3 with hand-written SQL.

Prints one JSON object per expected event (locator, kind, channel, direction, time, from, to, text,
attachments) for the database given as argv[1]. Written from the documented rules in
src/EvidencePipe.Readers/Skype/README.md, sharing no code with the C# reader: body_xml is decoded
here with a regular expression and html.unescape (the reader uses AngleSharp).
"""
import datetime
import html
import json
import re
import sqlite3
import sys

END = 4102444800  # 2100-01-01T00:00:00Z


def iso(seconds):
    if seconds is None or not isinstance(seconds, int) or not 0 < seconds < END:
        return None
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def party(name):
    if not name or not name.strip():
        return None
    name = name.strip()
    return ("tel:" + name) if re.fullmatch(r"\+[0-9]+", name) else "handle:skype:" + name


def text(body):
    if body is None:
        return None
    plain = html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
    return plain or None


db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro&immutable=1", uri=True)
account = db.execute("SELECT skypename FROM Accounts").fetchone()[0]
owner = party(account)
chats = {name: (participants or "").split() for name, participants in db.execute("SELECT name, participants FROM Chats")}
members = {}
for convo, identity in db.execute("SELECT convo_id, identity FROM Participants ORDER BY id"):
    members.setdefault(convo, []).append(identity)
copies = {row[0] for row in db.execute("SELECT chatmsg_id FROM SMSes WHERE chatmsg_id IS NOT NULL")}
out = []

for mid, author, body, ts, chatname, partner, convo, mtype in db.execute(
        "SELECT id, author, body_xml, timestamp, chatname, dialog_partner, convo_id, type FROM Messages ORDER BY id"):
    if mtype == 64 and mid in copies:
        continue
    others = [p for p in chats.get(chatname, []) if p != author] or [p for p in members.get(convo, []) if p != author]
    if not others and partner and partner != author:
        others = [partner]
    to = [party(p) for p in others]
    incoming = author != account
    if incoming and owner not in to:
        to.append(owner)
    out.append(dict(locator=f"Messages.id={mid}", kind="message", channel="sms" if mtype == 64 else "skype",
                    direction="incoming" if incoming else "outgoing", time=iso(ts), **{"from": party(author)}, to=to,
                    text=text(body), attachments=[]))

for cid, begin, incoming, duration in db.execute("SELECT id, begin_timestamp, is_incoming, duration FROM Calls ORDER BY id"):
    rows = db.execute("SELECT identity, call_duration FROM CallMembers WHERE call_db_id = ? ORDER BY id", (cid,)).fetchall()
    others = [party(r[0]) for r in rows if party(r[0]) != owner]
    seconds = duration if duration else max((r[1] or 0 for r in rows), default=0) or None
    frm, to = (others[0] if len(others) == 1 else None, others[1:] + [owner]) if incoming == 1 else (owner, others)
    out.append(dict(locator=f"Calls.id={cid}", kind="call", channel="skype", direction="incoming" if incoming == 1 else "outgoing",
                    time=iso(begin), **{"from": frm}, to=to, text=None, attachments=[], duration=seconds))

for sid, ts, targets, body, stype in db.execute("SELECT id, timestamp, target_numbers, body, type FROM SMSes ORDER BY id"):
    assert stype == 2, "the sample's SMS is outgoing"
    out.append(dict(locator=f"SMSes.id={sid}", kind="message", channel="sms", direction="outgoing", time=iso(ts),
                    **{"from": owner}, to=["tel:" + t for t in targets.split()], text=body, attachments=[]))

for tid, ttype, handle, start, accept, finish, name, pk in db.execute(
        "SELECT id, type, partner_handle, starttime, accepttime, finishtime, filename, pk_id FROM Transfers ORDER BY id"):
    when = next((t for t in (start, accept, finish) if t and 0 < t < END), None)
    if handle == account:
        to = [party(h) for (h,) in db.execute("SELECT partner_handle FROM Transfers WHERE parent_id = ?", (pk,))]
        frm, direction = owner, "outgoing"
    elif ttype == 2:
        frm, to, direction = owner, [party(handle)], "outgoing"
    else:
        frm, to, direction = party(handle), [owner], "incoming"
    out.append(dict(locator=f"Transfers.id={tid}", kind="message", channel="skype", direction=direction, time=iso(when),
                    **{"from": frm}, to=to, text=None, attachments=[name]))

print(json.dumps(out, ensure_ascii=False))

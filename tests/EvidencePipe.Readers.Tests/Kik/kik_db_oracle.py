"""Independent oracle for the Kik kik.sqlite reader: Python's stdlib sqlite3 with hand-written SQL.

argv[1] the database, argv[2] the owner identifier (--owner). Prints a JSON list of the expected events
(locator, kind, channel, direction, time, from, to, text, attachments), written from the documented
rules in src/EvidencePipe.Readers/Kik/README.md and sharing no code with the C# reader. The join
tables are named as in this file (Z_3MESSAGES, Z_6MEMBERS; plaso's kik_ios plugin records the schema).
"""
import datetime
import json
import sqlite3
import sys

APPLE = 978307200
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro&immutable=1", uri=True)
owner = sys.argv[2]
users = {pk: (("handle:kik:" + (username or jid)), (jid or "").endswith("@groups.kik.com"))
         for pk, username, jid in db.execute("SELECT Z_PK, ZUSERNAME, ZJID FROM ZKIKUSER")}
chat_user = dict(db.execute("SELECT Z_PK, ZUSER FROM ZKIKCHAT"))
members = {}
for group, member in db.execute("SELECT Z_6MEMBERSINVERSE, Z_6MEMBERS FROM Z_6MEMBERS ORDER BY 1, 2"):
    members.setdefault(group, []).append(users[member][0])
out = []
for pk, mtype, user, body, ts, received in db.execute(
        "SELECT Z_PK, ZTYPE, ZUSER, ZBODY, ZTIMESTAMP, ZRECEIVEDTIMESTAMP FROM ZKIKMESSAGE ORDER BY Z_PK"):
    chat_users = sorted(chat_user[c] for (c,) in db.execute("SELECT Z_3CHAT FROM Z_3MESSAGES WHERE Z_5MESSAGES = ?", (pk,)))
    chat = user if (not chat_users or user in chat_users) else chat_users[0]
    group = members.get(chat, []) if users[chat][1] or chat in members else None
    seconds = ts if ts else received
    ms = round((seconds + APPLE) * 1000)
    time = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)
    files = [c for (c,) in db.execute("SELECT ZCONTENT FROM ZKIKATTACHMENT WHERE ZMESSAGE = ? ORDER BY Z_PK", (pk,))]
    if mtype == 1:
        frm = users[user][0]
        to = [m for m in (group or []) if m != frm] + [owner]
        direction = "incoming"
    elif mtype == 2:
        frm, direction = owner, "outgoing"
        to = group if group else [users[chat][0]]
    else:
        frm, to, direction = None, [], "unknown"
    out.append({"locator": f"ZKIKMESSAGE.Z_PK={pk}", "kind": "message", "channel": "kik", "direction": direction, "time": time,
                "from": frm, "to": to, "text": None if (not body or body in files) else body, "attachments": files})
print(json.dumps(out, ensure_ascii=False))

#!/usr/bin/python3
"""Independent oracle for the Outlook .msg golden tests.

Reads each .msg with olefile (Debian's python3-olefile, a mature MS-CFB reader; nothing of
EvidencePipe's) and decodes the MS-OXMSG property streams itself: the fixed-size values in
__properties_version1.0 (header 32 bytes for the top-level message, 24 for an embedded message,
8 for recipients and attachments; 16-byte entries) and the __substg1.0_IIIITTTT streams.
Prints one JSON object per message: subject, sender, recipients, times (UTC ISO-8601), the first
80 characters of PidTagBody, attachments with size and SHA-256, and attached messages nested.

    /usr/bin/python3 tools/msg/msg_oracle.py fixtures/email_msg/*.msg
    /usr/bin/python3 tools/msg/msg_oracle.py --dump-rtf fixtures/email_msg/TxtSampleEmail.msg OUT.bin
"""
import datetime
import hashlib
import json
import struct
import sys

import olefile


def props(ole, path, header):
    stream = '/'.join(path + ['__properties_version1.0'])
    if not ole.exists(stream):
        return {}
    data = ole.openstream(stream).read()
    out = {}
    for at in range(header, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from('<IIQ', data, at)
        out[tag >> 16] = (tag & 0xFFFF, value)
    return out


def string(ole, path, pid):
    for kind, enc in (('001F', 'utf-16-le'), ('001E', 'cp1252')):
        stream = '/'.join(path + ['__substg1.0_%04X%s' % (pid, kind)])
        if ole.exists(stream):
            return ole.openstream(stream).read().decode(enc, 'replace').rstrip('\0') or None
    return None


def filetime(fixed, pid):
    if pid not in fixed or fixed[pid][0] != 0x0040 or fixed[pid][1] == 0:
        return None
    t = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=fixed[pid][1] // 10)
    return t.isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def storages(ole, path, prefix):
    depth = len(path)
    names = set()
    for entry in ole.listdir(streams=True, storages=True):
        if len(entry) > depth and entry[:depth] == path and entry[depth].startswith(prefix):
            names.add(entry[depth])
    return sorted(names)


def message(ole, path, header):
    fixed = props(ole, path, header)
    recipients = []
    for r in storages(ole, path, '__recip_version1.0_#'):
        rp = path + [r]
        recipients.append({'name': string(ole, rp, 0x3001), 'smtp': string(ole, rp, 0x39FE), 'address': string(ole, rp, 0x3003)})
    attachments = []
    for a in storages(ole, path, '__attach_version1.0_#'):
        ap = path + [a]
        item = {'name': string(ole, ap, 0x3707) or string(ole, ap, 0x3704) or string(ole, ap, 0x3001), 'mime': string(ole, ap, 0x370E)}
        data = '/'.join(ap + ['__substg1.0_37010102'])
        if ole.exists(data):
            blob = ole.openstream(data).read()
            item.update(size=len(blob), sha256=hashlib.sha256(blob).hexdigest())
        elif ole.exists('/'.join(ap + ['__substg1.0_3701000D'])):
            item['message'] = message(ole, ap + ['__substg1.0_3701000D'], 24)
        attachments.append(item)
    body = string(ole, path, 0x1000)
    return {
        'subject': string(ole, path, 0x0037),
        'sender_name': string(ole, path, 0x0C1A),
        'sender_smtp': string(ole, path, 0x5D01),
        'sender_address': string(ole, path, 0x0C1F),
        'sender_type': string(ole, path, 0x0C1E),
        'message_id': string(ole, path, 0x1035),
        'submit': filetime(fixed, 0x0039),
        'delivery': filetime(fixed, 0x0E06),
        'body_start': body[:80] if body else None,
        'has_html': ole.exists('/'.join(path + ['__substg1.0_10130102'])) or ole.exists('/'.join(path + ['__substg1.0_1013001F'])),
        'has_rtf': ole.exists('/'.join(path + ['__substg1.0_10090102'])),
        'recipients': recipients,
        'attachments': attachments,
    }


if sys.argv[1:2] == ['--dump-rtf']:
    with olefile.OleFileIO(sys.argv[2]) as ole:
        open(sys.argv[3], 'wb').write(ole.openstream('__substg1.0_10090102').read())
    sys.exit(0)

for name in sys.argv[1:]:
    with olefile.OleFileIO(name) as ole:
        print(json.dumps({'file': name.split('/')[-1], 'message': message(ole, [], 32)}, ensure_ascii=False, indent=1))

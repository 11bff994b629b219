#!/usr/bin/env python3
"""Writes the hand-made email fixtures under fixtures/email/synthetic/ (see the README.md there).

Run from the repository root:  python3 tools/make_email_synthetic.py
Deterministic: the same bytes every run.
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'email', 'synthetic')

EMLX_MESSAGE = (
    b'From: Jordan Example <jordan@example.net>\n'
    b'To: Sam Victim <sam@example.org>\n'
    b'Subject: =?UTF-8?Q?I_saw_you_at_the_caf=C3=A9?=\n'
    b'Date: Sat, 02 Mar 2024 23:15:00 +0000\n'
    b'Message-ID: <emlx-1@example.net>\n'
    b'MIME-Version: 1.0\n'
    b'Content-Type: text/plain; charset=utf-8\n'
    b'Content-Transfer-Encoding: quoted-printable\n'
    b'\n'
    b'You looked happy. I was outside your house later.=0A=\n'
    b'Caf=C3=A9 again tomorrow?\n'
)

PLIST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
    b'<plist version="1.0">\n<dict>\n'
    b'\t<key>date-received</key>\n\t<integer>1709421305</integer>\n'
    b'\t<key>flags</key>\n\t<integer>8590195713</integer>\n'
    b'\t<key>remote-id</key>\n\t<string>4711</string>\n'
    b'</dict>\n</plist>\n'
)

MAILDIR_CUR = (
    b'Return-Path: <jordan@example.net>\n'
    b'From: jordan@example.net\n'
    b'To: sam@example.org\n'
    b'Subject: no date on this one\n'
    b'In-Reply-To: <emlx-1@example.net>\n'
    b'\n'
    b'Answer me.\n'
)

MAILDIR_NEW = (
    b'From: "Sam Victim" <sam@example.org>\n'
    b'To: jordan@example.net\n'
    b'Subject: Stop contacting me\n'
    b'Date: Sun, 3 Mar 2024 09:00:00 +0000\n'
    b'References: <emlx-1@example.net> <reply-1@example.org>\n'
    b'MIME-Version: 1.0\n'
    b'Content-Type: multipart/mixed; boundary="b1"\n'
    b'\n'
    b'--b1\n'
    b'Content-Type: text/html; charset=us-ascii\n'
    b'\n'
    b'<html><head><style>p{color:red}</style><script>alert(1)</script></head>'
    b'<body><p>Please stop contacting me.</p><p>I have told the police.</p></body></html>\n'
    b'--b1\n'
    b'Content-Type: image/png\n'
    b"Content-Disposition: attachment; filename*=UTF-8''screenshot%20%C3%A9.png\n"
    b'Content-Transfer-Encoding: base64\n'
    b'\n'
    b'iVBORw0KGgo=\n'
    b'--b1--\n'
)


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as fh:
        fh.write(data)


def main():
    write('apple-mail/12345.emlx', str(len(EMLX_MESSAGE)).encode() + b'\n' + EMLX_MESSAGE + PLIST)
    write('apple-mail/truncated.emlx', b'9999\n' + EMLX_MESSAGE)
    write('maildir/cur/1709420000.M1P100.host:2,RS', MAILDIR_CUR)
    write('maildir/new/1709456400.M2P101.host', MAILDIR_NEW)
    write('maildir/tmp/.keep', b'')


if __name__ == '__main__':
    main()

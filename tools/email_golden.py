#!/usr/bin/env python3
"""Writes fixtures/email/golden.json: the expected decoding of the real email fixtures, produced ONCE
by an independent parser (CPython's `email` package with `policy.default`, and `mailbox.mbox` for
the clean RLUG mbox), so EvidencePipe's own MIME parser is never checked against its own output.

Run from the repository root:  python3 tools/email_golden.py
Per message it records: From/To/Cc (display name, lower-cased address), Subject, the Date as a UTC
instant (null when CPython cannot parse it), a body excerpt (first text/plain found by
get_body(('plain','html')); html is reduced to text with html.parser, script/style dropped), and
the filenames of the attachment parts (walking multiparts, not descending into message/rfc822).
"""
import datetime
import email
import email.policy
import html.parser
import json
import mailbox
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
FIXTURES = os.path.join(ROOT, 'fixtures', 'email')
# Files that are not single messages: mboxes (handled below or not at all) and the corpus licence.
NOT_SINGLE = {'ARTISTIC-LICENSE.txt', 'mbox.rlug', 'content-length.mbox.txt', 'issue1189.mbox.txt',
              'simple.mbox.txt', 'unmunged.mbox.txt'}
EXCERPT = 60


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style'):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ('script', 'style') and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def squash(text):
    return re.sub(r'\s+', ' ', text).strip()


def addresses(msg, name):
    header = msg.get(name)
    if header is None:
        return []
    try:
        return [[a.display_name, a.addr_spec.lower()] for a in header.addresses]
    except Exception:  # noqa: BLE001 - an undecodable header is recorded as such
        return None


def utc(msg):
    header = msg.get('Date')
    if header is None:
        return None
    try:
        dt = header.datetime
    except Exception:  # noqa: BLE001
        return None
    if dt is None or dt.tzinfo is None:
        return None
    return dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def excerpt(msg):
    try:
        body = msg.get_body(preferencelist=('plain', 'html'))
        if body is None:
            return None
        content = body.get_content()
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(content, str):
        return None
    if body.get_content_subtype() == 'html':
        p = _Text()
        p.feed(content)
        content = ' '.join(p.parts)
    return squash(content)[:EXCERPT]


def attachment_names(part):
    names = []
    if part.is_multipart() and part.get_content_maintype() == 'multipart':
        for sub in part.get_payload():
            names.extend(attachment_names(sub))
        return names
    name = part.get_filename()
    if name is not None:
        names.append(name)
    return names


def record(msg):
    subject = msg.get('Subject')
    return {
        'from': addresses(msg, 'From'),
        'to': addresses(msg, 'To'),
        'cc': addresses(msg, 'Cc'),
        'subject': None if subject is None else str(subject),
        'date_utc': utc(msg),
        'body_excerpt': excerpt(msg),
        'attachments': attachment_names(msg),
    }


def main():
    out = {}
    for dirpath, _, files in sorted(os.walk(FIXTURES)):
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, name), FIXTURES).replace(os.sep, '/')
            if name in NOT_SINGLE or name.endswith('.json') or name.endswith('.md') \
                    or '/hostile/' in '/' + rel or '/synthetic/' in '/' + rel:
                continue
            with open(os.path.join(dirpath, name), 'rb') as fh:
                msg = email.message_from_binary_file(fh, policy=email.policy.default)
            try:
                out[rel] = record(msg)
            except Exception as exc:  # noqa: BLE001
                print(f'skipped {rel}: {exc!r}', file=sys.stderr)
    box = mailbox.mbox(os.path.join(FIXTURES, 'mime4j', 'mbox.rlug'),
                       factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default),
                       create=False)
    for i, msg in enumerate(box):
        out[f'mime4j/mbox.rlug#{i}'] = record(msg)
    with open(os.path.join(FIXTURES, 'golden.json'), 'w', encoding='utf-8') as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write('\n')
    print(f'{len(out)} messages')


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Writes fixtures/email/golden.json: the expected decoding of the real email fixtures, produced ONCE
by an independent parser (CPython's `email` package with `policy.default`, and `mailbox.mbox` for
the clean RLUG mbox), so EvidencePipe's own MIME parser is never checked against its own output.

Run from the repository root:  python3 tools/email_golden.py
Per message it records: From/To/Cc/Bcc (display name, lower-cased address), Subject, the Date as a
UTC instant (`date_utc`; null when CPython has no date) and whether its zone was unknown
(`date_zone_unknown`: a `-0000` zone, which CPython returns as a naive datetime holding UTC, RFC 5322
§3.3), the whole body (`body`: the part get_body(('plain','html')) finds, whitespace runs squashed;
html is reduced to text with html.parser, script/style dropped), how many other parts carry text
(`other_text_parts`: text/* and message/rfc822 leaves besides the body and the html alternative of a
plain body), and the filenames of the attachment parts (walking multiparts, not descending into
message/rfc822).
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


def date(msg):
    """(UTC instant, zone unknown) as CPython reads the Date field; (None, False) without one."""
    header = msg.get('Date')
    if header is None:
        return None, False
    try:
        dt = header.datetime
    except Exception:  # noqa: BLE001
        return None, False
    if dt is None:
        return None, False
    if dt.tzinfo is None:
        # utils.parsedate_to_datetime: "-0000" gives a naive datetime that is UTC with no local zone.
        return dt.strftime('%Y-%m-%dT%H:%M:%SZ'), True
    return dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'), False


def body_part(msg):
    try:
        return msg.get_body(preferencelist=('plain', 'html'))
    except Exception:  # noqa: BLE001
        return None


def body(msg):
    part = body_part(msg)
    if part is None:
        return None
    try:
        content = part.get_content()
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(content, str):
        return None
    if part.get_content_subtype() == 'html':
        p = _Text()
        p.feed(content)
        content = ' '.join(p.parts)
    return squash(content)


def leaves(part):
    if part.is_multipart() and part.get_content_maintype() == 'multipart':
        for sub in part.get_payload():
            yield from leaves(sub)
    else:
        yield part


def other_text_parts(msg):
    """Leaves other than the body that carry text: text/* (not the html alternative of a plain body) or message/rfc822."""
    main = body_part(msg)
    plain_body = main is not None and main.get_content_type() == 'text/plain'
    count = 0
    for leaf in leaves(msg):
        if leaf is main:
            continue
        ctype = leaf.get_content_type()
        if ctype == 'text/html' and plain_body and not leaf.is_attachment() and leaf.get_filename() is None:
            continue
        if ctype.startswith('text/') or ctype == 'message/rfc822':
            count += 1
    return count


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
    instant, zone_unknown = date(msg)
    return {
        'from': addresses(msg, 'From'),
        'to': addresses(msg, 'To'),
        'cc': addresses(msg, 'Cc'),
        'bcc': addresses(msg, 'Bcc'),
        'subject': None if subject is None else str(subject),
        'date_utc': instant,
        'date_zone_unknown': zone_unknown,
        'body': body(msg),
        'other_text_parts': other_text_parts(msg),
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
                data = fh.read()
            if name.endswith('.emlx'):
                # Apple Mail emlx: a first line with the message's byte count, that many bytes of
                # message, then a property list (not part of the message).
                first, _, rest = data.partition(b'\n')
                data = rest[:int(first.strip())]
            msg = email.message_from_bytes(data, policy=email.policy.default)
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

#!/usr/bin/env python3
"""Writes hostile zip containers (issue 19, item 6) into OUTDIR, with Python's zipfile as the independent writer.

Used by the container tests (tests/EvidencePipe.Cli.Tests/ZipContainerTests.cs) and by scripts/soak.sh, which mixes
them into its corpus. Every archive is deterministic (fixed timestamps, fixed order), so two runs write the same bytes.

  bomb.zip             one 8 MiB entry of zeros (ratio ≈ 1000): refused as a possible zip bomb
  nested-bomb.zip      bomb.zip stored inside another zip: refused at the inner level, the outer entry beside it is read
  deep.zip             zips nested DEPTH levels (default 6) around one vCard: expanded down to the depth limit
  duplicates.zip       two entries both named card.vcf (different people) and one unique entry
  traversal.zip        ../../escape.vcf and /etc/absolute.vcf beside one fine entry
  truncated.zip        the first half of a valid archive (no central directory)
  database.zip         the Android mmssms.db fixture inside a zip (read through a temporary copy)
  nested-ok.zip        a zip holding a zip holding a vCard and the mmssms.db fixture

Usage: hostile-zips.py OUTDIR [--repo REPO] [--depth N]
"""
import argparse
import io
import os
import zipfile

STAMP = (2020, 1, 2, 3, 4, 6)


def vcard(name: str, tel: str) -> bytes:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{tel}\r\nEND:VCARD\r\n".encode()


def add(z: zipfile.ZipFile, name: str, data: bytes, compress=zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def build(entries, compress=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            add(z, name, data, compress)
    return buf.getvalue()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("outdir")
    p.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    p.add_argument("--depth", type=int, default=6)
    a = p.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    out = lambda name, data: open(os.path.join(a.outdir, name), "wb").write(data)

    bomb = build([("zeros.bin", bytes(8 << 20))])
    out("bomb.zip", bomb)
    out("nested-bomb.zip", build([("inner/bomb.zip", bomb), ("beside.vcf", vcard("Beside Bomb", "07700900201"))], zipfile.ZIP_STORED))

    inner = build([("deepest.vcf", vcard("Deep Down", "07700900202"))])
    for level in range(a.depth - 1, 0, -1):
        inner = build([(f"level{level}.zip", inner)], zipfile.ZIP_STORED)
    out("deep.zip", inner)

    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name": that is the point
        out("duplicates.zip", build([
            ("card.vcf", vcard("First Card", "07700900203")),
            ("unique.vcf", vcard("Only One", "07700900204")),
            ("card.vcf", vcard("Second Card", "07700900205")),
        ]))

    out("traversal.zip", build([
        ("../../escape.vcf", vcard("Escape", "07700900206")),
        ("/etc/absolute.vcf", vcard("Absolute", "07700900207")),
        ("fine/ok.vcf", vcard("Fine Person", "07700900208")),
    ]))

    whole = build([("a.vcf", vcard("Cut Short", "07700900209")), ("b.vcf", vcard("Never Seen", "07700900210"))])
    out("truncated.zip", whole[: len(whole) // 2])

    db = open(os.path.join(a.repo, "fixtures", "android_db", "mmssms.db"), "rb").read()
    out("database.zip", build([("data/mmssms.db", db)]))
    out("nested-ok.zip", build([("inner.zip", build([("nested.vcf", vcard("Nested Person", "07700900211")), ("db/mmssms.db", db)]))], zipfile.ZIP_STORED))


if __name__ == "__main__":
    main()

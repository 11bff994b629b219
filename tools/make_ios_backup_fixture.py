#!/usr/bin/env python3
"""Builds the iOS backup fixtures under fixtures/ios_backup/.

No real iTunes/Finder backup is available to this project, so one is assembled here in the layout
iOS 10 and later write (documented by the public backup tools, e.g. richinfante/iphonebackuptools
schemas/manifest-db, and the iLEAPP/mvt readers):

  <UDID>/Info.plist, Manifest.plist, Status.plist   property lists
  <UDID>/Manifest.db                                 SQLite: Files(fileID TEXT PRIMARY KEY, domain TEXT,
                                                     relativePath TEXT, flags INTEGER, file BLOB), Properties
  <UDID>/<xx>/<fileID>                               each file's bytes, fileID = SHA-1(domain + "-" + relativePath),
                                                     xx = its first two hex digits; flags 1 file, 2 folder, 4 link

The files inside are byte-for-byte copies of fixtures already in the repository (fixtures/SOURCES.md):
real databases where a licence allows (plaso's iMessage chat.db — Apache-2.0 —, iLEAPP's WhatsApp
ChatStorage/CallHistory/ContactsV2 — MIT —, a metadata-extractor sample JPEG) and the synthetic
CallHistory.storedata. A second, *encrypted* backup has Manifest.plist IsEncrypted = true and, like a
real one, a Manifest.db and files that are ciphertext (here deterministic pseudo-random bytes).

fixtures/ios_backup/expected.json is the oracle the tests compare with: for every stored file its
domain, relative path, fileID, SHA-256 and size, computed here from the bytes, and for each database
the number of rows the matching reader turns into events, counted here with sqlite3 queries.

Run from the repository root:  python3 tools/make_ios_backup_fixture.py
"""
import hashlib
import json
import os
import plistlib
import shutil
import sqlite3
from datetime import datetime, timezone

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
OUT = os.path.join(ROOT, "ios_backup")
PLAIN_UDID = "00008030-001A2B3C4D5E802E"
ENCRYPTED_UDID = "00008030-00FFEEDDCCBB802E"
WHATSAPP = "AppDomainGroup-group.net.whatsapp.WhatsApp.shared"

# (domain, relativePath, source fixture, oracle SQL counting the rows that become events or None)
FILES = [
    ("HomeDomain", "Library/SMS/sms.db", "ios_db/imessage_chat.db", "SELECT COUNT(*) FROM message"),
    ("HomeDomain", "Library/CallHistoryDB/CallHistory.storedata", "ios_db/synthetic/CallHistory.storedata",
     "SELECT COUNT(*) FROM ZCALLRECORD"),
    (WHATSAPP, "ChatStorage.sqlite", "whatsapp_ios_db/ChatStorage.sqlite", "SELECT COUNT(*) FROM ZWAMESSAGE"),
    (WHATSAPP, "CallHistory.sqlite", "whatsapp_ios_db/CallHistory.sqlite", "SELECT COUNT(*) FROM ZWACDCALLEVENT"),
    (WHATSAPP, "ContactsV2.sqlite", "whatsapp_ios_db/ContactsV2.sqlite", None),
    ("CameraRollDomain", "Media/DCIM/100APPLE/IMG_0001.JPG", "images/Issue 508.jpg", None),
]
# Folder rows (flags 2) and a symbolic link (flags 4): listed in Manifest.db, no file stored.
FOLDERS = [("HomeDomain", "Library"), ("HomeDomain", "Library/SMS"), ("HomeDomain", "Library/CallHistoryDB"),
           (WHATSAPP, ""), ("CameraRollDomain", "Media/DCIM/100APPLE")]
LINKS = [("HomeDomain", "Library/SMS/Drafts", "/private/var/mobile/Library/SMS/Drafts")]
BACKUP_DATE = datetime(2024, 3, 14, 9, 30, 0, tzinfo=timezone.utc)


def file_id(domain, relative_path):
    return hashlib.sha1(f"{domain}-{relative_path}".encode("utf-8")).hexdigest()


def mbfile(size, mode, target=None):
    """An NSKeyedArchiver-encoded MBFile, the shape Manifest.db's `file` column holds (not read by the
    reader; present so the rows look like the real ones)."""
    record = {"$class": plistlib.UID(2), "Size": size, "Mode": mode, "LastModified": 1710408600,
              "Birth": 1710408600, "LastStatusChange": 1710408600, "UserID": 501, "GroupID": 501,
              "ProtectionClass": 3, "InodeNumber": 1, "Flags": 0}
    if target is not None:
        record["Target"] = plistlib.UID(3)
    objects = ["$null", record, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}]
    if target is not None:
        objects.append(target)
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
                           "$objects": objects}, fmt=plistlib.FMT_BINARY, sort_keys=True)


def fresh_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def write_plists(folder, encrypted):
    info = {"Device Name": "Alex's iPhone", "Display Name": "Alex's iPhone", "Product Type": "iPhone12,1",
            "Product Version": "17.4", "Unique Identifier": os.path.basename(folder).upper(),
            "Last Backup Date": BACKUP_DATE.replace(tzinfo=None), "Phone Number": "+44 7700 900123"}
    with open(os.path.join(folder, "Info.plist"), "wb") as f:
        plistlib.dump(info, f, fmt=plistlib.FMT_XML, sort_keys=True)
    manifest = {"IsEncrypted": encrypted, "Version": "10.0", "Date": BACKUP_DATE.replace(tzinfo=None),
                "SystemDomainsVersion": "24.0", "WasPasscodeSet": True,
                "Lockdown": {"ProductVersion": "17.4", "ProductType": "iPhone12,1", "DeviceName": "Alex's iPhone"},
                "Applications": {"net.whatsapp.WhatsApp": {"CFBundleIdentifier": "net.whatsapp.WhatsApp"}}}
    if encrypted:
        manifest["ManifestKey"] = b"\x03\x00\x00\x00" + bytes(range(40))
        manifest["BackupKeyBag"] = bytes(range(64))
    with open(os.path.join(folder, "Manifest.plist"), "wb") as f:
        plistlib.dump(manifest, f, fmt=plistlib.FMT_BINARY, sort_keys=True)
    status = {"IsFullBackup": False, "Version": "3.3", "BackupState": "new", "SnapshotState": "finished",
              "Date": BACKUP_DATE.replace(tzinfo=None), "UUID": "6B1F3C1E-0000-4000-8000-000000000001"}
    with open(os.path.join(folder, "Status.plist"), "wb") as f:
        plistlib.dump(status, f, fmt=plistlib.FMT_BINARY, sort_keys=True)


def pseudo_random(seed, length):
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:length])


def build_plain():
    folder = os.path.join(OUT, "plain", PLAIN_UDID)
    fresh_dir(os.path.join(OUT, "plain"))
    os.makedirs(folder)
    write_plists(folder, encrypted=False)
    db = sqlite3.connect(os.path.join(folder, "Manifest.db"))
    db.executescript("""
        CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);
        CREATE INDEX FilesDomainIdx ON Files(domain);
        CREATE INDEX FilesRelativePathIdx ON Files(relativePath);
        CREATE INDEX FilesFlagsIdx ON Files(flags);
        CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);
    """)
    db.execute("INSERT INTO Properties VALUES ('salt', ?)", (bytes(20),))
    expected = []
    for domain, rel, source, oracle_sql in FILES:
        fid = file_id(domain, rel)
        src = os.path.join(ROOT, *source.split("/"))
        data = open(src, "rb").read()
        os.makedirs(os.path.join(folder, fid[:2]), exist_ok=True)
        with open(os.path.join(folder, fid[:2], fid), "wb") as f:
            f.write(data)
        db.execute("INSERT INTO Files VALUES (?, ?, ?, 1, ?)", (fid, domain, rel, mbfile(len(data), 0o100644)))
        events = None
        if oracle_sql is not None:
            oracle = sqlite3.connect(f"file:{src}?mode=ro&immutable=1", uri=True)
            events = oracle.execute(oracle_sql).fetchone()[0]
            oracle.close()
        if source.startswith("images/"):
            events = 1  # one photo is one media event
        expected.append({"domain": domain, "relativePath": rel, "fileID": fid,
                         "stored": f"{fid[:2]}/{fid}", "sha256": hashlib.sha256(data).hexdigest(),
                         "size": len(data), "fixture": source, "events": events, "oracle": oracle_sql})
    for domain, rel in FOLDERS:
        db.execute("INSERT INTO Files VALUES (?, ?, ?, 2, ?)", (file_id(domain, rel), domain, rel, mbfile(0, 0o40755)))
    for domain, rel, target in LINKS:
        db.execute("INSERT INTO Files VALUES (?, ?, ?, 4, ?)", (file_id(domain, rel), domain, rel, mbfile(0, 0o120755, target)))
    db.commit()
    db.close()
    return expected


def build_encrypted():
    folder = os.path.join(OUT, "encrypted", ENCRYPTED_UDID)
    fresh_dir(os.path.join(OUT, "encrypted"))
    os.makedirs(folder)
    write_plists(folder, encrypted=True)
    # An encrypted backup's Manifest.db is itself encrypted with the ManifestKey: not SQLite.
    with open(os.path.join(folder, "Manifest.db"), "wb") as f:
        f.write(pseudo_random("Manifest.db", 8192))
    stored = []
    for domain, rel, _, _ in FILES[:3]:
        fid = file_id(domain, rel)
        os.makedirs(os.path.join(folder, fid[:2]), exist_ok=True)
        with open(os.path.join(folder, fid[:2], fid), "wb") as f:
            f.write(pseudo_random(fid, 4096))
        stored.append(f"{fid[:2]}/{fid}")
    return stored


def main():
    os.makedirs(OUT, exist_ok=True)
    plain = build_plain()
    encrypted = build_encrypted()
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"plain": {"udid": PLAIN_UDID, "files": plain,
                             "folders": len(FOLDERS), "links": len(LINKS)},
                   "encrypted": {"udid": ENCRYPTED_UDID, "stored": encrypted}}, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

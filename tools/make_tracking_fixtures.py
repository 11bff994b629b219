#!/usr/bin/env python3
"""Builds the synthetic tracking fixtures (issue 17, item 2): location history and installed-app lists.

No public real sample of these formats is in shared/realdata, so each file is written here from the
published descriptions, independently of EvidencePipe's readers:
  fixtures/location/Records.json     Google Takeout Records.json: locations[] with latitudeE7/longitudeE7
                                     (degrees x 1e7), accuracy (m), timestamp (RFC 3339) or timestampMs.
  fixtures/location/Timeline.json    the Timeline export: semanticSegments[] (timelinePath points
                                     "lat°, lon°" with time, or "geo:lat,lon" with durationMinutesOffsetFromStartTime;
                                     visit.topCandidate.placeLocation; activity start/end) and rawSignals[].position.
  fixtures/android_packages/packages.xml       packages.xml as text XML (AOSP Settings.writePackageLPr attributes:
                                               name, version, installer, it/ut/ft in hexadecimal Unix ms).
  fixtures/android_packages/packages_abx.xml   the same list in Android Binary XML, written by abx_* below from
                                               the encoding documented in AOSP BinaryXmlSerializer/FastDataOutput.
  fixtures/ios_db/synthetic/applicationState.db  application_identifier_tab + key_tab + kvs (iLEAPP applicationstate).
  fixtures/ios_db/synthetic/Cache.sqlite         ZRTCLLOCATIONMO (iLEAPP routined Cache.sqlite).
Hostile variants go under */hostile/. Places used by the tests: refuge 51.5007,-0.1246 (150 m), work 53.4808,-2.2426.

Run from the repository root:  python3 tools/make_tracking_fixtures.py
"""
import datetime
import json
import os
import sqlite3
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
APPLE_EPOCH = 978307200


def ms(y, mo, d, h, mi, s=0):
    return int(datetime.datetime(y, mo, d, h, mi, s, tzinfo=datetime.timezone.utc).timestamp() * 1000)


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def records_json():
    locations = [
        # 0: 40-odd metres from the refuge centre, accuracy 20
        {"latitudeE7": 515010000, "longitudeE7": -1240000, "accuracy": 20, "timestamp": "2024-03-01T08:00:00Z"},
        # 1: London Bridge, far from both places; the older timestampMs form
        {"latitudeE7": 515079000, "longitudeE7": -877000, "accuracy": 30, "timestampMs": str(ms(2024, 3, 1, 9, 0))},
        # 2: near work, with an explicit +01:00 offset
        {"latitudeE7": 534810000, "longitudeE7": -22430000, "accuracy": 10, "timestamp": "2024-03-02T09:15:00.123+01:00"},
        # 3: 0.0018 deg north of the refuge (about 200 m): outside 150 m, inside 150 + 80
        {"latitudeE7": 515025000, "longitudeE7": -1246000, "accuracy": 80, "timestamp": "2024-03-02T20:00:00Z"},
        # 4: 0.0018 deg south (about 200 m), accuracy 10: not near
        {"latitudeE7": 514989000, "longitudeE7": -1246000, "accuracy": 10, "timestamp": "2024-03-02T21:00:00Z"},
        # 5: the refuge centre with longitudeE7 written as an unsigned 32-bit number (2^32 - 1246000)
        {"latitudeE7": 515007000, "longitudeE7": 2**32 - 1246000, "accuracy": 5, "timestamp": "2024-03-03T10:00:00Z"},
        # 6: latitudeE7 beyond 90 deg even after unwrapping: skipped
        {"latitudeE7": 2000000000, "longitudeE7": 0, "accuracy": 5, "timestamp": "2024-03-03T11:00:00Z"},
        # 7: no longitudeE7: skipped
        {"latitudeE7": 515007000, "accuracy": 5, "timestamp": "2024-03-03T12:00:00Z"},
        # 8: the refuge centre with no time: kept undated
        {"latitudeE7": 515007000, "longitudeE7": -1246000, "accuracy": 5},
    ]
    return json.dumps({"locations": locations}, indent=2).encode("utf-8")


def timeline_json():
    doc = {
        "semanticSegments": [
            {"startTime": "2024-03-04T07:00:00.000+00:00", "endTime": "2024-03-04T08:00:00.000+00:00",
             "timelinePath": [
                 {"point": "51.5008°, -0.1247°", "time": "2024-03-04T07:10:00.000+00:00"},
                 {"point": "geo:51.5079,-0.0877", "time": "2024-03-04T07:20:00.000+00:00"},
                 {"point": "91.0°, 0.0°", "time": "2024-03-04T07:30:00.000+00:00"},
                 {"point": "somewhere", "time": "2024-03-04T07:40:00.000+00:00"},
             ]},
            {"startTime": "2024-03-05T12:00:00.000Z", "endTime": "2024-03-05T13:00:00.000Z",
             "visit": {"hierarchyLevel": 0, "probability": 0.9,
                       "topCandidate": {"placeId": "ChIJ-fictional", "semanticType": "UNKNOWN", "probability": 0.8,
                                        "placeLocation": {"latLng": "53.4808°, -2.2426°"}}}},
            {"startTime": "2024-03-06T18:00:00.000+00:00", "endTime": "2024-03-06T18:30:00.000+00:00",
             "activity": {"start": {"latLng": "51.5°, -0.12°"}, "end": {"latLng": "51.5007°, -0.1246°"},
                          "distanceMeters": 650.0, "topCandidate": {"type": "WALKING", "probability": 0.9}}},
            {"startTime": "2024-03-08T10:00:00.000+01:00", "endTime": "2024-03-08T11:00:00.000+01:00",
             "visit": {"topCandidate": {"semanticType": "Work", "placeLocation": "geo:53.481000,-2.243000"}},
             "timelinePath": [{"point": "geo:53.4809,-2.2427", "durationMinutesOffsetFromStartTime": "15"}]},
        ],
        "rawSignals": [
            {"position": {"LatLng": "51.5007°, -0.1246°", "accuracyMeters": 12, "altitudeMeters": 20.0,
                          "source": "GPS", "timestamp": "2024-03-07T21:00:00.000Z"}},
            {"wifiScan": {"deliveryTime": "2024-03-07T21:01:00.000Z", "devicesRecords": []}},
        ],
        "userLocationProfile": {"frequentPlaces": [{"placeId": "ChIJ-fictional", "placeLocation": "51.5007°, -0.1246°", "label": "HOME"}]},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


PACKAGES = [
    # name, version, installer, it, ut
    ("com.google.android.apps.adm", 3041, "com.android.vending", ms(2024, 2, 20, 19, 30), ms(2024, 3, 1, 6, 0)),
    ("com.whatsapp", 241017, "com.android.vending", ms(2023, 11, 5, 10, 0), ms(2024, 2, 28, 22, 15)),
    ("com.life360.android.safetymapd", 1000, "com.android.vending", ms(2024, 2, 21, 8, 45), ms(2024, 2, 21, 8, 45)),
]


def packages_xml():
    lines = ["<?xml version='1.0' encoding='utf-8' standalone='yes' ?>", "<packages>",
             '<version sdkVersion="30" databaseVersion="3" fingerprint="fictional/test" />']
    for name, version, installer, it, ut in PACKAGES:
        lines.append(f'<package name="{name}" codePath="/data/app/{name}-1" nativeLibraryPath="/data/app/{name}-1/lib" '
                     f'publicFlags="940097092" privateFlags="0" ft="{it:x}" it="{it:x}" ut="{ut:x}" version="{version}" '
                     f'userId="10{version % 1000:03d}" installer="{installer}">')
        lines.append('<sigs count="1" schemeVersion="2"><cert index="0" key="3082" /></sigs>')
        lines.append('<perms><item name="android.permission.ACCESS_FINE_LOCATION" granted="true" flags="0" /></perms>')
        lines.append("</package>")
    lines.append('<package name="org.findmykids.app" codePath="/data/app/x" it="not-hex" ut="18e0f5a6b40" version="1" userId="10200" />')
    lines.append('<package name="" codePath="/data/app/y" version="1" userId="10201" />')
    lines.append('<shared-user name="android.uid.system" userId="1000"><sigs count="1"><cert index="1" /></sigs></shared-user>')
    lines.append("</packages>")
    return ("\n".join(lines) + "\n").encode("utf-8")


class Abx:
    """Android Binary XML as AOSP's BinaryXmlSerializer writes it (magic ABX\\0; event byte = token | type << 4;
    big-endian numbers; UTF with an unsigned 16-bit byte length; interned strings by 16-bit index, 0xFFFF = new)."""
    START_DOCUMENT, END_DOCUMENT, START_TAG, END_TAG, TEXT, COMMENT, ATTRIBUTE = 0, 1, 2, 3, 4, 9, 15
    NULL, STRING, INTERNED, BYTES_HEX, INT, INT_HEX, LONG, LONG_HEX, FLOAT, TRUE, FALSE = 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13

    def __init__(self):
        self.out = bytearray(b"ABX\x00")
        self.pool = {}

    def byte(self, token, typ):
        self.out.append(token | (typ << 4))

    def utf(self, s):
        b = s.encode("utf-8")
        self.out += struct.pack(">H", len(b)) + b

    def interned(self, s):
        if s in self.pool:
            self.out += struct.pack(">H", self.pool[s])
        else:
            self.out += b"\xff\xff"
            self.utf(s)
            self.pool[s] = len(self.pool)

    def start(self, name):
        self.byte(self.START_TAG, self.INTERNED)
        self.interned(name)

    def end(self, name):
        self.byte(self.END_TAG, self.INTERNED)
        self.interned(name)

    def attr(self, name, typ, value=None):
        self.byte(self.ATTRIBUTE, typ)
        self.interned(name)
        if typ == self.STRING:
            self.utf(value)
        elif typ == self.INTERNED:
            self.interned(value)
        elif typ in (self.INT, self.INT_HEX):
            self.out += struct.pack(">i", value)
        elif typ in (self.LONG, self.LONG_HEX):
            self.out += struct.pack(">q", value)
        elif typ == self.FLOAT:
            self.out += struct.pack(">f", value)
        elif typ == self.BYTES_HEX:
            self.out += struct.pack(">H", len(value)) + value


def packages_abx():
    a = Abx()
    a.byte(Abx.START_DOCUMENT, Abx.NULL)
    a.start("packages")
    a.start("version")
    a.attr("sdkVersion", Abx.INT, 33)
    a.attr("fingerprint", Abx.STRING, "fictional/test")
    a.end("version")
    a.byte(Abx.COMMENT, Abx.STRING)
    a.utf("a comment token, which readers skip")
    for name, version, installer, it, ut in PACKAGES:
        a.start("package")
        a.attr("name", Abx.STRING, name)
        a.attr("codePath", Abx.STRING, "/data/app/" + name + "-1")
        a.attr("publicFlags", Abx.INT, 940097092)
        a.attr("ft", Abx.LONG_HEX, it)
        a.attr("it", Abx.LONG_HEX, it)
        a.attr("ut", Abx.LONG_HEX, ut)
        a.attr("version", Abx.LONG, version)
        a.attr("userId", Abx.INT, 10000 + version % 1000)
        a.attr("installer", Abx.INTERNED, installer)
        a.attr("isOrphaned", Abx.TRUE)
        a.attr("loadingProgress", Abx.FLOAT, 1.0)
        a.start("sigs")
        a.attr("count", Abx.INT, 1)
        a.start("cert")
        a.attr("index", Abx.INT, 0)
        a.attr("key", Abx.BYTES_HEX, bytes([0x30, 0x82, 0x01, 0x0a]))
        a.end("cert")
        a.end("sigs")
        a.end("package")
    a.start("shared-user")
    a.attr("name", Abx.INTERNED, "android.uid.system")
    a.attr("userId", Abx.INT, 1000)
    a.end("shared-user")
    a.end("packages")
    a.byte(Abx.END_DOCUMENT, Abx.NULL)
    return bytes(a.out)


def fresh(rel):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return sqlite3.connect(path)


def application_state():
    db = fresh("ios_db/synthetic/applicationState.db")
    db.executescript("""
        CREATE TABLE application_identifier_tab (id INTEGER PRIMARY KEY AUTOINCREMENT, application_identifier TEXT UNIQUE NOT NULL);
        CREATE TABLE key_tab (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE NOT NULL);
        CREATE TABLE kvs (id INTEGER PRIMARY KEY AUTOINCREMENT, application_identifier INTEGER REFERENCES application_identifier_tab(id),
                          key INTEGER REFERENCES key_tab(id), value BLOB, UNIQUE(application_identifier, key));
    """)
    for bundle in ("com.apple.findmy", "net.whatsapp.WhatsApp", "com.apple.mobilesafari", " "):
        db.execute("INSERT INTO application_identifier_tab (application_identifier) VALUES (?)", (bundle,))
    db.execute("INSERT INTO key_tab (key) VALUES ('compatibilityInfo')")
    db.execute("INSERT INTO kvs (application_identifier, key, value) VALUES (1, 1, x'62706c6973743030')")
    db.commit()
    db.close()


def routined_cache():
    db = fresh("ios_db/synthetic/Cache.sqlite")
    db.executescript("""
        CREATE TABLE ZRTCLLOCATIONMO (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZALTITUDE FLOAT, ZCOURSE FLOAT,
            ZHORIZONTALACCURACY FLOAT, ZLATITUDE FLOAT, ZLONGITUDE FLOAT, ZSPEED FLOAT, ZTIMESTAMP TIMESTAMP, ZVERTICALACCURACY FLOAT);
    """)
    rows = [
        (1, 65.0, 51.5007, -0.1246, ms(2024, 3, 9, 6, 0) / 1000 - APPLE_EPOCH),   # the refuge, 2024-03-09T06:00:00Z
        (2, 10.0, 123.0, -0.1246, ms(2024, 3, 9, 7, 0) / 1000 - APPLE_EPOCH),     # latitude 123: skipped
        (3, -1.0, 53.4808, -2.2426, 0),                                          # work, ZTIMESTAMP 0: undated; accuracy -1: none
        (4, 5.0, 53.4808, -2.2426, ms(2024, 3, 9, 12, 30, 30) / 1000 - APPLE_EPOCH + 0.25),  # work, 2024-03-09T12:30:30.250Z
    ]
    for pk, acc, lat, lon, ts in rows:
        db.execute("INSERT INTO ZRTCLLOCATIONMO (Z_PK, Z_ENT, Z_OPT, ZHORIZONTALACCURACY, ZLATITUDE, ZLONGITUDE, ZTIMESTAMP) VALUES (?, 5, 1, ?, ?, ?, ?)",
                   (pk, acc, lat, lon, ts))
    db.commit()
    db.close()


def main():
    write("location/Records.json", records_json())
    timeline = timeline_json()
    write("location/Timeline.json", timeline)
    write("location/hostile/Timeline_cut.json", timeline[: len(timeline) // 2])
    write("android_packages/packages.xml", packages_xml())
    abx = packages_abx()
    write("android_packages/packages_abx.xml", abx)
    write("android_packages/hostile/packages_abx_cut.xml", abx[: int(len(abx) * 0.6)])
    application_state()
    routined_cache()


if __name__ == "__main__":
    main()

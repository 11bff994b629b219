#!/usr/bin/env python3
"""Builds fixtures/cellebrite_apps/: a Cellebrite report.xml holding InstalledApplication models (issue 17, item 2).

No real UFDR is available to this project. The model's fields are written as two public readers of report.xml
read them (the values are ours):
  - SEilers/UFEDLib, UFEDLib/InstalledApplication.cs at 042e5c66ce47d7d5a5cedc99e01df57c6c608caf: <model type=
    "InstalledApplication"> with <field name=…> UserMapping, Source, AppGUID, Copyright, Identifier, Description,
    Name, Version, DeletedDate, PurchaseDate (the two dates parsed as date-times);
  - a public UFDR installed-applications extractor (Python, report.xml models of type InstalledApplication into
    PostgreSQL): fields Name, Version, Identifier, AppGUID, PurchaseDate (ISO 8601, "2020-09-12T11:56:29.000+00:00",
    read as the install time), LastLaunched, DecodingStatus, IsEmulatable, OperationMode; multiFields Permissions,
    Categories, AssociatedDirectoryPaths; the model's deleted_state and decoding_confidence attributes.
The envelope (project, decodedData, modelType, field/value, <empty />) is that of make_cellebrite_fixture.py.

fixtures/cellebrite_apps/expected.json is the oracle, read back from the written XML with xml.etree.

Run from the repository root:  python3 tools/make_cellebrite_apps_fixture.py
"""
import json
import os
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
OUT = os.path.join(ROOT, "cellebrite_apps")
NS = "http://pa.cellebrite.com/report/2.0"


def field(name, value, type_="String"):
    if value is None:
        return f'<field name="{name}" type="{type_}"><empty /></field>'
    return f'<field name="{name}" type="{type_}"><value type="{type_}"><![CDATA[{value}]]></value></field>'


def multi(name, *values):
    inner = "".join(f'<value type="String"><![CDATA[{v}]]></value>' for v in values)
    return f'<multiField name="{name}" type="String">{inner}</multiField>'


def app(id_, identifier, name, version, purchase, deleted="Intact", deleted_date=None, launched=None, permissions=()):
    body = (field("Source", "Android Package Manager") + field("AppGUID", None)
            + (field("Identifier", identifier) if identifier is not None else "")
            + field("Name", name) + field("Version", version)
            + field("PurchaseDate", purchase, "TimeStamp") + field("DeletedDate", deleted_date, "TimeStamp")
            + field("LastLaunched", launched, "TimeStamp") + field("DecodingStatus", "Decoded")
            + (multi("Permissions", *permissions) if permissions else "")
            + multi("Categories", "Tools"))
    return (f'<model type="InstalledApplication" id="{id_}" deleted_state="{deleted}" decoding_confidence="High" '
            f'isrelated="False" source_index="0" extractionId="0">{body}</model>')


def report():
    apps = "".join([
        # Listed (tracking-apps.json): Life360 (watchware), Google Find My Device (dual-use).
        app("app-1", "com.life360.android.safetymapd", "Life360", "24.5.0", "2024-02-21T08:45:00.000+00:00",
            launched="2024-03-09T06:58:12.000+00:00",
            permissions=("android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_BACKGROUND_LOCATION")),
        app("app-2", "com.google.android.apps.adm", "Find My Device", "3.1.000", "2023-11-02T10:00:00.000+01:00"),
        # Listed and removed before the seizure: the extraction still recovers it.
        app("app-3", "org.findmykids.app", "Find My Kids", "2.7.1", "2024-01-10T19:30:00.000+00:00",
            deleted="Deleted", deleted_date="2024-03-20T22:10:00.000+00:00"),
        # Not listed.
        app("app-4", "com.whatsapp", "WhatsApp", "2.24.6.77", "2022-06-01T12:00:00.000+00:00"),
        # A date in a layout that is not ISO 8601 with an offset: kept, undated, with a diagnostic.
        app("app-5", "com.spotify.music", "Spotify", "8.9.0", "21/02/2024 08:45:00"),
        # No Identifier: nothing for the list to match; skipped with a diagnostic.
        app("app-6", None, "Unnamed package", "1.0", None),
    ])
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<project id="00000000-0000-4000-8000-000000000002" name="Exhibit JB-02" reportVersion="7.60.0.0" '
            f'containsGarbage="False" extractionType="FileSystem" xmlns="{NS}">\n'
            f'<sourceExtractions><extractionInfo id="0" name="File System" isCustomName="False" type="FileSystem" '
            f'deviceName="Pixel 7" fullName="Google Pixel 7" index="0" IsPartialData="False" /></sourceExtractions>\n'
            f'<decodedData>\n<modelType type="InstalledApplication">{apps}</modelType>\n</decodedData>\n</project>\n')


def oracle(xml_bytes):
    q = lambda tag: f"{{{NS}}}{tag}"
    root = ET.fromstring(xml_bytes)
    models = []
    for m in root.iter(q("model")):
        if m.get("type") != "InstalledApplication":
            continue
        fields = {}
        for f in m.findall(q("field")):
            v = f.find(q("value"))
            if v is not None:
                fields[f.get("name")] = v.text or ""
        models.append({"id": m.get("id"), "deleted_state": m.get("deleted_state"), "fields": fields})
    return {"models": models}


def main():
    os.makedirs(OUT, exist_ok=True)
    xml = report().encode("utf-8")
    with open(os.path.join(OUT, "report.xml"), "wb") as f:
        f.write(xml)
    with open(os.path.join(OUT, "report.xml"), "rb") as f:
        expected = oracle(f.read())
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(expected, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()

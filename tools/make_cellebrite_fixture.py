#!/usr/bin/env python3
"""Builds the Cellebrite reader-file fixtures under fixtures/cellebrite/.

No real UFDR is available to this project, so one is written here in the structure the public
parsers of Cellebrite's report.xml read (namespace http://pa.cellebrite.com/report/2.0; IPED's
UfedXmlReader/UfedModelHandler, SEilers/UFEDLib):

  <project xmlns=…><sourceExtractions><extractionInfo id name type/></sourceExtractions>
  <metadata section="Device Info"><item name="MSISDN">…</item></metadata>
  <taggedFiles><file id fs path size deleted extractionId>
      <metadata section="File"><item name="Local Path">files\\Image\\…</item><item name="SHA256">…</item></metadata>
  </file></taggedFiles>
  <decodedData><modelType type="Chat|SMS|MMS|Call|Contact|Email|…">
      <model type id deleted_state decoding_confidence isrelated source_index extractionId>
        <field name type><value type>…</value></field>
        <modelField name="From" type="Party"><model type="Party">…</model></modelField>
        <multiModelField name="Participants|Messages|To|Parties|Attachments|Entries" type>…</multiModelField>
        <jumptargets><targetid ismodel="false">file id</targetid></jumptargets>
      </model></modelType></decodedData></project>

Files: fixtures/cellebrite/sample.ufdr (a zip: report.xml + files/Image/IMG_0001.JPG, a byte copy of
fixtures/images/Issue 508.jpg) and fixtures/cellebrite/bare/ (the same report.xml with the file beside it).
fixtures/cellebrite/expected.json is the oracle, read back from the written XML with xml.etree and
from the zip with zipfile + hashlib (not from the dictionaries below).

Run from the repository root:  python3 tools/make_cellebrite_fixture.py
"""
import hashlib
import json
import os
import shutil
import zipfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
OUT = os.path.join(ROOT, "cellebrite")
NS = "http://pa.cellebrite.com/report/2.0"
IMAGE = open(os.path.join(ROOT, "images", "Issue 508.jpg"), "rb").read()
IMAGE_LOCAL = "files\\Image\\IMG_0001.JPG"
OWNER_WA = "447700900123@s.whatsapp.net"
JORDAN_WA = "447700900666@s.whatsapp.net"


def field(name, value, type_="String"):
    return f'<field name="{name}" type="{type_}"><value type="{type_}"><![CDATA[{value}]]></value></field>'


def model(type_, id_, body, deleted="Intact", jump=None):
    jumps = f'<jumptargets><targetid ismodel="false">{jump}</targetid></jumptargets>' if jump else ""
    return (f'<model type="{type_}" id="{id_}" deleted_state="{deleted}" decoding_confidence="High" '
            f'isrelated="False" source_index="0" extractionId="0">{body}{jumps}</model>')


def party(id_, identifier, name=None, owner=False, role=None):
    body = field("Identifier", identifier)
    if role:
        body += field("Role", role, "PartyRole")
    if name:
        body += field("Name", name)
    body += field("IsPhoneOwner", "True" if owner else "False", "Boolean")
    return model("Party", id_, body)


def multi(name, type_, *models):
    return f'<multiModelField name="{name}" type="{type_}">{"".join(models)}</multiModelField>'


def single(name, type_, m):
    return f'<modelField name="{name}" type="{type_}">{m}</modelField>'


def report():
    chat = model("Chat", "chat-1", field("Source", "WhatsApp") + field("Id", "447700900666@s.whatsapp.net")
                 + multi("Participants", "Party",
                         party("p-1", OWNER_WA, "Alex", owner=True),
                         party("p-2", JORDAN_WA, "Jordan"))
                 + multi("Messages", "InstantMessage",
                         model("InstantMessage", "im-1", field("Source", "WhatsApp")
                               + single("From", "Party", party("p-3", JORDAN_WA, "Jordan"))
                               + multi("To", "Party", party("p-4", OWNER_WA, "Alex", owner=True))
                               + field("Body", "where are you? answer me")
                               + field("TimeStamp", "2024-03-01T21:15:03.000+00:00", "TimeStamp"),
                               jump="file-db-1"),
                         model("InstantMessage", "im-2", field("Source", "WhatsApp")
                               + single("From", "Party", party("p-5", OWNER_WA, "Alex", owner=True))
                               + multi("To", "Party", party("p-6", JORDAN_WA, "Jordan"))
                               + field("Body", "Leave me alone & stop <messaging> me")
                               + field("TimeStamp", "2024-03-01T21:16:10.250+00:00", "TimeStamp"),
                               jump="file-db-1"),
                         model("InstantMessage", "im-3", field("Source", "WhatsApp")
                               + single("From", "Party", party("p-7", JORDAN_WA, "Jordan"))
                               + field("Body", "I saw you at the station")
                               + field("TimeStamp", "2024-03-31T09:05:00.000+01:00", "TimeStamp")
                               + multi("Attachments", "Attachment",
                                       model("Attachment", "att-1", field("Filename", "IMG_0001.JPG")
                                             + field("ContentType", "image/jpeg"), jump="file-img-1")),
                               deleted="Deleted", jump="file-db-1")))
    sms = (model("SMS", "sms-1", field("Source", "Native Messages") + field("Folder", "Inbox")
                 + field("Body", "Pick up your phone")
                 + field("TimeStamp", "2024-03-02T08:00:00.000+00:00", "TimeStamp")
                 + multi("Parties", "Party", party("p-8", "+447700900666", "Jordan", role="From"),
                         party("p-9", "+447700900123", owner=True, role="To")))
           + model("SMS", "sms-2", field("Source", "Native Messages") + field("Folder", "Sent")
                   + field("Body", "Please stop")
                   + field("TimeStamp", "2024-03-02T08:05:00.000+00:00", "TimeStamp")
                   + multi("Parties", "Party", party("p-10", "+447700900666", "Jordan", role="To"))))
    calls = (model("Call", "call-1", field("Source", "Phone") + field("Type", "Missed") + field("Direction", "Incoming")
                   + field("TimeStamp", "2024-03-02T23:40:00.000+00:00", "TimeStamp")
                   + field("Duration", "00:00:00", "TimeSpan") + field("VideoCall", "False", "Boolean")
                   + multi("Parties", "Party", party("p-11", "+447700900666", "Jordan", role="From")))
             + model("Call", "call-2", field("Source", "WhatsApp") + field("Type", "Outgoing") + field("Direction", "Outgoing")
                     + field("TimeStamp", "2024-03-03T10:00:00.000+00:00", "TimeStamp")
                     + field("Duration", "00:01:05", "TimeSpan") + field("VideoCall", "True", "Boolean")
                     + multi("Parties", "Party", party("p-12", JORDAN_WA, "Jordan", role="To"))))
    contact = model("Contact", "contact-1", field("Source", "Phone") + field("Name", "Jordan Blake")
                    + multi("Entries", "ContactEntry",
                            model("PhoneNumber", "e-1", field("Category", "Mobile") + field("Value", "+447700900666")),
                            model("EmailAddress", "e-2", field("Category", "Home") + field("Value", "jordan@example.net"))))
    email = model("Email", "mail-1", field("Source", "Gmail") + field("Subject", "About Saturday")
                  + field("Body", "I know where you live.")
                  + field("TimeStamp", "2024-03-04T10:00:00.000-05:00", "TimeStamp")
                  + single("From", "Party", party("p-13", "jordan@example.net", "Jordan Blake"))
                  + multi("To", "Party", party("p-14", "alex@example.org", "Alex", owner=True)))
    location = model("Location", "loc-1", field("Source", "Google Maps"))
    tagged = (f'<file fs="File System" fsid="fs-0" path="/private/var/mobile/Containers/Shared/AppGroup/X/ChatStorage.sqlite" '
              f'size="352256" id="file-db-1" extractionId="0" deleted="Intact" embedded="false" isrelated="False">'
              f'<metadata section="File"><item name="Tags"><![CDATA[Database]]></item></metadata></file>'
              f'<file fs="File System" fsid="fs-0" path="/private/var/mobile/Media/DCIM/100APPLE/IMG_0001.JPG" '
              f'size="{len(IMAGE)}" id="file-img-1" extractionId="0" deleted="Intact" embedded="false" isrelated="False">'
              f'<metadata section="File"><item name="Local Path"><![CDATA[{IMAGE_LOCAL}]]></item>'
              f'<item name="SHA256"><![CDATA[{hashlib.sha256(IMAGE).hexdigest()}]]></item>'
              f'<item name="Tags"><![CDATA[Image]]></item></metadata></file>')
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<project id="00000000-0000-4000-8000-000000000001" name="Exhibit AB-01" reportVersion="7.60.0.0" '
            f'containsGarbage="False" extractionType="FileSystem" xmlns="{NS}">\n'
            f'<sourceExtractions><extractionInfo id="0" name="File System" isCustomName="False" type="FileSystem" '
            f'deviceName="iPhone 11" fullName="Apple iPhone 11" index="0" IsPartialData="False" /></sourceExtractions>\n'
            f'<metadata section="Device Info"><item id="d-1" name="MSISDN" sourceExtraction="0"><![CDATA[+447700900123]]></item></metadata>\n'
            f'<taggedFiles>{tagged}</taggedFiles>\n<decodedData>\n'
            f'<modelType type="Chat">{chat}</modelType>\n<modelType type="SMS">{sms}</modelType>\n'
            f'<modelType type="Call">{calls}</modelType>\n<modelType type="Contact">{contact}</modelType>\n'
            f'<modelType type="Email">{email}</modelType>\n<modelType type="Location">{location}</modelType>\n'
            f'</decodedData>\n</project>\n')


def oracle(xml_bytes, image_bytes):
    """Reads the written report back with xml.etree: every top-level or chat message model and its fields."""
    q = lambda tag: f"{{{NS}}}{tag}"
    root = ET.fromstring(xml_bytes)
    models = []
    for mt in root.iter(q("modelType")):
        for m in mt.findall(q("model")):
            items = m.findall(f"{q('multiModelField')}[@name='Messages']/{q('model')}") if m.get("type") == "Chat" else [m]
            for item in items:
                fields = {f.get("name"): (f.find(q("value")).text or "") for f in item.findall(q("field"))}
                attachments = [a.find(f"{q('field')}[@name='Filename']/{q('value')}").text
                               for a in item.findall(f"{q('multiModelField')}[@name='Attachments']/{q('model')}")]
                models.append({"type": item.get("type"), "id": item.get("id"), "deleted_state": item.get("deleted_state"),
                               "fields": fields, "attachments": attachments})
    return {"models": models, "image_sha256": hashlib.sha256(image_bytes).hexdigest(), "image_size": len(image_bytes)}


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "bare", "files", "Image"))
    xml = report().encode("utf-8")
    with open(os.path.join(OUT, "bare", "report.xml"), "wb") as f:
        f.write(xml)
    with open(os.path.join(OUT, "bare", "files", "Image", "IMG_0001.JPG"), "wb") as f:
        f.write(IMAGE)
    path = os.path.join(OUT, "sample.ufdr")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in (("report.xml", xml), ("files/Image/IMG_0001.JPG", IMAGE)):
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 5, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    with zipfile.ZipFile(path) as z:
        expected = oracle(z.read("report.xml"), z.read("files/Image/IMG_0001.JPG"))
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(expected, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()

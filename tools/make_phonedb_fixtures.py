#!/usr/bin/env python3
"""Builds the small synthetic phone databases under fixtures/*/synthetic/.

There is no public real sample here for these formats, so each database is built with the
columns that the public forensic tools read (the schema source is named above each builder).
Only the columns the readers use, plus a few neighbours, are created: real databases have many
more, which the readers ignore. All people and numbers are fictitious (Ofcom drama range
07700 900xxx, +44 7700 900xxx).

Run from the repository root:  python3 tools/make_phonedb_fixtures.py
The expected values in the tests were written from the rows below, not from reader output.
"""
import hashlib
import os
import sqlite3
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
APPLE_EPOCH = 978307200  # 2001-01-01T00:00:00Z in Unix seconds


def fresh(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return sqlite3.connect(path)


def typedstream(text):
    """An NSAttributedString typedstream as Messages writes into attributedBody (header, class
    chain NSMutableAttributedString > NSAttributedString > NSObject, NSMutableString > NSString,
    then '+' and the length-prefixed UTF-8 bytes, then a trailing attribute dictionary stub)."""
    data = text.encode("utf-8")
    if len(data) < 0x80:
        length = bytes([len(data)])
    elif len(data) <= 0xFFFF:
        length = b"\x81" + struct.pack("<H", len(data))
    else:
        length = b"\x82" + struct.pack("<i", len(data))
    return (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x19NSMutableAttributedString\x00"
            b"\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x0fNSMutableString\x01"
            b"\x84\x84\x08NSString\x01\x95\x84\x01+" + length + data +
            b"\x86\x84\x02iI\x01\x81\x00\x01\x92\x84\x84\x84\x0cNSDictionary\x00\x95\x84\x01i\x00\x86\x86")


# --- Android calllog.db: AOSP CallLogDatabaseHelper / android.provider.CallLog.Calls --------------
def calllog():
    db = fresh(os.path.join(ROOT, "android_db", "synthetic", "calllog.db"))
    db.execute("""CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, presentation INTEGER NOT NULL DEFAULT 1,
        post_dial_digits TEXT NOT NULL DEFAULT '', date INTEGER, duration INTEGER, data_usage INTEGER, type INTEGER, features INTEGER NOT NULL DEFAULT 0,
        subscription_component_name TEXT, subscription_id TEXT, new INTEGER, name TEXT, numbertype INTEGER, numberlabel TEXT, countryiso TEXT,
        voicemail_uri TEXT, is_read INTEGER, geocoded_location TEXT, lookup_uri TEXT, matched_number TEXT, normalized_number TEXT, photo_id INTEGER NOT NULL DEFAULT 0,
        formatted_number TEXT, last_modified INTEGER DEFAULT 0)""")
    db.execute("CREATE TABLE voicemail_status (_id INTEGER PRIMARY KEY AUTOINCREMENT, source_package TEXT UNIQUE NOT NULL)")
    rows = [
        # _id, number, presentation, date (Unix ms), duration, type, name
        (1, "07700 900111", 1, 1700000000000, 61, 1, "Jordan"),      # incoming answered
        (2, "+447700900111", 1, 1700000100000, 30, 2, "Jordan"),     # outgoing, connected
        (3, "07700900111", 1, 1700000200000, 0, 2, None),            # outgoing, not answered
        (4, "07700900111", 1, 1700000300000, 0, 3, None),            # missed
        (5, "07700900111", 1, 1700000400000, 15, 4, None),           # voicemail
        (6, "07700900222", 1, 1700000500000, 0, 5, None),            # rejected
        (7, "07700900222", 1, 1700000600000, 0, 6, None),            # blocked
        (8, "", 2, 1700000700000, 0, 3, None),                       # withheld caller, missed
        (9, "07700900111", 1, "not a date", 0, 1, None),             # damaged date -> skipped
    ]
    db.executemany("INSERT INTO calls (_id, number, presentation, date, duration, type, name) VALUES (?,?,?,?,?,?,?)", rows)
    db.commit()
    db.close()


# --- Android mmssms.db with MMS: AOSP TelephonyProvider MmsSmsDatabaseHelper (sms, pdu, part, addr) --
IMAGE = bytes(range(256)) * 4  # 1024 bytes standing in for a JPEG


def mmssms():
    db = fresh(os.path.join(ROOT, "android_db", "synthetic", "mmssms_mms.db"))
    db.execute("""CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, date INTEGER, date_sent INTEGER DEFAULT 0,
        protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1, type INTEGER, reply_path_present INTEGER, subject TEXT, body TEXT,
        service_center TEXT, locked INTEGER DEFAULT 0, error_code INTEGER DEFAULT 0, seen INTEGER DEFAULT 0)""")
    db.execute("""CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER, date_sent INTEGER DEFAULT 0, msg_box INTEGER,
        read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, ct_t TEXT, ct_l TEXT, exp INTEGER, m_cls TEXT, m_type INTEGER, v INTEGER,
        m_size INTEGER, pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER, st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT,
        retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER, resp_txt TEXT, d_tm INTEGER, d_rpt INTEGER, locked INTEGER DEFAULT 0, seen INTEGER DEFAULT 0)""")
    db.execute("""CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT, chset INTEGER,
        cd TEXT, fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, _data TEXT, text TEXT)""")
    db.execute("CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, contact_id INTEGER, address TEXT, type INTEGER, charset INTEGER)")
    db.execute("CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, recipient_ids TEXT)")
    db.execute("INSERT INTO sms (_id, thread_id, address, date, date_sent, type, body) VALUES (1, 1, '07700 900111', 1700000000000, 1699999999000, 1, 'Where are you?')")
    # pdu 1: received picture message (date in Unix SECONDS), parts: SMIL, text, image blob, video by path
    db.execute("INSERT INTO pdu (_id, thread_id, date, msg_box, m_type, sub) VALUES (1, 1, 1700000100, 1, 132, 'Photo')")
    db.executemany("INSERT INTO addr (msg_id, address, type, charset) VALUES (?,?,?,106)", [
        (1, "+447700900111", 137), (1, "+447700900999", 151)])
    db.executemany("INSERT INTO part (_id, mid, seq, ct, name, cl, _data, text) VALUES (?,?,?,?,?,?,?,?)", [
        (1, 1, -1, "application/smil", None, "smil.xml", None, "<smil><body><par/></body></smil>"),
        (2, 1, 0, "text/plain", None, "text_0.txt", None, "Saw you at the station"),
        (3, 1, 1, "image/jpeg", "IMG_0001.jpg", "IMG_0001.jpg", None, None),
        (4, 1, 2, "video/mp4", "VID_0002.mp4", "VID_0002.mp4", "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000100_VID.mp4", None),
    ])
    # a blob in _data (some vendor builds and carved databases hold the bytes in the row)
    db.execute("UPDATE part SET _data = ? WHERE _id = 3", (IMAGE,))
    # pdu 2: sent group MMS; the owner's From addr is Android's insert-address-token
    db.execute("INSERT INTO pdu (_id, thread_id, date, msg_box, m_type) VALUES (2, 2, 1700000200, 2, 128)")
    db.executemany("INSERT INTO addr (msg_id, address, type, charset) VALUES (?,?,?,106)", [
        (2, "insert-address-token", 137), (2, "+447700900111", 151), (2, "07700 900222", 151)])
    db.execute("INSERT INTO part (_id, mid, seq, ct, cl, text) VALUES (5, 2, 0, 'text/plain', 'text_0.txt', 'Both of you: stop')")
    db.commit()
    db.close()
    return hashlib.sha256(IMAGE).hexdigest()


# --- Android contacts2.db with the address book: ContactsProvider2 (raw_contacts, data, mimetypes) --
def contacts2():
    db = fresh(os.path.join(ROOT, "android_db", "synthetic", "contacts2_people.db"))
    db.execute("CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL)")
    db.execute("""CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER, sourceid TEXT, version INTEGER NOT NULL DEFAULT 1,
        dirty INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, contact_id INTEGER, display_name TEXT, display_name_alt TEXT)""")
    db.execute("""CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT, package_id INTEGER, mimetype_id INTEGER NOT NULL, raw_contact_id INTEGER NOT NULL,
        is_primary INTEGER NOT NULL DEFAULT 0, data1 TEXT, data2 TEXT, data3 TEXT)""")
    db.execute("CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, date INTEGER, duration INTEGER, type INTEGER, new INTEGER, name TEXT)")
    db.executemany("INSERT INTO mimetypes (_id, mimetype) VALUES (?,?)", [
        (1, "vnd.android.cursor.item/email_v2"), (5, "vnd.android.cursor.item/phone_v2"), (7, "vnd.android.cursor.item/name")])
    db.executemany("INSERT INTO raw_contacts (_id, contact_id, display_name, deleted) VALUES (?,?,?,?)", [
        (1, 1, "Jordan Blake", 0), (2, 2, "Sam Carter", 0), (3, 3, None, 0)])
    db.executemany("INSERT INTO data (mimetype_id, raw_contact_id, data1, data2, data3) VALUES (?,?,?,?,?)", [
        (7, 1, "Jordan Blake", "Jordan", "Blake"),
        (5, 1, "07700 900111", "2", None),
        (1, 1, "Jordan.Blake@Example.net", "1", None),
        (5, 2, "+44 7700 900222", "2", None),
        (5, 1, "+447700900111", "2", None),  # same number again in E.164: one identifier
    ])
    db.execute("INSERT INTO calls (_id, number, date, duration, type, new, name) VALUES (1, '07700900111', 1700000000000, 12, 1, 0, 'Jordan Blake')")
    db.commit()
    db.close()


# --- iOS sms.db, recent (text NULL, attributedBody, nanosecond dates): iLEAPP sms / plaso imessage --
LONG_TEXT = "I know where you parked today. " * 6  # 186 bytes: 0x81 two-byte length form


def ios_sms():
    db = fresh(os.path.join(ROOT, "ios_db", "synthetic", "sms_recent.db"))
    db.execute("CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT)")
    db.execute("CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER, account_id TEXT, chat_identifier TEXT, service_name TEXT, display_name TEXT)")
    db.execute("CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER, UNIQUE(chat_id, handle_id))")
    db.execute("CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER, message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id))")
    db.execute("""CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0,
        service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0, type INTEGER DEFAULT 0,
        service TEXT, account TEXT, date INTEGER, date_read INTEGER, date_delivered INTEGER, is_from_me INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0,
        cache_has_attachments INTEGER DEFAULT 0, item_type INTEGER DEFAULT 0, group_title TEXT)""")
    db.execute("CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0, transfer_name TEXT, total_bytes INTEGER DEFAULT 0)")
    db.execute("CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER, UNIQUE(message_id, attachment_id))")
    db.executemany("INSERT INTO handle (ROWID, id, country, service) VALUES (?,?,?,?)", [
        (1, "+447700900111", "gb", "iMessage"), (2, "+447700900222", "gb", "iMessage"), (3, "jordan@example.net", "gb", "iMessage"), (4, "+447700900111", "gb", "SMS")])
    db.executemany("INSERT INTO chat (ROWID, guid, style, chat_identifier, service_name, display_name) VALUES (?,?,?,?,?,?)", [
        (1, "iMessage;-;+447700900111", 45, "+447700900111", "iMessage", None),
        (2, "iMessage;+;chat123456789", 43, "chat123456789", "iMessage", "Friends"),
        (3, "SMS;-;+447700900111", 45, "+447700900111", "SMS", None)])
    db.executemany("INSERT INTO chat_handle_join VALUES (?,?)", [(1, 1), (2, 1), (2, 2), (2, 3), (3, 4)])
    ns = lambda unix_s: (unix_s - APPLE_EPOCH) * 1_000_000_000
    rows = [
        # ROWID, text, attributedBody, handle_id, service, date (ns), is_from_me, chat
        (1, None, typedstream("Why are you ignoring me?"), 1, "iMessage", ns(1700000000), 0, 1),
        (2, None, typedstream("Please leave me alone \U0001F64F"), 0, "iMessage", ns(1700000060), 1, 1),
        (3, None, typedstream(LONG_TEXT), 2, "iMessage", ns(1700000120), 0, 2),
        (4, None, typedstream("Not in this group"), 0, "iMessage", ns(1700000180), 1, 2),
        (5, "plain SMS text", None, 4, "SMS", ns(1700000240), 0, 3),
        (6, None, b"\x04\x0bstreamtyped garbage", 1, "iMessage", ns(1700000300), 0, 1),
        (7, None, None, 1, "iMessage", 0, 0, 1),  # no date -> skipped
    ]
    for rowid, text, body, handle, service, date, from_me, chat in rows:
        db.execute("INSERT INTO message (ROWID, guid, text, attributedBody, handle_id, service, date, is_from_me) VALUES (?,?,?,?,?,?,?,?)",
                   (rowid, f"GUID-{rowid}", text, body, handle, service, date, from_me))
        db.execute("INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?,?,?)", (chat, rowid, date))
    db.execute("INSERT INTO attachment (ROWID, guid, filename, mime_type, transfer_name, total_bytes) VALUES (1, 'AT-1', '~/Library/SMS/Attachments/ab/11/AT-1/IMG_0042.HEIC', 'image/heic', 'IMG_0042.HEIC', 1234567)")
    db.execute("INSERT INTO message_attachment_join VALUES (1, 1)")
    db.execute("UPDATE message SET cache_has_attachments = 1 WHERE ROWID = 1")
    db.commit()
    db.close()


# --- iOS CallHistory.storedata: Core Data ZCALLRECORD as read by iLEAPP callHistory / mac_apt ---------
def call_history():
    db = fresh(os.path.join(ROOT, "ios_db", "synthetic", "CallHistory.storedata"))
    db.execute("""CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
        ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA INTEGER, ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER,
        ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR,
        ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR)""")
    db.execute("CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)")
    db.execute("CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)")
    core = lambda unix_s: float(unix_s - APPLE_EPOCH)
    rows = [
        # Z_PK, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, ZNAME, ZSERVICE_PROVIDER
        (1, 1, 1, 0, core(1700000000) + 0.5, 61.4, "07700 900111", "Jordan", "com.apple.Telephony"),  # incoming answered
        (2, 1, 1, 1, core(1700000100), 30.0, "+447700900111", None, "com.apple.Telephony"),           # outgoing answered
        (3, 0, 1, 0, core(1700000200), 0.0, "+447700900111", None, "com.apple.Telephony"),            # missed
        (4, 0, 16, 1, core(1700000300), 0.0, "jordan@example.net", None, "com.apple.FaceTime"),       # outgoing FaceTime audio, no answer
        (5, 1, 1, 0, core(1700000400), 12.0, "+447700900111", None, "net.whatsapp.WhatsApp"),         # WhatsApp via CallKit
        (6, 0, 1, 0, core(1700000500), 0.0, "", None, "com.apple.Telephony"),                         # withheld caller
    ]
    db.executemany("INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, Z_OPT, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, ZNAME, ZSERVICE_PROVIDER) VALUES (?,2,1,?,?,?,?,?,?,?,?)", rows)
    # older iOS keeps ZADDRESS as a blob
    db.execute("INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, Z_OPT, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, ZSERVICE_PROVIDER) VALUES (7,2,1,1,1,0,?,5.0,?,'com.apple.Telephony')",
               (core(1700000600), b"07700900222"))
    db.commit()
    db.close()


# --- WhatsApp msgstore.db, current schema (message/jid/chat): ALEAPP whatsapp, binaryhick 2022 write-up --
MEDIA_SHA = hashlib.sha256(b"whatsapp media stand-in").digest()


def msgstore_current():
    import base64
    path = os.path.join(ROOT, "whatsapp_db", "synthetic", "msgstore_current.db")
    db = fresh(path)
    db.execute("PRAGMA journal_mode=WAL")  # the header then says WAL: opening it non-immutably would create -shm
    db.execute("CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT)")
    db.execute("CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER, subject TEXT, created_timestamp INTEGER)")
    db.execute("""CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, key_id TEXT NOT NULL,
        sender_jid_row_id INTEGER, status INTEGER, broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT, origination_flags INTEGER,
        origin INTEGER, timestamp INTEGER, received_timestamp INTEGER, receipt_server_timestamp INTEGER, message_type INTEGER, text_data TEXT,
        starred INTEGER, lookup_tables INTEGER, sort_id INTEGER NOT NULL DEFAULT 0)""")
    db.execute("""CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, autotransfer_retry_enabled INTEGER, multicast_id TEXT,
        media_job_uuid TEXT, transferred INTEGER, transcoded INTEGER, file_path TEXT, file_size INTEGER, suspicious_content INTEGER, trim_from INTEGER,
        trim_to INTEGER, face_x INTEGER, face_y INTEGER, media_key BLOB, media_key_timestamp INTEGER, width INTEGER, height INTEGER, has_streaming_sidecar INTEGER,
        gif_attribution INTEGER, thumbnail_height_width_ratio REAL, direct_path TEXT, first_scan_sidecar BLOB, first_scan_length INTEGER,
        message_url TEXT, mime_type TEXT, file_length INTEGER, media_name TEXT, file_hash TEXT, media_duration INTEGER, page_count INTEGER, enc_file_hash TEXT)""")
    db.execute("CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, latitude REAL, longitude REAL, place_name TEXT, place_address TEXT, url TEXT, live_location_share_duration INTEGER)")
    db.execute("CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_jid_row_id INTEGER NOT NULL, user_jid_row_id INTEGER NOT NULL, rank INTEGER, pending INTEGER)")
    db.execute("""CREATE TABLE call_log (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER, from_me INTEGER, call_id TEXT, transaction_id INTEGER,
        timestamp INTEGER, video_call INTEGER, duration INTEGER, call_result INTEGER, bytes_transferred INTEGER, group_jid_row_id INTEGER NOT NULL DEFAULT 0)""")
    db.executemany("INSERT INTO jid (_id, user, server, raw_string) VALUES (?,?,?,?)", [
        (1, "447700900111", "s.whatsapp.net", "447700900111@s.whatsapp.net"),
        (2, "447700900222", "s.whatsapp.net", "447700900222@s.whatsapp.net"),
        (3, "447700900999-1600000000", "g.us", "447700900999-1600000000@g.us"),
        (4, "447700900999", "s.whatsapp.net", "447700900999@s.whatsapp.net")])
    db.executemany("INSERT INTO chat (_id, jid_row_id, subject) VALUES (?,?,?)", [(1, 1, None), (2, 3, "Old friends")])
    db.executemany("INSERT INTO group_participant_user (group_jid_row_id, user_jid_row_id) VALUES (?,?)", [(3, 1), (3, 2), (3, 4)])
    rows = [
        # _id, chat_row_id, from_me, key_id, sender_jid_row_id, timestamp, message_type, text_data
        (1, -1, 0, "-1", None, 0, 0, None),                                  # WhatsApp's placeholder row
        (2, 1, 0, "K2", None, 1700000000000, 0, "I'm outside your house"),    # 1:1 incoming
        (3, 1, 1, "K3", None, 1700000060000, 0, "Go away"),                  # 1:1 outgoing
        (4, 1, 0, "K4", None, 1700000120000, 1, "look"),                     # image with caption
        (5, 2, 0, "K5", 2, 1700000180000, 0, "Tell her to answer"),          # group incoming from 0222
        (6, 2, 1, "K6", None, 1700000240000, 0, "Leave me out of it"),       # group outgoing
        (7, 2, 0, "K7", None, 1700000300000, 7, None),                       # system message
        (8, 1, 0, "K8", None, 1700000360000, 5, None),                       # location share
    ]
    db.executemany("INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, timestamp, message_type, text_data) VALUES (?,?,?,?,?,?,?,?)", rows)
    db.execute("INSERT INTO message_media (message_row_id, chat_row_id, file_path, file_size, mime_type, media_name, file_hash) VALUES (4, 1, 'Media/WhatsApp Images/IMG-20231114-WA0001.jpg', 23, 'image/jpeg', NULL, ?)",
               (base64.b64encode(MEDIA_SHA).decode(),))
    db.execute("INSERT INTO message_location (message_row_id, chat_row_id, latitude, longitude, place_name) VALUES (8, 1, 51.5007, -0.1246, 'Westminster')")
    db.executemany("INSERT INTO call_log (_id, jid_row_id, from_me, call_id, timestamp, video_call, duration, call_result) VALUES (?,?,?,?,?,?,?,?)", [
        (1, 1, 0, "C1", 1700000400000, 0, 0, 2),     # incoming, not answered -> missed
        (2, 1, 1, "C2", 1700000460000, 1, 95, 5),    # outgoing video, answered
        (3, 1, 0, "C3", 1700000520000, 0, 42, 5),    # incoming answered
    ])
    db.commit()
    db.close()
    return MEDIA_SHA.hex()


# --- WhatsApp msgstore.db, legacy schema (messages, key_remote_jid): whatsapp-viewer / older ALEAPP ---
def msgstore_legacy():
    db = fresh(os.path.join(ROOT, "whatsapp_db", "synthetic", "msgstore_legacy.db"))
    db.execute("""CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL,
        status INTEGER, needs_push INTEGER, data TEXT, timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER,
        media_name TEXT, media_caption TEXT, media_hash TEXT, media_duration INTEGER, origin INTEGER, latitude REAL, longitude REAL,
        thumb_image TEXT, remote_resource TEXT, received_timestamp INTEGER, send_timestamp INTEGER, receipt_server_timestamp INTEGER,
        receipt_device_timestamp INTEGER, raw_data BLOB, recipient_count INTEGER)""")
    db.execute("CREATE TABLE group_participants (_id INTEGER PRIMARY KEY AUTOINCREMENT, gjid TEXT NOT NULL, jid TEXT NOT NULL, admin INTEGER, pending INTEGER)")
    db.execute("CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, message_table_id INTEGER, subject TEXT)")
    db.executemany("INSERT INTO group_participants (gjid, jid) VALUES (?,?)", [
        ("447700900999-1500000000@g.us", "447700900111@s.whatsapp.net"), ("447700900999-1500000000@g.us", "447700900222@s.whatsapp.net"),
        ("447700900999-1500000000@g.us", "")])
    rows = [
        # _id, key_remote_jid, key_from_me, key_id, status, data, timestamp, media_wa_type, media_mime_type, media_caption, remote_resource, lat, lon
        (1, "-1", 0, "-1", -1, None, 0, None, None, None, None, 0, 0),
        (2, "447700900111@s.whatsapp.net", 0, "L2", 0, "You can't hide from me", 1500000000000, "0", None, None, None, 0, 0),
        (3, "447700900111@s.whatsapp.net", 1, "L3", 13, "Stop messaging me", 1500000060000, "0", None, None, None, 0, 0),
        (4, "447700900999-1500000000@g.us", 0, "L4", 0, "She blocked me", 1500000120000, "0", None, None, "447700900111@s.whatsapp.net", 0, 0),
        (5, "447700900111@s.whatsapp.net", 0, "L5", 0, None, 1500000180000, "1", "image/jpeg", "outside", None, 0, 0),
        (6, "447700900111@s.whatsapp.net", 0, "L6", 0, None, 1500000240000, "5", None, None, None, 53.4808, -2.2426),
    ]
    db.executemany("""INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, data, timestamp, media_wa_type, media_mime_type, media_caption,
        remote_resource, latitude, longitude) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
    db.commit()
    db.close()


# --- WhatsApp wa.db wa_contacts: ALEAPP whatsapp contacts / whatsapp-viewer -----------------------------
def wa_db():
    db = fresh(os.path.join(ROOT, "whatsapp_db", "synthetic", "wa.db"))
    db.execute("""CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, is_whatsapp_user BOOLEAN NOT NULL, status TEXT,
        status_timestamp INTEGER, number TEXT, raw_contact_id INTEGER, display_name TEXT, phone_type INTEGER, phone_label TEXT, unseen_msg_count INTEGER,
        photo_ts INTEGER, thumb_ts INTEGER, photo_id_timestamp INTEGER, given_name TEXT, family_name TEXT, wa_name TEXT, sort_name TEXT, nickname TEXT, company TEXT, title TEXT)""")
    db.executemany("INSERT INTO wa_contacts (_id, jid, is_whatsapp_user, number, display_name, wa_name) VALUES (?,?,?,?,?,?)", [
        (1, "447700900111@s.whatsapp.net", 1, "07700 900111", "Jordan Blake", "J"),
        (2, "447700900222@s.whatsapp.net", 1, None, None, "Sam C"),
        (3, "447700900999-1600000000@g.us", 0, None, "Old friends", None),
    ])
    db.commit()
    db.close()


if __name__ == "__main__":
    calllog()
    print("mmssms_mms.db image part sha256", mmssms())
    contacts2()
    ios_sms()
    call_history()
    print("msgstore_current.db media sha256", msgstore_current())
    msgstore_legacy()
    wa_db()

#!/usr/bin/env python3
"""Writes the hand-made media fixtures in fixtures/images/synthetic/ (see README.md there).

Formats for which no real sample is in shared/realdata (WebP, TIFF, MP4, QuickTime) and a PNG
screenshot without any time metadata. Pixels are 1x1 or 2x2; metadata is written by exiftool
(Debian libimage-exiftool-perl) so that its values are exiftool's, not ours. Deterministic.
"""
import base64, os, struct, subprocess, zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "images", "synthetic")
EPOCH_1904 = 2082844800  # seconds from 1904-01-01 to 1970-01-01 (ISO/IEC 14496-12 §8.2.2.3)


def png(path, w=2, h=2):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + b"\x80\x80\x80" * w for _ in range(h))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)


def tiff(path):
    # Little-endian baseline TIFF 6.0, 1x1 8-bit greyscale, one strip.
    entries = [(256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 3, 1, 1), (279, 4, 1, 1)]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + struct.pack("<I", 0)
    open(path, "wb").write(b"II*\0" + struct.pack("<I", 9) + b"\x80" + ifd)


def box(t, payload):
    return struct.pack(">I", 8 + len(payload)) + t + payload


def mp4(path, brand, created_unix, w=640, h=480):
    t = created_unix + EPOCH_1904
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = box(b"mvhd", struct.pack(">IIIII", 0, t, t, 1000, 2000) + struct.pack(">IH", 0x10000, 0x100)
               + b"\0" * 10 + matrix + b"\0" * 24 + struct.pack(">I", 2))
    tkhd = box(b"tkhd", struct.pack(">IIIIII", 3, t, t, 1, 0, 2000) + b"\0" * 8 + struct.pack(">hhhH", 0, 0, 0, 0)
               + matrix + struct.pack(">II", w << 16, h << 16))
    moov = box(b"moov", mvhd + box(b"trak", tkhd))
    ftyp = box(b"ftyp", brand + struct.pack(">I", 0x200) + brand + b"isom")
    open(path, "wb").write(ftyp + moov + box(b"mdat", b""))


TINY_JPEG = ("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q"
             "EBEQCgwSExIQEw8QEBD/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AJ//Z")


def exiftool(path, *tags):
    subprocess.run(["exiftool", "-q", "-overwrite_original", *tags, path], check=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    p = lambda n: os.path.join(OUT, n)

    png(p("Screenshot_20240301-221500.png"))

    tiff(p("scanner.tif"))
    exiftool(p("scanner.tif"), "-Make=Canon", "-Model=CanoScan LiDE 400", "-DateTimeOriginal=2023:10:14 09:30:00",
             "-OffsetTimeOriginal=+01:00", "-GPSLatitude=51.5014", "-GPSLatitudeRef=N", "-GPSLongitude=0.1419",
             "-GPSLongitudeRef=W", "-GPSAltitude=21.5", "-GPSAltitudeRef=0")

    # Google's smallest lossless WebP (1x1), then Exif written by exiftool (makes it VP8X extended).
    open(p("phone.webp"), "wb").write(base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="))
    exiftool(p("phone.webp"), "-Make=Google", "-Model=Pixel 7", "-DateTimeOriginal=2024:02:11 18:05:09")

    # Capture-time order (CaptureTimeResolver): a 1x1 grey baseline JPEG (ImageMagick, -strip) with
    # the time in one place only, written by exiftool.
    def jpeg(name, *tags):
        open(p(name), "wb").write(base64.b64decode(TINY_JPEG))
        exiftool(p(name), *tags)

    jpeg("xmp-original.jpg", "-XMP-exif:DateTimeOriginal=2023:05:06 07:08:09+09:00", "-Make=Sony", "-Model=ILCE-7M3")
    jpeg("xmp-datecreated.jpg", "-XMP-photoshop:DateCreated=2022:12:24 18:30:00-05:00")
    jpeg("gps-only.jpg", "-GPSDateStamp=2021:08:01", "-GPSTimeStamp=12:34:56", "-GPSLatitude=48.8584",
         "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E")
    jpeg("modify-only.jpg", "-IFD0:ModifyDate=2020:02:29 23:59:58")

    mp4(p("clip.mp4"), b"mp42", 1709331300)          # 2024-03-01T22:15:00Z
    mp4(p("clip.mov"), b"qt  ", 1719842400, 1920, 1080)  # 2024-07-01T14:00:00Z


if __name__ == "__main__":
    main()

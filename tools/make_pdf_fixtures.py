#!/usr/bin/env python3
"""Writes the generated PDFs in fixtures/pdf/ (see README.md there) and expected.json beside them:
the words on each page, as drawn, for the PDF reader's tests.

PDF objects are written by hand (ISO 32000-1 §7.5: header, objects, xref table, trailer), so the
bytes are deterministic and every page's content is known:
- printout.pdf: a 3-page text print-out (base-14 Helvetica, WinAnsi), Info /CreationDate with an
  offset and a /Title.
- scanned.pdf: one text page and one image-only page holding a JPEG (DCTDecode) of a rendered note
  (ImageMagick /usr/bin/convert, DejaVu Sans), which only OCR can read; no Info dates.
"""
import json, os, subprocess, tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "pdf")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def pdf(objects):
    """objects: list of bytes bodies for objects 1..n; object 1 is the catalog, the trailer names
    /Info when an object body starts with b'<< /Title' or b'<< /Producer'."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = next((i + 1 for i, b in enumerate(objects) if b.startswith(b"<< /Title") or b.startswith(b"<< /Producer")), None)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>\n"
    out += trailer.encode() + f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length " + str(len(data)).encode() + extra + b" >>\nstream\n" + data + b"\nendstream"


def text_page(lines):
    ops = [b"BT", b"/F1 14 Tf", b"18 TL", b"72 740 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("cp1252") + b") Tj T*")
    ops.append(b"ET")
    return stream(b"\n".join(ops))


def printout():
    pages = [
        ["Statement of events", "Prepared for the officer in the case", "Page one of the print-out"],
        ["14 March 2024 at 22:10 he wrote:", "You will regret ignoring me", "I know where you live"],
        ["Messages continue overleaf", "End of the print-out"],
    ]
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Title (Print-out for PC Smith) /CreationDate (D:20240314093000+01'00') /Producer (make_pdf_fixtures.py) >>"]
    kids = []
    for lines in pages:
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_no} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_no} 0 R >>".encode())
        objects.append(text_page(lines))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>".encode()
    return pdf(objects), pages


def scanned():
    text_lines = ["Covering letter", "The next page is a scan"]
    scan_lines = ["Stay away from my family", "or you will be sorry"]
    with tempfile.TemporaryDirectory() as tmp:
        jpg = os.path.join(tmp, "scan.jpg")
        args = ["/usr/bin/convert", "-size", "1000x260", "xc:white", "-font", FONT, "-pointsize", "40", "-fill", "black"]
        for i, line in enumerate(scan_lines):
            args += ["-annotate", f"+60+{100 + i * 70}", line]
        subprocess.run(args + ["-strip", "-quality", "92", jpg], check=True)
        jpeg = open(jpg, "rb").read()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               text_page(text_lines),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 7 0 R >> >> /Contents 8 0 R >>",
               stream(jpeg, b" /Type /XObject /Subtype /Image /Width 1000 /Height 260 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"),
               stream(b"q 540 0 0 140 36 600 cm /Im1 Do Q")]
    return pdf(objects), [text_lines, scan_lines]


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for name, make in [("printout.pdf", printout), ("scanned.pdf", scanned)]:
        data, pages = make()
        open(os.path.join(OUT, name), "wb").write(data)
        expected[name] = {"pages": pages}
    expected["printout.pdf"]["created"] = "2024-03-14T09:30:00+01:00"
    expected["printout.pdf"]["title"] = "Print-out for PC Smith"
    expected["scanned.pdf"]["image_only_pages"] = [2]
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes fixtures/incident-log/incident-log-template.xlsx: the CSV template's rows as a workbook,
SpreadsheetML written by hand (ECMA-376 Part 1 §12.3, §18) with Python's zipfile, independent of the
Open XML SDK the reader uses. Row 2's date is an Excel 1900-system serial (days since 1899-12-30) and
its time a fraction of a day; row 3's date is text, as a victim may type it. Fixed zip timestamps keep
the bytes the same on every run."""
import datetime
import zipfile
from xml.sax.saxutils import escape

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROWS = [
    ["Date", "Time", "What happened", "Where", "Witnesses", "How it affected me", "Who"],
    [(datetime.date(2024, 4, 3) - datetime.date(1899, 12, 30)).days, (7 * 60 + 45) / 1440,
     'He was waiting by my car when I left for work. He said "you can\'t hide from me".', "Outside my house on Elm Road",
     "My neighbour, Mrs Patel (07700900444)", "I was shaking and could not go to work. I now leave by the back door.", "07700900666"],
    ["06/04/2024", None, 'Flowers left on the doorstep with a card: "I\'ll always find you"', "Front door", "None",
     "I did not sleep that night and asked my sister to stay.", "Jordan"],
]


def main(path="fixtures/incident-log/incident-log-template.xlsx"):
    shared = []
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="%s"><sheetData>' % M]
    for r, row in enumerate(ROWS, 1):
        sheet.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            ref = "%s%d" % ("ABCDEFG"[c], r)
            if v is None:
                continue
            if isinstance(v, str):
                shared.append(v)
                sheet.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(shared) - 1))
            else:
                sheet.append('<c r="%s"><v>%r</v></c>' % (ref, v))
        sheet.append("</row>")
    sheet.append("</sheetData></worksheet>")
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" uniqueCount="%d">' % (M, len(shared), len(shared))
           + "".join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in shared) + "</sst>")
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % R)
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="%s" xmlns:r="%s"><workbookPr/>'
          '<sheets><sheet name="Incident log" sheetId="1" r:id="rId1"/></sheets></workbook>' % (M, R))
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (R, R))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wbrels),
                           ("xl/worksheets/sheet1.xml", "".join(sheet)), ("xl/sharedStrings.xml", sst)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode())


if __name__ == "__main__":
    main()

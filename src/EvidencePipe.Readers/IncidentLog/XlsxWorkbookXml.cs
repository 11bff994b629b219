using System.Xml;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// What the log reader takes from <c>workbook.xml</c> (ECMA-376 Part 1 §18.2): the first <c>sheet</c>
/// of the first <c>sheets</c> (its <c>name</c> and <c>r:id</c>, §18.2.19), and <c>date1904</c> of the
/// first <c>workbookPr</c> (§18.2.28). The part is read to its end, so malformed XML anywhere in it makes
/// the workbook unreadable, and a root other than <c>workbook</c> is refused.
/// </summary>
internal sealed record XlsxWorkbookXml(bool HasSheet, string? SheetName, string? SheetId, string? Date1904Text)
{
    public static XlsxWorkbookXml Read(XlsxPackageParts package, CancellationToken cancellationToken)
    {
        using var reader = XlsxPackageParts.ReadXml(package.Workbook);
        reader.MoveToContent();
        if (!package.Is(reader, "workbook"))
        {
            // The SDK's wording when a part's root element is not the one its type requires.
            throw new InvalidDataException("Cannot load the root element from the part. The part contains invalid data.");
        }

        var sheetsSeen = false;
        var hasSheet = false;
        string? name = null, id = null, date1904 = null;
        var propertiesSeen = false;
        var inSheets = false;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == 1)
            {
                // Only the first sheets element counts, and only its first sheet (the SDK's Sheets, then FirstOrDefault).
                inSheets = !sheetsSeen && package.Is(reader, "sheets");
                sheetsSeen |= inSheets;
                if (!inSheets && !propertiesSeen && package.Is(reader, "workbookPr"))
                {
                    propertiesSeen = true;
                    date1904 = reader.GetAttribute("date1904");
                }
            }
            else if (reader.Depth == 2 && inSheets && !hasSheet && package.Is(reader, "sheet"))
            {
                hasSheet = true;
                name = reader.GetAttribute("name");
                id = package.RelationshipId(reader);
            }
        }

        return new XlsxWorkbookXml(hasSheet, name, id, date1904);
    }

    /// <summary>
    /// <c>date1904</c> as <c>xsd:boolean</c> (<see cref="XmlConvert.ToBoolean"/>: <c>true</c>, <c>false</c>, <c>1</c>,
    /// <c>0</c>, surrounding whitespace allowed); parsed only when asked, so a bad value fails where it did before,
    /// after the first sheet is found. An empty value fails with the SDK's wording.
    /// </summary>
    public bool Date1904() => Date1904Text switch
    {
        null => false,
        "" => throw new InvalidOperationException("Nullable object must have a value."),
        var text => XmlConvert.ToBoolean(text),
    };
}

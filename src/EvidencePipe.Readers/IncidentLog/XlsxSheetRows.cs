using System.Globalization;
using System.IO.Packaging;
using System.Xml;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>One cell as stored: its text, and its number when the cell is numeric (ECMA-376 Part 1 §18.3.1.4 <c>c</c>).</summary>
internal readonly record struct XlsxCell(string Text, double? Number, DateTime? IsoDate);

/// <summary>A stored row of the sheet: its 1-based row number (<c>row/@r</c>) and its cells by 0-based column.</summary>
internal sealed record XlsxRow(uint Number, IReadOnlyDictionary<int, XlsxCell> Cells);

/// <summary>
/// Streams the rows of one worksheet part with <see cref="XmlReader"/> (one row in memory at a time).
/// Cell values are the stored ones: a formula's cached result, never evaluated; shared strings
/// (§18.4.9) and inline strings joined from their runs, phonetic runs left out. Only
/// <c>worksheet/sheetData/row/c</c> is read; an element out of that place is not a row or a cell.
/// </summary>
internal static class XlsxSheetRows
{
    /// <summary>Cells beyond this column are not read (the log has seven; a hostile row may claim 16,384).</summary>
    public const int MaxColumns = 64;

    /// <summary>The <c>t</c> values of §18.18.11 ST_CellType.</summary>
    private static readonly HashSet<string> CellTypes = new(StringComparer.Ordinal) { "b", "n", "e", "s", "str", "inlineStr", "d" };

    /// <summary>The strings of <c>sst/si</c> (§18.4.9), in order; a part whose root is not <c>sst</c> has none.</summary>
    public static List<string> SharedStrings(XlsxPackageParts package, PackagePart part, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        using var reader = XlsxPackageParts.ReadXml(part);
        var inTable = false;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == 0)
            {
                inTable = package.Is(reader, "sst");
            }
            else if (reader.Depth == 1 && inTable && package.Is(reader, "si"))
            {
                strings.Add(TextOf(package, reader));
            }
        }

        return strings;
    }

    public static IEnumerable<XlsxRow> Rows(XlsxPackageParts package, PackagePart sheet, IReadOnlyList<string> sharedStrings, CancellationToken cancellationToken)
    {
        using var reader = XlsxPackageParts.ReadXml(sheet);
        uint previous = 0;
        var inSheet = false;
        var inData = false;
        var advanced = false;
        while (advanced || reader.Read())
        {
            advanced = false;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.Depth)
            {
                case 0:
                    inSheet = package.Is(reader, "worksheet");
                    continue;
                case 1:
                    inData = inSheet && package.Is(reader, "sheetData");
                    continue;
                case 2 when inData && package.Is(reader, "row"):
                    break;
                default:
                    continue;
            }

            // The whole row is read before its number is parsed, so a malformed row fails as one piece.
            var rowNumber = reader.GetAttribute("r");
            var stored = StoredCells(package, reader);

            // The SDK's reader moved on to the node after a row before handing the row over, so malformed XML
            // right after a row lost that row too; the same step is taken here so a damaged sheet reads as before.
            // At the end of the part Read is false: the row is still handed over and the loop ends after it.
            advanced = reader.Read();

            var number = rowNumber is null ? previous + 1 : UInt32Attribute(rowNumber);
            previous = number;
            var cells = new Dictionary<int, XlsxCell>();
            var column = -1;
            foreach (var cell in stored)
            {
                column = ColumnOf(cell.Reference) ?? column + 1;
                if (column is >= 0 and < MaxColumns && ValueOf(cell, sharedStrings) is { } value)
                {
                    cells[column] = value;
                }
            }

            yield return new XlsxRow(number, cells);
        }
    }

    /// <summary>A <c>c</c> element as written: <c>@r</c>, <c>@t</c>, the first <c>v</c>'s text, the first <c>is</c>'s text.</summary>
    private sealed record StoredCell(string? Reference, string? Type, string? Value, string? Inline);

    /// <summary>Reads the row the reader is on to its end, collecting its <c>c</c> children.</summary>
    private static List<StoredCell> StoredCells(XlsxPackageParts package, XmlReader reader)
    {
        var cells = new List<StoredCell>();
        if (reader.IsEmptyElement)
        {
            return cells;
        }

        var rowDepth = reader.Depth;
        while (reader.Read() && reader.Depth > rowDepth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != rowDepth + 1 || !package.Is(reader, "c"))
            {
                continue;
            }

            string? reference = reader.GetAttribute("r"), type = reader.GetAttribute("t"), value = null, inline = null;
            if (!reader.IsEmptyElement)
            {
                var cellDepth = reader.Depth;
                while (reader.Read() && reader.Depth > cellDepth)
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.Depth != cellDepth + 1)
                    {
                        continue;
                    }

                    if (value is null && package.Is(reader, "v"))
                    {
                        value = ElementText(reader);
                    }
                    else if (inline is null && package.Is(reader, "is"))
                    {
                        inline = TextOf(package, reader);
                    }
                }
            }

            cells.Add(new StoredCell(reference, type, value, inline));
        }

        return cells;
    }

    private static XlsxCell? ValueOf(StoredCell cell, IReadOnlyList<string> sharedStrings)
    {
        var raw = cell.Value;
        var type = cell.Type;
        if (type is not null && !CellTypes.Contains(type))
        {
            // The SDK refused an unknown cell type and the rest of the sheet with it; its wording is kept.
            throw new FormatException("The text value is not a valid enumeration value.");
        }

        if (type == "inlineStr")
        {
            return cell.Inline is { } inline ? new XlsxCell(inline, null, null) : null;
        }

        if (raw is null)
        {
            return null;
        }

        if (type == "s")
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < sharedStrings.Count
                ? new XlsxCell(sharedStrings[i], null, null)
                : new XlsxCell(string.Empty, null, null);
        }

        if (type == "b")
        {
            return new XlsxCell(raw == "1" ? "TRUE" : "FALSE", null, null);
        }

        if (type == "d")
        {
            // §18.17.4: an ISO 8601 date/time stored as text (t="d").
            return new XlsxCell(raw, null, DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? iso : null);
        }

        if (type is null or "n")
        {
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new XlsxCell(raw, n, null) : new XlsxCell(raw, null, null);
        }

        return new XlsxCell(raw, null, null); // a formula's cached string (t="str") or an error value (t="e")
    }

    /// <summary>
    /// An unsigned attribute as XML Schema reads it (<see cref="XmlConvert.ToUInt32"/>: surrounding
    /// whitespace allowed, no sign); an empty one fails as the SDK's did ("Nullable object must have a value.").
    /// </summary>
    public static uint UInt32Attribute(string text) => text.Length == 0
        ? throw new InvalidOperationException("Nullable object must have a value.")
        : XmlConvert.ToUInt32(text);

    /// <summary>0-based column of an A1 reference (<c>C7</c> → 2), or null when there is none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
                if (++letters > 3)
                {
                    return null;
                }
            }
            else
            {
                break;
            }
        }

        return letters == 0 ? null : column - 1;
    }

    /// <summary>
    /// A string item's text (<c>si</c> or <c>is</c>, §18.4.8): its first <c>t</c>, or else its rich-text
    /// runs' <c>t</c> joined; phonetic guides (<c>rPh</c>) are not the text. Reads to the item's end.
    /// </summary>
    private static string TextOf(XlsxPackageParts package, XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        string? text = null;
        var runs = new List<string>();
        var itemDepth = reader.Depth;
        var inRun = false;
        var runHasText = false;
        while (reader.Read() && reader.Depth > itemDepth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == itemDepth + 1)
            {
                inRun = package.Is(reader, "r");
                runHasText = false;
                if (text is null && package.Is(reader, "t"))
                {
                    text = ElementText(reader);
                }
            }
            else if (reader.Depth == itemDepth + 2 && inRun && !runHasText && package.Is(reader, "t"))
            {
                runs.Add(ElementText(reader));
                runHasText = true;
            }
        }

        return text ?? string.Concat(runs);
    }

    /// <summary>The text of a leaf element, read to its end tag (the reader is left on it).</summary>
    private static string ElementText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = reader.Depth;
        var text = string.Empty;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                text += reader.Value;
            }
        }

        return text;
    }
}

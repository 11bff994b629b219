using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>One cell as stored: its text, and its number when the cell is numeric (ECMA-376 Part 1 §18.3.1.4 <c>c</c>).</summary>
internal readonly record struct XlsxCell(string Text, double? Number, DateTime? IsoDate);

/// <summary>A stored row of the sheet: its 1-based row number (<c>row/@r</c>) and its cells by 0-based column.</summary>
internal sealed record XlsxRow(uint Number, IReadOnlyDictionary<int, XlsxCell> Cells);

/// <summary>
/// Streams the rows of one worksheet part with the SDK's <see cref="OpenXmlReader"/> (one row in memory
/// at a time). Cell values are the stored ones: a formula's cached result, never evaluated; shared
/// strings (§18.4.9) and inline strings joined from their runs, phonetic runs left out.
/// </summary>
internal static class XlsxSheetRows
{
    /// <summary>Cells beyond this column are not read (the log has seven; a hostile row may claim 16,384).</summary>
    public const int MaxColumns = 64;

    public static List<string> SharedStrings(WorkbookPart workbook, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                strings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }

        return strings;
    }

    public static IEnumerable<XlsxRow> Rows(WorksheetPart sheet, IReadOnlyList<string> sharedStrings, CancellationToken cancellationToken)
    {
        using var reader = OpenXmlReader.Create(sheet);
        uint previous = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!reader.IsStartElement || reader.ElementType != typeof(Row))
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value ?? previous + 1;
            previous = number;
            var cells = new Dictionary<int, XlsxCell>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = ColumnOf(cell.CellReference?.Value) ?? column + 1;
                if (column is >= 0 and < MaxColumns && ValueOf(cell, sharedStrings) is { } value)
                {
                    cells[column] = value;
                }
            }

            yield return new XlsxRow(number, cells);
        }
    }

    private static XlsxCell? ValueOf(Cell cell, IReadOnlyList<string> sharedStrings)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? new XlsxCell(TextOf(inline), null, null) : null;
        }

        if (raw is null)
        {
            return null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < sharedStrings.Count
                ? new XlsxCell(sharedStrings[i], null, null)
                : new XlsxCell(string.Empty, null, null);
        }

        if (type == CellValues.Boolean)
        {
            return new XlsxCell(raw == "1" ? "TRUE" : "FALSE", null, null);
        }

        if (type == CellValues.Date)
        {
            // §18.17.4: an ISO 8601 date/time stored as text (t="d").
            return new XlsxCell(raw, null, DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? iso : null);
        }

        if (type is null || type == CellValues.Number)
        {
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new XlsxCell(raw, n, null) : new XlsxCell(raw, null, null);
        }

        return new XlsxCell(raw, null, null); // a formula's cached string (t="str") or an error value (t="e")
    }

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

    /// <summary>A string item's text: its <c>t</c>, or its rich-text runs joined; phonetic guides (<c>rPh</c>) are not the text.</summary>
    private static string TextOf(OpenXmlCompositeElement item) =>
        item.GetFirstChild<Text>()?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));
}

using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace EvidencePipe.TestSupport;

/// <summary>
/// Writes a minimal <c>.xlsx</c> by hand — the SpreadsheetML parts of ECMA-376 Part 1 §12.3 and §18
/// zipped with System.IO.Compression — so tests of the workbook reader do not trust the library the
/// reader uses to produce their input. A cell is a <see cref="string"/> (a shared string, or an inline
/// string with <see cref="InlineStrings"/>), a <see cref="double"/> (a number: an Excel date serial or
/// a fraction of a day), or an <see cref="IsoDateCell"/> (<c>t="d"</c>).
/// </summary>
public sealed class SpreadsheetMlWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public string SheetName { get; init; } = "Log";

    /// <summary>Writes <c>&lt;workbookPr date1904="1"/&gt;</c> (§18.2.28): serial 0 is 1904-01-01.</summary>
    public bool Date1904 { get; init; }

    public bool InlineStrings { get; init; }

    /// <summary>Parts left out of the package (e.g. <c>xl/workbook.xml</c>) for hostile-file tests.</summary>
    public IReadOnlyCollection<string> Omit { get; init; } = [];

    /// <summary>Extra parts written as given (name, bytes), stored with the best compression.</summary>
    public IReadOnlyList<(string Name, byte[] Bytes)> Extra { get; init; } = [];

    /// <summary>Rows from row 1; a null cell is left out (an empty cell).</summary>
    public void Write(string path, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        var shared = new List<string>();
        var sheet = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{Main}\"><sheetData>");
        for (var r = 0; r < rows.Count; r++)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Count; c++)
            {
                var reference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                switch (rows[r][c])
                {
                    case null:
                        break;
                    case string s when InlineStrings:
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></is></c>");
                        break;
                    case string s:
                        shared.Add(s);
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"s\"><v>{shared.Count - 1}</v></c>");
                        break;
                    case double d:
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><v>{d.ToString("R", CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    case IsoDateCell iso:
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"d\"><v>{iso.Text}</v></c>");
                        break;
                    default:
                        throw new ArgumentException("cells are string, double or IsoDateCell", nameof(rows));
                }
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        var strings = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"{Main}\" count=\"{shared.Count}\" uniqueCount=\"{shared.Count}\">");
        foreach (var s in shared)
        {
            strings.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(s)).Append("</t></si>");
        }

        strings.Append("</sst>");
        var parts = new List<(string, byte[])>
        {
            ("[Content_Types].xml", Utf8("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>")),
            ("_rels/.rels", Utf8($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")),
            ("xl/workbook.xml", Utf8($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\">"
                + (Date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")
                + $"<sheets><sheet name=\"{SecurityElement.Escape(SheetName)}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
            ("xl/_rels/workbook.xml.rels", Utf8($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")),
            ("xl/worksheets/sheet1.xml", Utf8(sheet.ToString())),
            ("xl/sharedStrings.xml", Utf8(strings.ToString())),
        };

        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, bytes) in parts.Where(p => !Omit.Contains(p.Item1)).Concat(Extra))
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            entry.Write(bytes);
        }
    }

    /// <summary>0-based column index to its letters (0 → A, 26 → AA).</summary>
    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

/// <summary>A cell stored as an ISO 8601 date (<c>t="d"</c>, ECMA-376 Part 1 §18.18.11).</summary>
public sealed record IsoDateCell(string Text);

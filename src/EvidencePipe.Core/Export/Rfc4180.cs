using System.Text;

namespace EvidencePipe.Export;

/// <summary>CSV rows per RFC 4180 §2: CRLF line ends; a field with a comma, quote or line break is quoted, quotes doubled.</summary>
public static class Rfc4180
{
    /// <summary>One row with every cell exactly as given.</summary>
    public static void WriteRow(TextWriter writer, params IReadOnlyList<string?> fields) => WriteRow(writer, CsvText.Raw, fields);

    /// <summary>One row; with <see cref="CsvText.SpreadsheetSafe"/> each cell goes through <see cref="SpreadsheetFormula.Neutralise"/> first.</summary>
    public static void WriteRow(TextWriter writer, CsvText text, params IReadOnlyList<string?> fields)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var f = (text == CsvText.SpreadsheetSafe ? SpreadsheetFormula.Neutralise(fields[i]) : fields[i]) ?? string.Empty;
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                sb.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(f);
            }
        }

        sb.Append("\r\n");
        writer.Write(sb.ToString());
    }
}

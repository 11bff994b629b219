using System.Globalization;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Does a file's head fit a mapping? With a header: every mapped column name is in the first line,
/// and the first data row's start time parses. Without: the first complete rows (up to three) have
/// enough fields, a start time in the mapping's format, and known direction/type values — strict
/// enough that chat exports, vCards and XML never fit.
/// </summary>
internal static class CdrFit
{
    private const int RowsToCheck = 3;

    public static bool Fits(CdrMapping mapping, ReadOnlySpan<byte> head, out string why)
    {
        if (head.IsEmpty || TextSniffing.LooksBinary(head))
        {
            why = "empty or binary";
            return false;
        }

        var text = TextSniffing.DecodeHead(head);
        var lines = text.Split('\n');

        // The head may end inside a line: that last piece is only used when the whole file is in the head.
        var complete = head.Length < SniffBuffer.HeadLength ? lines.Length : lines.Length - 1;
        var rows = lines.Take(complete).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(RowsToCheck + 1).ToList();
        if (rows.Count == 0)
        {
            why = "no complete line";
            return false;
        }

        var header = mapping.HasHeader ? CdrCsv.Split(rows[0], mapping.DelimiterChar, out _) : null;
        var layout = CdrLayout.Bind(mapping, header, out var missing);
        if (layout is null)
        {
            why = $"header lacks {string.Join(", ", missing.Select(m => $"'{m}'"))}";
            return false;
        }

        var data = mapping.HasHeader ? rows.Skip(1).Take(1).ToList() : rows.Take(RowsToCheck).ToList();
        if (!mapping.HasHeader && data.Count == 0)
        {
            why = "no data row";
            return false;
        }

        foreach (var row in data)
        {
            var fields = CdrCsv.Split(row, mapping.DelimiterChar, out _);
            if (RowProblem(layout, fields) is { } problem)
            {
                why = problem;
                return false;
            }
        }

        why = string.Empty;
        return true;
    }

    private static string? RowProblem(CdrLayout layout, List<string> fields)
    {
        var mapping = layout.Mapping;
        if (fields.Count < layout.Width)
        {
            return string.Create(CultureInfo.InvariantCulture, $"a row has {fields.Count} fields, the mapping needs {layout.Width}");
        }

        if (!CdrTime.Fits(mapping, layout.Get(fields, mapping.Start)))
        {
            return $"start time '{layout.Get(fields, mapping.Start)}' is not in {string.Join(" / ", mapping.StartFormats)}";
        }

        if (mapping.Direction is not null && (layout.Get(fields, mapping.Direction) is not { } d || !mapping.DirectionValues.ContainsKey(d)))
        {
            return $"direction '{layout.Get(fields, mapping.Direction)}' is not one of {string.Join(", ", mapping.DirectionValues.Keys)}";
        }

        if (mapping.Type is not null && (layout.Get(fields, mapping.Type) is not { } t || !mapping.TypeValues.ContainsKey(t)))
        {
            return $"type '{layout.Get(fields, mapping.Type)}' is not one of {string.Join(", ", mapping.TypeValues.Keys)}";
        }

        if (mapping.Latitude is not null
            && !(double.TryParse(layout.Get(fields, mapping.Latitude), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && double.TryParse(layout.Get(fields, mapping.Longitude), NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return "latitude/longitude are not numbers";
        }

        return null;
    }
}

using EvidencePipe.Reading;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// Recognises the victim's incident log saved as CSV by its header row (the first non-empty line):
/// comma, semicolon (spreadsheets in comma-decimal locales) or tab separated, with the columns
/// <see cref="IncidentLogColumns"/> requires. Never by the file name.
/// </summary>
public sealed class IncidentLogCsvSniffer : IFormatSniffer
{
    public string Format => IncidentLogCsvReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head) => Header(head) is not null;

    /// <summary>The delimiter of a recognised header row, or null.</summary>
    internal static char? Header(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || TextSniffing.LooksBinary(head))
        {
            return null;
        }

        var text = TextSniffing.DecodeHead(head).TrimStart('\uFEFF');
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).TrimEnd('\r');
            if (line.IsWhiteSpace())
            {
                continue;
            }

            var value = line.ToString();
            foreach (var delimiter in (ReadOnlySpan<char>)[',', ';', '\t'])
            {
                using var reader = new StringReader(value);
                if (new CsvRecords(reader, delimiter).Next(CancellationToken.None) is { } record && IncidentLogColumns.Recognise(record.Fields) is not null)
                {
                    return delimiter;
                }
            }

            return null;
        }

        return null;
    }
}

using System.Collections.Concurrent;
using CsvHelper;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Splits one CSV line into its fields with CsvHelper (RFC 4180 §2: fields optionally in double
/// quotes, <c>""</c> for a quote inside). Lines come from <see cref="Shared.ChatLineReader"/>, which
/// caps their length, flags invalid UTF-8 and numbers them as <c>sed -n Np</c> does, so the <c>line N</c>
/// locators are the same whatever the quoting. Records spanning lines are not supported: operator CDR
/// exports carry no line breaks in fields, and a quote left open (CsvHelper's
/// <see cref="CsvMalformedReason.UnterminatedQuote"/>) is reported by the caller rather than
/// swallowing the lines after it.
/// </summary>
/// <remarks>
/// Values are trimmed of spaces and tabs, inside quotes too; a stray quote inside an unquoted field is
/// kept as text and text after a closing quote is appended (<c>"ab"c</c> → <c>abc</c>), CsvHelper's
/// <see cref="CsvMalformedDataHandling.Recover"/>.
/// </remarks>
internal static class CdrCsv
{
    // The options differ only by separator; a mapping has one, so there are a handful at most.
    private static readonly ConcurrentDictionary<char, CsvReaderOptions> Options = new();

    /// <summary>The fields of <paramref name="line"/> (one empty field for an empty line).</summary>
    public static List<string> Split(string line, char delimiter, out bool unbalancedQuote)
    {
        var unterminated = false;
        var options = Options.GetOrAdd(delimiter, d => CsvReaderOptions.Default with
        {
            Separator = d,
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            AllowLineBreaksInQuotes = false,
            SkipEmptyLines = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            BufferSize = 1024,
        }) with
        {
            OnMalformedRecord = r => unterminated |= r.Reason == CsvMalformedReason.UnterminatedQuote,
        };
        using var reader = CsvReader.FromText(line, options);
        var fields = reader.Read() ? [.. reader.Current.ToArray()] : new List<string> { string.Empty };
        unbalancedQuote = unterminated;
        return fields;
    }
}

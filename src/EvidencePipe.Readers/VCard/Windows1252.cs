namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Decodes windows-1252, the ANSI code page of Western Windows (Outlook's vCards). .NET only ships
/// Latin-1 without the CodePages provider; windows-1252 differs from it in 0x80–0x9F alone, so those
/// 32 code points are mapped here (table from the Unicode Consortium's CP1252.TXT; the five bytes it
/// leaves undefined are passed through as the matching C1 control, like Latin-1).
/// </summary>
internal static class Windows1252
{
    private static readonly char[] High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    public static string GetString(ReadOnlySpan<byte> bytes) => string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            chars[i] = b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;
        }
    });
}

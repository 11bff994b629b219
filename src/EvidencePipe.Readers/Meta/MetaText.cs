using System.Text;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// Undoes the mojibake of Facebook/Instagram "Download your information" JSON: the exporter writes
/// every byte of a UTF-8 string as its own <c>\u00XX</c> escape, so "é" (C3 A9) arrives as "Ã©".
/// A string whose characters are all below U+0100 is turned back into those bytes (Latin-1) and
/// decoded as UTF-8; if the bytes are not valid UTF-8 the string was not mangled and is kept as is.
/// </summary>
internal static class MetaText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Fix(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var high = false;
        foreach (var c in value)
        {
            if (c > '\u00FF')
            {
                return value; // a real character beyond Latin-1: the string is already proper text
            }

            high |= c >= '\u0080';
        }

        if (!high)
        {
            return value;
        }

        try
        {
            return StrictUtf8.GetString(Encoding.Latin1.GetBytes(value));
        }
        catch (DecoderFallbackException)
        {
            return value;
        }
    }
}

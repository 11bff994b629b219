using System.Text;

namespace EvidencePipe.Mime;

/// <summary>
/// Text decoding by MIME charset name (RFC 2045 §5.1, RFC 2978 names) through
/// <see cref="Encoding.GetEncoding(string)"/> with the code-page provider registered, plus the
/// aliases real mailers write that .NET does not know. Unknown charsets decode as best effort:
/// UTF-8 when the bytes are valid UTF-8, else Windows-1252 (a superset of Latin-1 in practice).
/// </summary>
public static class Charsets
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Label → encoding (null for unknown), so each label is resolved once, not once per part.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);

    static Charsets()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static Encoding Windows1252 { get; }

    /// <summary>The encoding for a charset label, or null when neither .NET nor the alias table knows it.</summary>
    public static Encoding? Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        return Cache.Count < 1024 ? Cache.GetOrAdd(charset, Resolve) : Resolve(charset);
    }

    private static Encoding? Resolve(string charset)
    {
        var name = charset.Trim().Trim('"', '\'').ToLowerInvariant();
        // RFC 2231 §5: a language may follow the charset after '*'.
        var star = name.IndexOf('*', StringComparison.Ordinal);
        if (star > 0)
        {
            name = name[..star];
        }

        name = Alias(name);
        if (name is "us-ascii" or "ascii" or "iso-8859-1" or "latin1" or "iso_8859-1")
        {
            // Mailers label Windows-1252 text (curly quotes, euro) as ASCII/Latin-1; 1252 decodes both (WHATWG Encoding §4.2 does the same).
            return Windows1252;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> in <paramref name="charset"/>; reports an unknown charset and falls back.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset, MimeProblems? problems, long offset)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var encoding = Find(charset);
        if (encoding is null)
        {
            if (!string.IsNullOrWhiteSpace(charset))
            {
                problems?.Add(offset, $"unknown charset '{charset}': decoded as UTF-8 if valid, else Windows-1252");
            }

            return DecodeUnlabelled(bytes);
        }

        return encoding.GetString(bytes);
    }

    /// <summary>Bytes with no declared charset (RFC 6532 raw UTF-8 headers, 8-bit bodies): UTF-8 when valid, else Windows-1252.</summary>
    public static string DecodeUnlabelled(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }

    private static string Alias(string name) => name switch
    {
        "utf8" or "utf-8" or "x-unicode20utf8" or "unicode-1-1-utf-8" => "utf-8",
        "ks_c_5601-1987" or "ks_c_5601" or "ksc5601" => "ks_c_5601-1987",
        "x-sjis" or "shift-jis" or "sjis" => "shift_jis",
        "x-euc-jp" => "euc-jp",
        "gb2312-80" or "x-gbk" => "gb2312",
        "x-mac-roman" or "macintosh" or "mac" => "macintosh",
        "cp1252" or "windows1252" => "windows-1252",
        "cp1250" => "windows-1250",
        "cp1251" => "windows-1251",
        "koi8r" => "koi8-r",
        "iso8859-1" or "iso_8859_1" or "iso8859_1" or "8859-1" => "iso-8859-1",
        "iso8859-2" or "iso_8859_2" => "iso-8859-2",
        "iso8859-15" or "iso_8859_15" => "iso-8859-15",
        "x-user-defined" or "unknown-8bit" or "x-unknown" or "unknown" or "default" or "8bit" => "x-unknown-8bit",
        _ => name,
    };
}

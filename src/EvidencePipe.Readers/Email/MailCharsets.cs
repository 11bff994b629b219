using System.Collections.Concurrent;
using System.Text;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Text decoding of a MIME part by its charset label (RFC 2045 §5.1, RFC 2978 names) through
/// <see cref="Encoding.GetEncoding(string)"/> with the code-page provider registered, plus the
/// aliases real mailers write that .NET does not know (MimeKit's own table is internal). Three cases are decided here because they decide whether a message's words are read at all:
/// <list type="bullet">
/// <item>US-ASCII and ISO-8859-1 labels decode as Windows-1252: mailers label 1252 text (curly
/// quotes, euro) that way, and 1252 decodes true Latin-1 identically (WHATWG Encoding §4.2 does the
/// same). This is what the hand-written parser did, so text is unchanged.</item>
/// <item>UTF-7 (RFC 2152): .NET refuses <c>Encoding.GetEncoding("utf-7")</c> since .NET 5
/// ("Support for UTF-7 is disabled", SYSLIB0001) because it is unsafe for <i>writing</i> web
/// content. Reading old mail in it is safe and necessary, so the <see cref="UTF7Encoding"/> class is
/// used directly, and the part is reported as recovered.</item>
/// <item>An unknown label: UTF-8 when the bytes are valid UTF-8, else Windows-1252, reported.</item>
/// </list>
/// </summary>
public static class MailCharsets
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Label → (encoding or null when unknown, fallback reason or null), resolved once per label.</summary>
    private static readonly ConcurrentDictionary<string, (Encoding? Encoding, string? Fallback)> Cache = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Encoding Utf7 = TextEncodings.Utf7;

    static MailCharsets()
    {
        TextEncodings.EnsureRegistered();
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static Encoding Windows1252 { get; }

    /// <summary>Decodes <paramref name="bytes"/> labelled <paramref name="charset"/>; a fallback used is added to <paramref name="problems"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset, ICollection<string>? problems)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (string.IsNullOrWhiteSpace(charset))
        {
            return DecodeUnlabelled(bytes);
        }

        var (encoding, fallback) = Resolve(charset);
        if (fallback is not null)
        {
            problems?.Add(fallback);
        }

        return encoding is null ? DecodeUnlabelled(bytes) : encoding.GetString(bytes);
    }

    /// <summary>Bytes with no declared charset (RFC 6532 raw UTF-8, 8-bit bodies): UTF-8 when valid, else Windows-1252.</summary>
    public static string DecodeUnlabelled(ReadOnlySpan<byte> bytes)
    {
        if (Ascii.IsValid(bytes))
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

    /// <summary>
    /// A label seen before is a lock-free read. <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>
    /// takes every lock of the dictionary, so it is asked only for a new label (it bounds the cache
    /// against a mailbox of invented labels); asked on every part it serialised the parsing threads.
    /// </summary>
    private static (Encoding? Encoding, string? Fallback) Resolve(string charset)
    {
        if (Cache.TryGetValue(charset, out var known))
        {
            return known;
        }

        return Cache.Count < 1024 ? Cache.GetOrAdd(charset, Lookup) : Lookup(charset);
    }

    private static (Encoding? Encoding, string? Fallback) Lookup(string charset)
    {
        var name = charset.Trim().Trim('"', '\'').ToLowerInvariant();
        // RFC 2231 §5: a language may follow the charset after '*'.
        var star = name.IndexOf('*', StringComparison.Ordinal);
        if (star > 0)
        {
            name = name[..star];
        }

        if (name is "us-ascii" or "ascii" or "iso-8859-1" or "latin1" or "iso_8859-1" or "iso8859-1" or "8859-1" or "iso_8859_1" or "iso8859_1")
        {
            return (Windows1252, null);
        }

        if (name is "utf-7" or "utf7" or "unicode-1-1-utf-7" or "x-unicode-2-0-utf-7" or "csunicode11utf7")
        {
            return (Utf7, $"charset '{charset}' (UTF-7, RFC 2152) is disabled in .NET: decoded with the UTF-7 decoder directly");
        }

        if (name is "x-user-defined" or "unknown-8bit" or "x-unknown" or "unknown" or "default" or "8bit")
        {
            return (null, $"unknown charset '{charset}': decoded as UTF-8 if valid, else Windows-1252");
        }

        try
        {
            return (Encoding.GetEncoding(Alias(name)), null);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            return (null, $"unknown charset '{charset}': decoded as UTF-8 if valid, else Windows-1252");
        }
    }

    private static string Alias(string name) => name switch
    {
        "utf8" or "x-unicode20utf8" or "unicode-1-1-utf-8" => "utf-8",
        "ks_c_5601" or "ksc5601" => "ks_c_5601-1987",
        "x-sjis" or "shift-jis" or "sjis" => "shift_jis",
        "x-euc-jp" => "euc-jp",
        "gb2312-80" or "x-gbk" => "gb2312",
        "x-mac-roman" or "mac" => "macintosh",
        "cp1252" or "windows1252" => "windows-1252",
        "cp1250" => "windows-1250",
        "cp1251" => "windows-1251",
        "koi8r" => "koi8-r",
        "iso8859-2" or "iso_8859_2" => "iso-8859-2",
        "iso8859-15" or "iso_8859_15" => "iso-8859-15",
        _ => name,
    };
}

using System.Text;

namespace EvidencePipe.Reading;

/// <summary>
/// The process-wide text encodings every reader and writer of mail relies on, registered once, before
/// anything asks for a charset. Registration must come first in the process, not just before the first
/// read: MimeKit builds its charset table the first time it is used (also when the synthetic mailbox is
/// <i>written</i>), and a code page missing at that moment stays missing for the life of the process — a
/// later ISO-2022-JP or GB2312 subject in the same process (the tests, the web server, a lab worker) would
/// then be decoded by the fallback. Providers are asked before .NET's own table, in registration order.
/// </summary>
public static class TextEncodings
{
    static TextEncodings()
    {
        // First, so it is asked first: MimeKit asks Encoding.GetEncoding(65001) for every address it parses,
        // and the code-page provider re-reads its code-page table each time to say it has no UTF-8. The
        // answers are .NET's own built-in encodings, unchanged.
        Encoding.RegisterProvider(new BuiltInProvider());
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        // So MimeKit's RFC 2047 decoder finds UTF-7 too (encoded-word subjects).
        Encoding.RegisterProvider(new Utf7Provider());
    }

    /// <summary>
    /// The UTF-7 decoder (RFC 2152). .NET refuses <c>Encoding.GetEncoding("utf-7")</c> since .NET 5
    /// (SYSLIB0001) because UTF-7 is unsafe for <i>writing</i> web content; reading old mail in it is
    /// safe and necessary.
    /// </summary>
#pragma warning disable SYSLIB0001 // decoding received mail, never producing it (see above)
    public static Encoding Utf7 { get; } = new UTF7Encoding(allowOptionals: true);
#pragma warning restore SYSLIB0001

    /// <summary>Registers the providers (once per process; later calls do nothing).</summary>
    public static void EnsureRegistered()
    {
        // Touching the type runs its static constructor, exactly once.
    }

    /// <summary>The encodings .NET has built in, answered without asking the code-page provider (same objects as <see cref="Encoding.GetEncoding(int)"/>).</summary>
    private sealed class BuiltInProvider : EncodingProvider
    {
        public override Encoding? GetEncoding(int codepage) => codepage switch
        {
            65001 => Encoding.UTF8,
            28591 => Encoding.Latin1,
            20127 => Encoding.ASCII,
            1200 => Encoding.Unicode,
            1201 => Encoding.BigEndianUnicode,
            12000 => Encoding.UTF32,
            _ => null,
        };

        public override Encoding? GetEncoding(string name) => null;
    }

    /// <summary>Hands out the UTF-7 decoder for its labels (code page 65000), which .NET's own lookup refuses.</summary>
    private sealed class Utf7Provider : EncodingProvider
    {
        public override Encoding? GetEncoding(int codepage) => codepage == 65000 ? Utf7 : null;

        public override Encoding? GetEncoding(string name) =>
            name.Trim().ToLowerInvariant() is "utf-7" or "utf7" or "unicode-1-1-utf-7" or "x-unicode-2-0-utf-7" or "csunicode11utf7" ? Utf7 : null;
    }
}

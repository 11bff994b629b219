using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EvidencePipe.Readers.Email;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// The properties of one message, recipient or attachment object of an Outlook .msg file
/// ([MS-OXMSG] §2.4): the <c>__properties_version1.0</c> stream holds a header (32 bytes for the
/// top-level message, 24 for an embedded message, 8 for a recipient or attachment, §2.4.1) and then
/// one 16-byte entry per property (tag, flags, 8-byte value); fixed-size values are inline, and a
/// variable-size value (string, binary) is its own stream <c>__substg1.0_IIIITTTT</c> (§2.1).
/// </summary>
internal sealed class MsgProperties
{
    public const ushort TypeInt32 = 0x0003;
    public const ushort TypeBoolean = 0x000B;
    public const ushort TypeTime = 0x0040;
    public const ushort TypeString8 = 0x001E;
    public const ushort TypeUnicode = 0x001F;
    public const ushort TypeBinary = 0x0102;
    public const ushort TypeObject = 0x000D;

    private const string PropertiesStream = "__properties_version1.0";
    private const int EntrySize = 16;

    /// <summary>Strings above this many characters are cut (a body is searched, not archived: the file keeps it).</summary>
    private const int MaxStringBytes = 16 << 20;

    private readonly CompoundFile _file;
    private readonly Dictionary<string, CfbEntry> _children;
    private readonly Dictionary<ushort, (ushort Type, ulong Value)> _fixed = [];
    private readonly CancellationToken _cancellationToken;
    private Encoding? _string8;

    public MsgProperties(CompoundFile file, CfbEntry storage, MsgObjectKind kind, CancellationToken cancellationToken)
    {
        _file = file;
        Storage = storage;
        _cancellationToken = cancellationToken;
        _children = new Dictionary<string, CfbEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in file.Children(storage))
        {
            _children.TryAdd(child.Name, child);
        }

        if (_children.TryGetValue(PropertiesStream, out var stream) && stream.Type == CfbEntryType.Stream)
        {
            var bytes = file.Read(stream, cancellationToken);
            var headerSize = kind switch
            {
                MsgObjectKind.TopLevelMessage => 32,
                MsgObjectKind.EmbeddedMessage => 24,
                _ => 8,
            };
            for (var at = headerSize; at + EntrySize <= bytes.Length; at += EntrySize)
            {
                var tag = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
                _fixed.TryAdd((ushort)(tag >> 16), ((ushort)tag, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 8))));
            }
        }
        else
        {
            MissingPropertiesStream = true;
        }
    }

    public CfbEntry Storage { get; }

    /// <summary>The object has no properties stream: only its named streams can be read.</summary>
    public bool MissingPropertiesStream { get; }

    public IEnumerable<CfbEntry> Storages(string prefix) =>
        _children.Values.Where(c => c.Type == CfbEntryType.Storage && c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>A string property, Unicode (<c>001F</c>) or 8-bit (<c>001E</c>, in the message's code page).</summary>
    public string? String(ushort id)
    {
        if (Stream(id, TypeUnicode) is { } unicode)
        {
            var bytes = ReadCapped(unicode);
            return Clean(Encoding.Unicode.GetString(bytes, 0, bytes.Length & ~1));
        }

        if (Stream(id, TypeString8) is { } ansi)
        {
            return Clean(String8Encoding.GetString(ReadCapped(ansi)));
        }

        return null;
    }

    public byte[]? Binary(ushort id) => Stream(id, TypeBinary) is { } entry ? _file.Read(entry, _cancellationToken) : null;

    public CfbEntry? Stream(ushort id, ushort type) =>
        _children.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"__substg1.0_{id:X4}{type:X4}"), out var entry) ? entry : null;

    public int? Int32(ushort id) => _fixed.TryGetValue(id, out var p) && p.Type == TypeInt32 ? (int)(uint)p.Value : null;

    /// <summary>A PT_SYSTIME: a FILETIME (100 ns since 1601-01-01 UTC); 0 and out-of-range values are no time.</summary>
    public DateTimeOffset? Time(ushort id)
    {
        if (!_fixed.TryGetValue(id, out var p) || p.Type != TypeTime || p.Value == 0 || p.Value > (ulong)DateTime.MaxValue.ToFileTimeUtc())
        {
            return null;
        }

        return new DateTimeOffset(DateTime.FromFileTimeUtc((long)p.Value), TimeSpan.Zero);
    }

    /// <summary>8-bit strings are in PidTagMessageCodepage (0x3FFD), else PidTagInternetCodepage (0x3FDE), else Windows-1252.</summary>
    private Encoding String8Encoding => _string8 ??= CodePage(Int32(MsgTags.MessageCodepage) ?? Int32(MsgTags.InternetCodepage));

    private static Encoding CodePage(int? codePage)
    {
        // MailCharsets registers the code-page provider; an unknown or absent code page falls back to Windows-1252.
        var fallback = MailCharsets.Windows1252;
        if (codePage is not { } cp || cp <= 0)
        {
            return fallback;
        }

        try
        {
            return Encoding.GetEncoding(cp);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return fallback;
        }
    }

    private byte[] ReadCapped(CfbEntry entry)
    {
        if (entry.Size <= MaxStringBytes)
        {
            return _file.Read(entry, _cancellationToken);
        }

        var buffer = new byte[MaxStringBytes];
        var written = 0;
        _file.Walk(entry, chunk =>
        {
            var take = Math.Min(chunk.Length, buffer.Length - written);
            chunk[..take].CopyTo(buffer.AsSpan(written));
            written += take;
        }, _cancellationToken);
        return buffer;
    }

    private static string? Clean(string value)
    {
        var trimmed = value.TrimEnd('\0');
        return trimmed.Length == 0 ? null : trimmed;
    }
}

internal enum MsgObjectKind
{
    TopLevelMessage,
    EmbeddedMessage,
    RecipientOrAttachment,
}

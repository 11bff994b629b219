using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// The identifier (and display name) of each sender as the export writes it, worked out once per
/// distinct sender and looked up by the characters of the line, so the thousands of headers from
/// the same few people neither allocate a name string nor re-run phone-number recognition.
/// Shared by the survey and the emitting pass of one read.
/// </summary>
internal sealed class SenderDirectory
{
    /// <summary>Distinct senders remembered; beyond this (a hostile file) each is worked out afresh, so memory stays bounded.</summary>
    private const int MaxRemembered = 4096;

    private readonly ReadContext _context;
    private readonly Dictionary<string, Sender> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sender>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public SenderDirectory(ReadContext context)
    {
        _context = context;
        _byChars = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The sender named <paramref name="name"/> (already trimmed, as <see cref="MessageBody.TrySplit"/> gives it).</summary>
    public Sender Get(ReadOnlySpan<char> name)
    {
        if (_byChars.TryGetValue(name, out var known))
        {
            return known;
        }

        var text = name.ToString();
        var sender = new Sender(text, SenderIdentity.Of(text, _context));
        if (_byName.Count < MaxRemembered)
        {
            _byName.Add(text, sender);
        }

        return sender;
    }
}

/// <summary>A sender as written, its identifier, and (worked out when first asked for) its display form.</summary>
internal sealed class Sender(string name, string id)
{
    private string? _display;

    public string Name { get; } = name;

    public string Id { get; } = id;

    public string Display => _display ??= SenderIdentity.Display(Name);
}

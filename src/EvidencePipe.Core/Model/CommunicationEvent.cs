namespace EvidencePipe.Model;

/// <summary>
/// One normalised communication event (DESIGN.md "Event model"). Immutable; its <see cref="Id"/> is
/// derived from the source SHA-256 and locator so re-ingesting the same file adds nothing.
/// </summary>
public sealed record CommunicationEvent
{
    public required string Id { get; init; }
    public required EventKind Kind { get; init; }
    public required string Channel { get; init; }
    public Direction Direction { get; init; }
    public required EventTime Time { get; init; }

    /// <summary>Sender identifier (<c>scheme:value</c>); null for system notices that belong to no person.</summary>
    public string? From { get; init; }

    /// <summary>Recipients; for group chats every other participant.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Display names seen for participants in this very record (identifier → name), e.g. SMS <c>contact_name</c>.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = EmptyNames;

    public string? Text { get; init; }
    public string? Subject { get; init; }
    public int? DurationSeconds { get; init; }
    public CallStatus CallStatus { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    public GeoPoint? Geo { get; init; }
    public string? ThreadId { get; init; }

    /// <summary>The message's own id where the format has one (RFC 5322 §3.6.4 Message-ID, with angle brackets).</summary>
    public string? MessageId { get; init; }
    public required SourceRef Source { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyNames = new SortedDictionary<string, string>(StringComparer.Ordinal);
}

namespace EvidencePipe.Search;

/// <summary>A parsed search query (see <see cref="QueryParser"/> for the language).</summary>
public abstract record QueryNode;

public sealed record AndNode(IReadOnlyList<QueryNode> Children) : QueryNode;

public sealed record OrNode(IReadOnlyList<QueryNode> Children) : QueryNode;

public sealed record NotNode(QueryNode Child) : QueryNode;

/// <summary>
/// A word (optionally a prefix, <c>threat*</c>, or fuzzy, <c>thret~</c>) or a "quoted phrase" (optionally
/// with a proximity, <c>"outside house"~5</c>: its words at most <see cref="Slop"/> moves apart) in text,
/// subject or names.
/// </summary>
public sealed record TextNode(string Value, bool IsPhrase, bool IsPrefix, int Slop = 0, int? FuzzyEdits = null) : QueryNode
{
    /// <summary><c>word~</c> without a number: the edits allowed grow with the word (see <see cref="QueryParser"/>).</summary>
    public const int AutoEdits = -1;
}

/// <summary><c>from:</c> or <c>to:</c>: an identifier (normalised) or a name.</summary>
public sealed record PartyNode(PartyRole Role, string Value, bool IsPrefix) : QueryNode;

public enum PartyRole
{
    From,
    To,
}

/// <summary><c>channel:sms</c>.</summary>
public sealed record ChannelNode(string Channel) : QueryNode;

/// <summary><c>kind:message|call|email|media</c>.</summary>
public sealed record KindNode(Model.EventKind Kind) : QueryNode;

/// <summary><c>direction:incoming|outgoing|unknown</c>.</summary>
public sealed record DirectionNode(Model.Direction Direction) : QueryNode;

/// <summary><c>has:attachment</c>: events carrying at least one attachment.</summary>
public sealed record HasAttachmentNode : QueryNode;

/// <summary><c>before:</c> (exclusive) or <c>after:</c> (inclusive), resolved to a UTC instant.</summary>
public sealed record TimeNode(bool IsBefore, DateTimeOffset Instant) : QueryNode;

public sealed class QuerySyntaxException(string message) : Exception(message);

namespace EvidencePipe.Search;

/// <summary>A parsed search query (see <see cref="QueryParser"/> for the language).</summary>
public abstract record QueryNode;

public sealed record AndNode(IReadOnlyList<QueryNode> Children) : QueryNode;

public sealed record OrNode(IReadOnlyList<QueryNode> Children) : QueryNode;

public sealed record NotNode(QueryNode Child) : QueryNode;

/// <summary>A word (optionally a prefix, <c>threat*</c>) or a "quoted phrase" in text, subject or names.</summary>
public sealed record TextNode(string Value, bool IsPhrase, bool IsPrefix) : QueryNode;

/// <summary><c>from:</c> or <c>to:</c>: an identifier (normalised) or a name.</summary>
public sealed record PartyNode(PartyRole Role, string Value, bool IsPrefix) : QueryNode;

public enum PartyRole
{
    From,
    To,
}

/// <summary><c>channel:sms</c>.</summary>
public sealed record ChannelNode(string Channel) : QueryNode;

/// <summary><c>before:</c> (exclusive) or <c>after:</c> (inclusive), resolved to a UTC instant.</summary>
public sealed record TimeNode(bool IsBefore, DateTimeOffset Instant) : QueryNode;

public sealed class QuerySyntaxException(string message) : Exception(message);

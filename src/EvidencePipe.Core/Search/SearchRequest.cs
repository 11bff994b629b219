using EvidencePipe.Model;

namespace EvidencePipe.Search;

public enum SearchSort
{
    /// <summary>Newest first (the default).</summary>
    Time,

    /// <summary>Oldest first, as a timeline reads.</summary>
    Oldest,

    /// <summary>Best match first (BM25), ties newest first.</summary>
    Relevance,
}

public sealed record SearchRequest(QueryNode Query, int Limit, SearchSort Sort);

public sealed record SearchHit(CommunicationEvent Event, string? Snippet)
{
    /// <summary>The relevance score when sorted by relevance (comparable within one index only); 0 otherwise.</summary>
    public float Score { get; init; }
}

public sealed record SearchResult(long Total, IReadOnlyList<SearchHit> Hits);

/// <summary>The full-text index behind search (Lucene.Net: EvidencePipe.Index.Lucene).</summary>
public interface IEventSearch
{
    SearchResult Search(SearchRequest request, CancellationToken cancellationToken);
}

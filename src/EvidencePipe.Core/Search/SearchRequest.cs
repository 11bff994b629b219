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

public sealed record SearchHit(CommunicationEvent Event, string? Snippet);

public sealed record SearchResult(long Total, IReadOnlyList<SearchHit> Hits);

/// <summary>The full-text index behind search; SQLite FTS5 today, kept behind this seam for a Lucene-class engine later.</summary>
public interface IEventSearch
{
    SearchResult Search(SearchRequest request, CancellationToken cancellationToken);
}

using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Index.Lucene.Tests;

/// <summary>Searches a case as the CLI does: open its index (brought up to date with the store), search, close.</summary>
internal static class CaseSearch
{
    public static SearchResult Run(CaseStore store, SearchRequest request, CancellationToken cancellationToken, List<string>? diagnostics = null)
    {
        using var index = CaseIndex.Open(store, verifyCount: true, d => diagnostics?.Add(d), cancellationToken);
        using var search = new LuceneEventSearch(index);
        return search.Search(request, cancellationToken);
    }

    public static SearchResult Run(CaseStore store, string query, int limit = 100_000, SearchSort sort = SearchSort.Time) =>
        Run(store, new SearchRequest(new QueryParser(Time.CaseTimeZone.Default, Identifiers.PhoneRegion.Default).Parse(query), limit, sort), CancellationToken.None);
}

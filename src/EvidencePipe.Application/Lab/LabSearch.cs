using System.Globalization;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Search;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application.Lab;

/// <summary>
/// <c>search --store S --case NAME</c> (issue 20): the query language and results of a local case, over a lab case's
/// attached job indexes opened together (<see cref="IndexSet"/>, a Lucene MultiReader), hits read back from the lab
/// store by seq. The attached sets hold one document per event (<see cref="LabIndexes"/>) made as a local index makes
/// them, so the same inputs give the same ids, order, total and snippets as a local SQLite case.
/// </summary>
public static class LabSearch
{
    /// <summary>Searches each case (already opened and audited by the caller) and merges the pages as <see cref="CaseSearch"/> does.</summary>
    /// <param name="indexRoot">The index root (<c>--index-root</c>); null: the one <c>lab init</c> recorded.</param>
    /// <param name="diagnostic">Told (case, message) when a case's index lacks some of its events.</param>
    public static (long Total, IReadOnlyList<(string Case, SearchHit Hit)> Page) Run(
        StoreConnection store, IReadOnlyList<PostgresCaseReader> cases, string? indexRoot, string query, int limit, SearchSort sort,
        Action<string, string> diagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(diagnostic);
        long total = 0;
        var hits = new List<(string Case, SearchHit Hit)>();
        foreach (var reader in cases)
        {
            var result = Search(store, reader, indexRoot, query, limit, sort, d => diagnostic(reader.Case.Name, d), cancellationToken);
            total += result.Total;
            hits.AddRange(result.Hits.Select(h => (reader.Case.Name, h)));
        }

        return (total, CaseSearch.Merge(hits, sort).Take(limit).ToList());
    }

    private static SearchResult Search(
        StoreConnection store, PostgresCaseReader reader, string? indexRoot, string query, int limit, SearchSort sort, Action<string> diagnostic, CancellationToken cancellationToken)
    {
        var labCase = reader.Case;
        var settings = CaseOptions.Resolve(labCase.GetMeta, labCase.SetMeta, null, null, [], persist: false);
        var node = new QueryParser(settings.TimeZone, settings.Region).Parse(query);
        using var set = OpenIndexSet(store, reader, indexRoot, LabIndexes.Attached(store, labCase.Id), diagnostic);
        return set.Search.Search(new SearchRequest(node, limit, sort), cancellationToken);
    }

    /// <summary>
    /// The job index sets <paramref name="attached"/> to the case, opened together (under <paramref name="indexRoot"/>, or
    /// the root the lab recorded), with a diagnostic when they hold fewer documents than the case has events.
    /// </summary>
    internal static IndexSet OpenIndexSet(
        StoreConnection store, PostgresCaseReader reader, string? indexRoot, IReadOnlyList<(string Directory, long Documents)> attached, Action<string> diagnostic)
    {
        var root = indexRoot ?? LabIndexes.RecordedRoot(store);
        if (attached.Count > 0 && root is null)
        {
            throw new CaseOptionException("the lab has no index root recorded: give --index-root DIR (where the workers write the job indexes)");
        }

        var indexed = attached.Sum(a => a.Documents);
        var stored = reader.Case.CountEvents();
        if (indexed < stored)
        {
            diagnostic(string.Create(CultureInfo.InvariantCulture,
                $"the search index holds {indexed} of the case's {stored} events (jobs not yet done, or run without an index root): searching those"));
        }

        return IndexSet.Open(attached.Select(a => Path.Combine(root!, a.Directory)).ToList(), reader.Case.GetMeta(CaseIndex.LanguageKey),
            seqs => reader.ReadBySeqs(seqs).Select(r => new StoredEvent(r.Seq, r.Event)).ToList());
    }
}

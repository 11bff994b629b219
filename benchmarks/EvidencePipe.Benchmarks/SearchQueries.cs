using EvidencePipe.Application;
using EvidencePipe.Identifiers;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Time;

namespace EvidencePipe.Benchmarks;

/// <summary>One class of query users run, with the issue 7 latency target for its p99 (at 10M events).</summary>
internal sealed record SearchQuery(string Name, string Text, double TargetP99Ms);

/// <summary>
/// The query classes both SearchBenchmarks and the search-latency tool run. The defaults fit cases from
/// CaseSynthesizer (any size, any seed): their texts come from fixed phrase lists, so the hit shares are
/// stable — "gym" ≈ 0.6 % of events, from: Priya ≈ 5 %, "you" ≈ 42 %.
/// </summary>
internal static class SearchQueries
{
    /// <summary>Issue 7: selective term, phrase and field queries p99 ≤ 50 ms at 10M events.</summary>
    public const double SelectiveTargetMs = 50;

    /// <summary>Issue 7: a common term, newest first, first page p99 ≤ 100 ms at 10M events.</summary>
    public const double CommonTargetMs = 100;

    /// <summary>The CLI's default <c>--limit</c>: the first page a user sees.</summary>
    public const int FirstPage = 50;

    public static IReadOnlyList<SearchQuery> Defaults { get; } =
    [
        new("selective term", "gym", SelectiveTargetMs),
        new("phrase", "\"outside your house\"", SelectiveTargetMs),
        new("from: field", "from:07700900333", SelectiveTargetMs),
        new("AND of two terms", "call AND me", SelectiveTargetMs),
        // "lov*": love and lovely, about 6.5 % of events ("thin*" matched nothing in the synth vocabulary).
        new("prefix", "lov*", CommonTargetMs),
        // Channel and date filters: a different plan (exact terms and a doc-values range), held to the field-query target.
        new("channel + date range", "channel:whatsapp after:2024-03-01 before:2024-03-15", SelectiveTargetMs),
        new("common term, newest first", "you", CommonTargetMs),
    ];
}

/// <summary>
/// A case opened for searching the way the CLI's <c>search</c> command does it: the case's own zone and
/// region for the query parser, <see cref="LuceneEventSearch"/> over the case's index (brought up to date
/// once, when the session opens), sorted newest first.
/// </summary>
internal sealed class SearchSession : IDisposable
{
    private readonly CaseStore _store;
    private readonly CaseIndex _index;
    private readonly LuceneEventSearch _search;
    private readonly CaseTimeZone _zone;
    private readonly PhoneRegion _region;

    public SearchSession(string caseDir)
    {
        _store = CaseStore.Open(caseDir, create: false);
        _index = CaseIndex.Open(_store, verifyCount: false, _ => { }, CancellationToken.None);
        _search = new LuceneEventSearch(_index);
        // The case's zone and region as every command resolves them (the application layer's CaseOptions).
        var settings = CaseOptions.Resolve(_store, null, null, [], persist: false);
        _zone = settings.TimeZone;
        _region = settings.Region;
    }

    public CaseStore Store => _store;

    /// <summary>Parses and runs <paramref name="query"/> (parsing is part of what a user waits for).</summary>
    public SearchResult Run(string query, int limit = SearchQueries.FirstPage, SearchSort sort = SearchSort.Time) =>
        _search.Search(new SearchRequest(new QueryParser(_zone, _region).Parse(query), limit, sort), CancellationToken.None);

    public void Dispose()
    {
        _search.Dispose();
        _index.Dispose();
        _store.Dispose();
    }
}

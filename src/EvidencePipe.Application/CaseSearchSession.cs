using EvidencePipe.Index.Lucene;
using EvidencePipe.Reading;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application;

/// <summary>
/// One case held open for searching between calls. A command searches once and closes; the web page
/// searches on every request, and reopening the case and its index each time reloads the index's
/// in-memory sort keys (about 80 MiB at 10M events: 0.7 s a request, measured by scripts/bench-serve.sh).
/// Every call is still recorded in the audit log before anything is read (<see cref="CaseAccess.Record"/>),
/// and the index is reopened — brought up to date as <see cref="CaseIndex.Open"/> does — whenever the
/// store's high-water mark has moved since (an ingest added events). Calls are serialised: one SQLite
/// connection serves them.
/// </summary>
public sealed class CaseSearchSession : IDisposable
{
    private readonly Lock _gate = new();
    private CaseStore? _store;
    private CaseSettings? _settings;
    private CaseIndex? _index;
    private LuceneEventSearch? _search;

    public CaseSearchSession(string caseDirectory)
    {
        ArgumentNullException.ThrowIfNull(caseDirectory);
        CaseDirectory = caseDirectory;
    }

    public string CaseDirectory { get; }

    /// <summary>The first <paramref name="limit"/> hits of <paramref name="query"/> (parsed in the case's zone and region) and the total.</summary>
    public SearchResult Search(string query, int limit, SearchSort sort, CommandAudit audit, Action<string> diagnostic, CancellationToken cancellationToken) =>
        Use(query, audit, diagnostic, (search, node, _) => search.Search(new SearchRequest(node, limit, sort), cancellationToken), cancellationToken);

    /// <summary>Hits of <paramref name="query"/> per day of the case's zone, over every hit.</summary>
    public IReadOnlyDictionary<DateOnly, long> HitsPerDay(string query, CommandAudit audit, Action<string> diagnostic, CancellationToken cancellationToken) =>
        Use(query, audit, diagnostic, (search, node, settings) =>
        {
            var days = new Dictionary<DateOnly, long>();
            foreach (var (hourMs, count) in search.HitsPerHour(node, cancellationToken))
            {
                var day = DateOnly.FromDateTime(settings.TimeZone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(hourMs)).DateTime);
                days[day] = days.GetValueOrDefault(day) + count;
            }

            return days;
        }, cancellationToken);

    private T Use<T>(string query, CommandAudit audit, Action<string> diagnostic, Func<LuceneEventSearch, QueryNode, CaseSettings, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(diagnostic);
        lock (_gate)
        {
            if (_store is null)
            {
                var store = CaseStore.OpenForReading(CaseDirectory);
                try
                {
                    _settings = CaseOptions.Resolve(store, null, null, [], persist: false);
                }
                catch
                {
                    store.Dispose();
                    throw;
                }

                _store = store;
            }

            CaseAccess.Record(_store, audit, diagnostic);
            var node = new QueryParser(_settings!.TimeZone, _settings.Region).Parse(query);
            if (_search is null || _index is null || EventQueries.HighWaterMark(_store) != _index.Mark)
            {
                CloseIndex();
                _index = CaseIndex.Open(_store, verifyCount: false, diagnostic, cancellationToken);
                _search = new LuceneEventSearch(_index);
            }

            return work(_search, node, _settings);
        }
    }

    private void CloseIndex()
    {
        _search?.Dispose();
        _search = null;
        _index?.Dispose();
        _index = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseIndex();
            _store?.Dispose();
            _store = null;
        }
    }
}

using System.Globalization;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Search;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application.Lab;

/// <summary>
/// One lab case held open for the web page (issue 21, <c>serve --store</c>): the lab counterpart of
/// <see cref="CaseSearchSession"/>. Its jobs' attached Lucene sets are opened together (<see cref="IndexSet"/>, as
/// <see cref="LabSearch"/> opens them) and kept between requests, reopened only when the attached list has changed
/// (a job finished). Every call is recorded in the lab's audit log, with the database user, before anything is read.
/// Reads only: the login must hold no write privilege beyond appending audit rows (<see cref="LabEventQueries.WritePrivileges"/>).
/// </summary>
public sealed class LabCaseSession : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string? _indexRoot;
    private IndexSet? _set;
    private string? _setKey;

    private LabCaseSession(StoreConnection store, LabCase labCase, CaseSettings settings, string? indexRoot)
    {
        Store = store;
        Case = labCase;
        Reader = new PostgresCaseReader(store, labCase);
        Settings = settings;
        _indexRoot = indexRoot;
    }

    public StoreConnection Store { get; }

    public LabCase Case { get; }

    public PostgresCaseReader Reader { get; }

    /// <summary>The case's zone, region, owners and perspective as it recorded them (never changed here).</summary>
    public CaseSettings Settings { get; }

    public string Name => Case.Name;

    /// <summary>Opens the lab case <paramref name="name"/> (<see cref="StoreConnectionException"/> when it does not exist).</summary>
    /// <param name="indexRoot">Where the job indexes are; null: the root <c>lab init</c> recorded.</param>
    public static LabCaseSession Open(StoreConnection store, string name, string? indexRoot)
    {
        ArgumentNullException.ThrowIfNull(store);
        var labCase = LabCase.Open(store, name, create: false);
        return new LabCaseSession(store, labCase, CaseOptions.Read(new PostgresCaseReader(store, labCase)), indexRoot);
    }

    /// <summary>Appends <paramref name="audit"/> to the lab's audit log for this case (the database user is the server's <c>current_user</c>).</summary>
    public void Record(CommandAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        LabCase.AppendAudit(Store, Case.Id, audit.Command, audit.Arguments, audit.ToolVersion);
    }

    /// <summary>The first <paramref name="limit"/> hits of <paramref name="query"/> (parsed in the case's zone and region) and the total.</summary>
    public SearchResult Search(string query, int limit, SearchSort sort, CommandAudit audit, Action<string> diagnostic, CancellationToken cancellationToken) =>
        Use(query, audit, diagnostic, (search, node) => search.Search(new SearchRequest(node, limit, sort), cancellationToken));

    /// <summary>Hits of <paramref name="query"/> per day of the case's zone, over every hit.</summary>
    public IReadOnlyDictionary<DateOnly, long> HitsPerDay(string query, CommandAudit audit, Action<string> diagnostic, CancellationToken cancellationToken) =>
        Use(query, audit, diagnostic, (search, node) =>
        {
            var days = new Dictionary<DateOnly, long>();
            foreach (var (hourMs, count) in search.HitsPerHour(node, cancellationToken))
            {
                var day = DateOnly.FromDateTime(Settings.TimeZone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(hourMs)).DateTime);
                days[day] = days.GetValueOrDefault(day) + count;
            }

            return days;
        });

    /// <summary>Searches several lab cases and merges their pages as <see cref="CaseSearch"/> merges local cases'.</summary>
    public static (long Total, IReadOnlyList<(string Case, SearchHit Hit)> Page) Run(
        IReadOnlyList<LabCaseSession> sessions, string query, int limit, SearchSort sort, CommandAudit audit, Action<string, string> diagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(diagnostic);
        long total = 0;
        var hits = new List<(string Case, SearchHit Hit)>();
        foreach (var session in sessions)
        {
            var result = session.Search(query, limit, sort, audit, d => diagnostic(session.Name, d), cancellationToken);
            total += result.Total;
            hits.AddRange(result.Hits.Select(h => (session.Name, h)));
        }

        return (total, CaseSearch.Merge(hits, sort).Take(limit).ToList());
    }

    /// <summary>The photo and video exhibits among <paramref name="sha256s"/>, as the page shows them.</summary>
    public IReadOnlyDictionary<string, ExhibitFile> Media(IEnumerable<string> sha256s) =>
        LabEventQueries.Media(Store, Case, sha256s).ToDictionary(kv => kv.Key, kv => ToExhibit(kv.Value), StringComparer.Ordinal);

    /// <summary>A photo or video exhibit's bytes, re-hashed against the lab's record before they are handed out (<see cref="ExhibitBytes"/>).</summary>
    public Task<ExhibitRead> ReadMediaAsync(string sha256, long maxBytes, CancellationToken cancellationToken) =>
        ExhibitBytes.ReadMediaAsync(Media([sha256]).GetValueOrDefault(sha256), maxBytes, cancellationToken);

    private static ExhibitFile ToExhibit(LabExhibitFile f) => new(f.Sha256, f.Path, f.AbsolutePath, f.ContainerEntry, f.Size, f.Format);

    private T Use<T>(string query, CommandAudit audit, Action<string> diagnostic, Func<LuceneEventSearch, QueryNode, T> work)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(diagnostic);
        Record(audit);
        var node = new QueryParser(Settings.TimeZone, Settings.Region).Parse(query);
        lock (_gate)
        {
            var attached = LabIndexes.Attached(Store, Case.Id);
            var key = string.Join('\n', attached.Select(a => a.Directory));
            if (_set is null || key != _setKey)
            {
                _set?.Dispose();
                _set = null;
                _set = LabSearch.OpenIndexSet(Store, Reader, _indexRoot, attached, diagnostic);
                _setKey = key;
            }

            return work(_set.Search, node);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _set?.Dispose();
            _set = null;
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Chronology;
using EvidencePipe.Analysis.Lexicon;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Application;
using EvidencePipe.Export;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Web;

/// <summary>An API answer: the HTTP status and its JSON body.</summary>
public sealed record ApiAnswer(int Status, string Json)
{
    public static ApiAnswer Ok(string json) => new(200, json);

    public static ApiAnswer Error(int status, string message) =>
        new(status, EventJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }));
}

/// <summary>
/// What the page shows, read through the Application layer only (so the PostgreSQL store can plug in behind it).
/// Every search and view is recorded in the case's audit log as <c>serve --web-user NAME VIEW ARGS…</c> before
/// anything is read (<see cref="CaseAccess.OpenAudited"/>; a read-only case gets its side log). Nothing here writes
/// evidence: no snapshot is kept (unlike the <c>contacts</c> command), no order is added.
/// </summary>
public sealed class CaseViews : ICaseViews
{
    /// <summary>A conversation shows at most this many events (oldest first); the total says how many there are.</summary>
    public const int ConversationLimit = 5000;

    /// <summary>An event's detail lists at most this many of its source's diagnostics.</summary>
    public const int DiagnosticLimit = 200;

    /// <summary>An indicator's evidence shows at most this many events.</summary>
    public const int EvidenceLimit = 500;

    /// <summary>A photo or video larger than this is not read into memory to be served (its exhibit path is given instead).</summary>
    public const long MediaLimit = 64L << 20;

    private readonly WebOptions _options;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, Lazy<(AnalysisResult Result, CaseSettings Settings, Analysis.Tracking.TrackingView? Tracking)>> _analyses = new(StringComparer.Ordinal);

    /// <summary>Each case held open for searches between requests (its index reopened when an ingest adds events).</summary>
    private readonly IReadOnlyList<CaseSearchSession> _sessions;

    public CaseViews(WebOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
        _sessions = [.. options.Cases.Select(c => new CaseSearchSession(c))];
    }

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    /// <summary>The cases served, each with its time zone (the page shows times in it).</summary>
    public ApiAnswer Cases(string user) => ApiAnswer.Ok(ViewJson.Cases(user, _options.ToolVersion, _options.Cases.Select(dir =>
    {
        using var store = CaseStore.OpenForReading(dir);
        var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
        return (dir, Path.GetFileName(Path.TrimEndingDirectorySeparator(store.Directory)), settings.TimeZone.Id);
    })));

    /// <summary><c>/api/search</c>: the JSON of <c>search --json</c>; <paramref name="offset"/> pages on (0: exactly the CLI's page).</summary>
    public ApiAnswer Search(string user, string query, int limit, int offset, SearchSort sort, CancellationToken cancellationToken)
    {
        var audit = Audit(user, "search", query);
        var (total, page) = CaseSearch.Run(_sessions, query, checked(limit + offset), sort, audit,
            (caseName, d) => _log($"{caseName}: {d}"), cancellationToken);
        return ApiAnswer.Ok(_options.Json.Search(total, page.Skip(offset).ToList()));
    }

    /// <summary><c>/api/histogram?q=</c>: the search's hits per day of the case zone, over every hit (not a page).</summary>
    public ApiAnswer Histogram(string user, string query, CancellationToken cancellationToken) =>
        ApiAnswer.Ok(ViewJson.Histogram(CaseHistogram.Run(_sessions, query, Audit(user, "histogram", query), (caseName, d) => _log($"{caseName}: {d}"), cancellationToken)));

    /// <summary><c>/api/contacts</c>: the JSON of <c>contacts --json</c> for one case.</summary>
    public ApiAnswer Contacts(string user, string caseName)
    {
        RecordView(caseName, Audit(user, "contacts", "--case", caseName));
        var (result, _, tracking) = Analyse(caseName);
        return ApiAnswer.Ok(_options.Json.Contacts(result, tracking));
    }

    /// <summary><c>/api/events/{id}</c>: the event as <c>export --format jsonl</c> writes it, with its provenance.</summary>
    public ApiAnswer Event(string user, string caseName, string id)
    {
        using var store = CaseAccess.OpenAudited(caseName, create: false, Audit(user, "event", "--case", caseName, id), _log);
        if (EventDetailQueries.ById(store, id) is not { } e)
        {
            return ApiAnswer.Error(404, $"no event '{id}' in {caseName}");
        }

        var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
        var source = EventDetailQueries.Source(store, e.Source.Sha256, e.Source.Path);
        var diagnostics = source is null ? [] : EventDetailQueries.Diagnostics(store, source.Id, DiagnosticLimit);
        var links = EventQueries.AttachmentLinks(store).GetValueOrDefault(e.Id);
        return ApiAnswer.Ok(ViewJson.EventDetail(caseName, settings.TimeZone.Id, e, links, source, diagnostics, Media(store, [e])));
    }

    /// <summary>
    /// <c>/api/conversation?person=</c>: everything between the owner and one person (a P-… id, any of their
    /// identifiers, or their name as contacts shows it) on every channel, oldest first, as export lines.
    /// </summary>
    public ApiAnswer Conversation(string user, string caseName, string person, CancellationToken cancellationToken)
    {
        var (result, settings, _) = Analyse(caseName);
        if (ContactLookup.Find(result, person, settings.Region) is not { } contact)
        {
            RecordView(caseName, Audit(user, "conversation", "--case", caseName, person));
            return ApiAnswer.Error(404, $"no person '{person}' in {caseName} (contacts lists them)");
        }

        var (total, page) = CaseSearch.Run([Session(caseName)], ViewJson.ConversationQuery(contact), ConversationLimit, SearchSort.Oldest,
            Audit(user, "conversation", "--case", caseName, person), (c, d) => _log($"{c}: {d}"), cancellationToken);
        using var store = CaseStore.OpenForReading(caseName);
        var events = page.Select(p => p.Hit.Event).ToList();
        return ApiAnswer.Ok(ViewJson.Conversation(caseName, settings.TimeZone.Id, contact, result.Owner?.Label, total, events,
            EventQueries.AttachmentLinks(store), Media(store, events)));
    }

    /// <summary><c>/api/evidence?person=&amp;code=</c>: the events that made one of a person's indicators fire.</summary>
    public ApiAnswer Evidence(string user, string caseName, string person, string code)
    {
        var (result, settings, _) = Analyse(caseName);
        using var store = CaseAccess.OpenAudited(caseName, create: false, Audit(user, "evidence", "--case", caseName, person, code), _log);
        var contact = ContactLookup.Find(result, person, settings.Region);
        var indicator = contact?.Indicators.FirstOrDefault(i => i.Code == code);
        if (contact is null || indicator is null)
        {
            return ApiAnswer.Error(404, $"no indicator '{code}' for '{person}' in {caseName}");
        }

        var events = PersonQueries.EventsByIds(store, indicator.Evidence.Take(EvidenceLimit));
        return ApiAnswer.Ok(ViewJson.Evidence(caseName, settings.TimeZone.Id, contact, indicator, events, Media(store, events)));
    }

    /// <summary>
    /// <c>/media/{sha256}</c>: a photo or video exhibit of the case, read from the file the case recorded and handed out
    /// only when its SHA-256 is still the recorded one (<see cref="ExhibitBytes"/>). Audited before anything is read;
    /// a refused (changed) exhibit is also reported on the server's log.
    /// </summary>
    public async Task<ExhibitRead> MediaAsync(string user, string caseName, string sha256, CancellationToken cancellationToken)
    {
        using var store = CaseAccess.OpenAudited(caseName, create: false, Audit(user, "media", "--case", caseName, sha256), _log);
        var read = await ExhibitBytes.ReadMediaAsync(store, sha256, MediaLimit, cancellationToken).ConfigureAwait(false);
        if (read.Outcome == ExhibitOutcome.Changed)
        {
            _log($"{caseName}: INTEGRITY: {read.Reason}");
        }

        return read;
    }

    private static IReadOnlyDictionary<string, ExhibitFile> Media(CaseStore store, IEnumerable<CommunicationEvent> events) =>
        ExhibitQueries.Media(store, ViewJson.MediaHashes(events));

    /// <summary>True when <paramref name="caseName"/> is one of the cases served (nothing else may be opened by a request).</summary>
    public bool Serves(string caseName) => _options.Cases.Contains(caseName, StringComparer.Ordinal);

    private CaseSearchSession Session(string caseName) => _sessions.Single(s => s.CaseDirectory == caseName);

    public string DefaultCase => _options.Cases[0];

    private CommandAudit Audit(string user, string view, params string[] args) =>
        new("serve", ["--web-user", user, view, .. args], _options.ToolVersion);

    private void RecordView(string caseName, CommandAudit audit)
    {
        using var store = CaseAccess.OpenAudited(caseName, create: false, audit, _log);
    }

    /// <summary>
    /// The case's analysis, computed once per server (the page serves a fixed case; restart <c>serve</c> after an
    /// ingest). The same library calls as <c>contacts</c> with the same options (<see cref="ContactOptions"/>): stored
    /// orders plus any <c>--order</c>, the <c>--aliases</c> file read with the case's region, the <c>--lexicon</c>.
    /// </summary>
    private (AnalysisResult Result, CaseSettings Settings, Analysis.Tracking.TrackingView? Tracking) Analyse(string caseName) =>
        _analyses.GetOrAdd(caseName, dir => new Lazy<(AnalysisResult, CaseSettings, Analysis.Tracking.TrackingView?)>(() =>
        {
            using var store = CaseStore.OpenForReading(dir);
            var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
            var (orders, aliases, lexicon) = ContactInputs(_options.Contacts, settings);
            var result = CaseAnalysis.Run(store, settings, orders, aliases, lexicon, CancellationToken.None);
            // The page takes no --place: the case's own location and app records and its stored places (places add) are shown,
            // as contacts --json without --place shows them.
            var tracking = CaseAnalysis.TrackingShown(CaseAnalysis.Tracking(store, [], CancellationToken.None), 0);
            return (result, settings, tracking);
        })).Value;

    /// <summary>The orders, aliases and lexicon for one case; a bad spec or file is a <see cref="CaseOptionException"/> (a usage error).</summary>
    internal static (IReadOnlyList<ProtectiveOrder> Orders, IReadOnlyList<(string, string)> Aliases, PhraseLexicon Lexicon) ContactInputs(ContactOptions options, CaseSettings settings)
    {
        try
        {
            return (CaseAnalysis.ParseOrders(options.Orders), CaseAnalysis.ReadAliases(options.Aliases, settings.Region), CaseAnalysis.LoadLexicon(options.Lexicon));
        }
        catch (LexiconFormatException ex)
        {
            throw new CaseOptionException("--lexicon: " + ex.Message);
        }
    }
}

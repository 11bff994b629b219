using System.Collections.Concurrent;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Chronology;
using EvidencePipe.Application;
using EvidencePipe.Application.Lab;
using EvidencePipe.Export;
using EvidencePipe.Search;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Web;

/// <summary>
/// The page over a lab's PostgreSQL store (issue 21, <c>serve --store S --case NAME…</c>): search through each case's
/// attached job indexes (<see cref="LabCaseSession"/>), event detail and provenance, and photos by SHA-256 re-hashed
/// before they are sent, with the same JSON as for the same evidence ingested locally (<see cref="ViewJson"/>; a case
/// is named by its lab name), and contacts, conversations and indicator evidence through <c>CaseAnalysis</c> over the
/// lab's case reader (issue 20). Every search and view is appended to the lab's audit log, with the database user, before
/// anything is read. The login is read-only (checked before anything listens: <see cref="WebServer.Check"/>).
/// </summary>
public sealed class LabCaseViews : ICaseViews
{
    private readonly WebOptions _options;
    private readonly Action<string> _log;
    private readonly IReadOnlyList<LabCaseSession> _sessions;
    private readonly ConcurrentDictionary<string, Lazy<(AnalysisResult Result, Analysis.Tracking.TrackingView? Tracking)>> _analyses = new(StringComparer.Ordinal);

    public LabCaseViews(WebOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = options.Store ?? throw new ArgumentException("a lab store is required", nameof(options));
        _options = options;
        _log = log;
        _sessions = [.. options.Cases.Select(name => LabCaseSession.Open(store, name, options.IndexRoot))];
    }

    public string DefaultCase => _sessions[0].Name;

    public bool Serves(string caseName) => _sessions.Any(s => s.Name == caseName);

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    public ApiAnswer Cases(string user) =>
        ApiAnswer.Ok(ViewJson.Cases(user, _options.ToolVersion, _sessions.Select(s => (s.Name, s.Name, s.Settings.TimeZone.Id))));

    /// <summary><c>/api/search</c>: the JSON of <c>search --store … --json</c>; <paramref name="offset"/> pages on (0: exactly the CLI's page).</summary>
    public ApiAnswer Search(string user, string query, int limit, int offset, SearchSort sort, CancellationToken cancellationToken)
    {
        var (total, page) = LabCaseSession.Run(_sessions, query, checked(limit + offset), sort, Audit(user, "search", query), Diagnostic, cancellationToken);
        return ApiAnswer.Ok(_options.Json.Search(total, page.Skip(offset).ToList()));
    }

    public ApiAnswer Histogram(string user, string query, CancellationToken cancellationToken)
    {
        var audit = Audit(user, "histogram", query);
        return ApiAnswer.Ok(ViewJson.Histogram(ViewJson.SumDays(
            _sessions.Select(s => s.HitsPerDay(query, audit, d => Diagnostic(s.Name, d), cancellationToken)).ToList())));
    }

    /// <summary><c>/api/contacts</c>: the JSON of <c>contacts --store … --json</c> for one lab case (no snapshot is kept).</summary>
    public ApiAnswer Contacts(string user, string caseName)
    {
        Session(caseName).Record(Audit(user, "contacts", "--case", caseName));
        var (result, tracking) = Analyse(caseName);
        return ApiAnswer.Ok(_options.Json.Contacts(result, tracking));
    }

    /// <summary><c>/api/conversation?person=</c>: as for a local case, the person's events found through the lab's index sets.</summary>
    public ApiAnswer Conversation(string user, string caseName, string person, CancellationToken cancellationToken)
    {
        var session = Session(caseName);
        var audit = Audit(user, "conversation", "--case", caseName, person);
        var (result, _) = Analyse(caseName);
        if (ContactLookup.Find(result, person, session.Settings.Region) is not { } contact)
        {
            session.Record(audit);
            return ApiAnswer.Error(404, $"no person '{person}' in {caseName} (contacts lists them)");
        }

        var (total, page) = LabCaseSession.Run([session], ViewJson.ConversationQuery(contact), CaseViews.ConversationLimit, SearchSort.Oldest, audit, Diagnostic, cancellationToken);
        var events = page.Select(p => p.Hit.Event).ToList();
        return ApiAnswer.Ok(ViewJson.Conversation(caseName, session.Settings.TimeZone.Id, contact, result.Owner?.Label, total, events,
            session.Reader.AttachmentLinks(), session.Media(ViewJson.MediaHashes(events))));
    }

    /// <summary><c>/api/evidence?person=&amp;code=</c>: the events that made one of a person's indicators fire.</summary>
    public ApiAnswer Evidence(string user, string caseName, string person, string code)
    {
        var session = Session(caseName);
        var (result, _) = Analyse(caseName);
        session.Record(Audit(user, "evidence", "--case", caseName, person, code));
        var contact = ContactLookup.Find(result, person, session.Settings.Region);
        var indicator = contact?.Indicators.FirstOrDefault(i => i.Code == code);
        if (contact is null || indicator is null)
        {
            return ApiAnswer.Error(404, $"no indicator '{code}' for '{person}' in {caseName}");
        }

        var events = session.Reader.EventsByIds(indicator.Evidence.Take(CaseViews.EvidenceLimit));
        return ApiAnswer.Ok(ViewJson.Evidence(caseName, session.Settings.TimeZone.Id, contact, indicator, events, session.Media(ViewJson.MediaHashes(events))));
    }

    /// <summary><c>/api/events/{id}</c>: the event as <c>export --store … --format jsonl</c> writes it, with its provenance.</summary>
    public ApiAnswer Event(string user, string caseName, string id)
    {
        var session = Session(caseName);
        session.Record(Audit(user, "event", "--case", caseName, id));
        if (LabEventQueries.ById(session.Store, session.Case, id) is not { } e)
        {
            return ApiAnswer.Error(404, $"no event '{id}' in {caseName}");
        }

        var source = LabEventQueries.Source(session.Store, session.Case, e.Source.Sha256, e.Source.Path);
        var detail = source is null ? null : new SourceDetail(0, source.AbsolutePath, source.ContainerEntry, source.Size, source.Format, source.Status,
            source.RecordsRead, source.RecordsRecovered, source.RecordsSkipped, source.FirstSeenUtc);
        var diagnostics = source is null ? [] : LabEventQueries.Diagnostics(session.Store, session.Case, e.Source.Sha256, e.Source.Path, CaseViews.DiagnosticLimit)
            .Select(d => new DiagnosticRow(d.Locator, d.Severity, d.Reason)).ToList();
        var links = session.Reader.AttachmentLinks().GetValueOrDefault(e.Id);
        return ApiAnswer.Ok(ViewJson.EventDetail(caseName, session.Settings.TimeZone.Id, e, links, detail, diagnostics, session.Media(ViewJson.MediaHashes([e]))));
    }

    /// <summary><c>/media/{sha256}</c>: a photo or video exhibit of the lab case, served only when its bytes still hash to the recorded SHA-256.</summary>
    public async Task<ExhibitRead> MediaAsync(string user, string caseName, string sha256, CancellationToken cancellationToken)
    {
        var session = Session(caseName);
        session.Record(Audit(user, "media", "--case", caseName, sha256));
        var read = await session.ReadMediaAsync(sha256, CaseViews.MediaLimit, cancellationToken).ConfigureAwait(false);
        if (read.Outcome == ExhibitOutcome.Changed)
        {
            _log($"{caseName}: INTEGRITY: {read.Reason}");
        }

        return read;
    }

    /// <summary>
    /// The lab case's analysis, computed once per server as for a local case (restart <c>serve</c> after more jobs
    /// finish): <c>CaseAnalysis</c> over the lab's case reader, with the case's stored orders plus any <c>--order</c>,
    /// the <c>--aliases</c> file and the <c>--lexicon</c>; only the case's own location and app records (no <c>--place</c>).
    /// </summary>
    private (AnalysisResult Result, Analysis.Tracking.TrackingView? Tracking) Analyse(string caseName) =>
        _analyses.GetOrAdd(caseName, name => new Lazy<(AnalysisResult, Analysis.Tracking.TrackingView?)>(() =>
        {
            var session = Session(name);
            var (orders, aliases, lexicon) = CaseViews.ContactInputs(_options.Contacts, session.Settings);
            var result = CaseAnalysis.Run(session.Reader, session.Settings, orders, aliases, lexicon, CancellationToken.None);
            var tracking = CaseAnalysis.TrackingShown(CaseAnalysis.Tracking(session.Reader, [], CancellationToken.None), 0);
            return (result, tracking);
        })).Value;

    private LabCaseSession Session(string caseName) => _sessions.Single(s => s.Name == caseName);

    private void Diagnostic(string caseName, string message) => _log($"{caseName}: {message}");

    private CommandAudit Audit(string user, string view, params string[] args) =>
        new("serve", ["--web-user", user, view, .. args], _options.ToolVersion);
}

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
/// is named by its lab name). Every search and view is appended to the lab's audit log, with the database user, before
/// anything is read. The login is read-only (checked before anything listens: <see cref="WebServer.Check"/>).
/// </summary>
public sealed class LabCaseViews : ICaseViews
{
    private readonly WebOptions _options;
    private readonly Action<string> _log;
    private readonly IReadOnlyList<LabCaseSession> _sessions;

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

    public ApiAnswer Cases(string user) => ApiAnswer.Ok(EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("user", user);
        w.WriteString("tool_version", _options.ToolVersion);
        w.WriteStartArray("cases");
        foreach (var session in _sessions)
        {
            w.WriteStartObject();
            w.WriteString("case", session.Name);
            w.WriteString("name", session.Name);
            w.WriteString("time_zone", session.Settings.TimeZone.Id);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }));

    /// <summary><c>/api/search</c>: the JSON of <c>search --store … --json</c>; <paramref name="offset"/> pages on.</summary>
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

    public ApiAnswer Contacts(string user, string caseName) => NotYet(user, caseName, "contacts", caseName);

    public ApiAnswer Conversation(string user, string caseName, string person, CancellationToken cancellationToken) =>
        NotYet(user, caseName, "conversation", caseName, person);

    public ApiAnswer Evidence(string user, string caseName, string person, string code) => NotYet(user, caseName, "evidence", caseName, person, code);

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
    /// The contact analysis of a lab case needs <c>CaseAnalysis</c> over the engine-neutral case reader (issue 20);
    /// until then these views say so (501), after recording the request in the audit log like any other view.
    /// </summary>
    private ApiAnswer NotYet(string user, string caseName, string view, params string[] args)
    {
        Session(caseName).Record(Audit(user, view, ["--case", .. args]));
        return ApiAnswer.Error(501, $"{view} over a lab case is not available yet: the contact analysis does not read the lab store (issue 20); run serve --case DIR over a local case for it");
    }

    private LabCaseSession Session(string caseName) => _sessions.Single(s => s.Name == caseName);

    private void Diagnostic(string caseName, string message) => _log($"{caseName}: {message}");

    private CommandAudit Audit(string user, string view, params string[] args) =>
        new("serve", ["--web-user", user, view, .. args], _options.ToolVersion);
}

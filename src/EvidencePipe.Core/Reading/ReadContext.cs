using EvidencePipe.Hashing;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Reading;

/// <summary>
/// Everything a reader needs besides the bytes: the case zone and dialling region, the owner's
/// identifiers, and a place to report diagnostics and record counts. One per source, one thread.
/// </summary>
public sealed class ReadContext
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly int _maxDiagnostics;
    private List<int>? _oncePerRun;

    public ReadContext(EvidenceSource source, CaseSettings settings, int maxDiagnostics = 10_000)
    {
        Source = source;
        Settings = settings;
        _maxDiagnostics = maxDiagnostics;
    }

    public EvidenceSource Source { get; private set; }

    /// <summary>
    /// Narrows the format once the reader has looked inside (a SQLite file sniffed as <c>sqlite</c>
    /// turns out to be <c>android-mmssms-db</c>): later locators and the source record carry it.
    /// </summary>
    public void RefineFormat(string format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        Source = Source with { Format = format };
    }

    public CaseSettings Settings { get; }

    public CaseTimeZone TimeZone => Settings.TimeZone;

    public PhoneRegion Region => Settings.Region;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Diagnostics beyond the per-source cap are counted, not kept, so a damaged file cannot exhaust memory.</summary>
    public int DiagnosticsSuppressed { get; private set; }

    public int Recovered { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>
    /// True once the reader has looked inside and found nothing it can read (a SQLite file of no known
    /// schema): the source is then recorded as <c>unsupported</c>, never <c>complete</c> with no records.
    /// </summary>
    public bool IsUnsupported { get; private set; }

    /// <summary>Provenance for a record at <paramref name="locator"/> in this source.</summary>
    public SourceRef Locate(string locator) => new(Source.Sha256, Source.RelativePath, Source.Format, locator);

    /// <summary>The deterministic id of the event at <paramref name="locator"/>.</summary>
    public string EventId(string locator) => EventIds.For(Source.Sha256, locator);

    /// <summary>An identifier for an address field, e.g. <c>07700 900666</c> → <c>tel:+447700900666</c>.</summary>
    public string? Identify(string? address) => Identifier.FromAddress(address, Region);

    public void Note(string locator, string reason) => Add(locator, DiagnosticSeverity.Note, reason);

    /// <summary>
    /// A note about the run, not this source (a tool absent for the whole run, such as tesseract): every source
    /// that meets it notes it, once each, and the pipeline keeps it on one of them only — the first by path
    /// (<see cref="Pipeline.OncePerRunNotes"/>) — so which source carries it does not depend on which worker
    /// reached it first. Read alone, outside a pipeline, the source keeps it.
    /// </summary>
    public void NoteOncePerRun(string locator, string reason)
    {
        if (_oncePerRun is not null && _oncePerRun.Exists(i => string.Equals(_diagnostics[i].Reason, reason, StringComparison.Ordinal)))
        {
            return;
        }

        if (Add(locator, DiagnosticSeverity.Note, reason))
        {
            (_oncePerRun ??= []).Add(_diagnostics.Count - 1);
        }
    }

    /// <summary>Which of <see cref="Diagnostics"/> are once-per-run notes (<see cref="NoteOncePerRun"/>), by index.</summary>
    public IReadOnlyList<int> OncePerRun => (IReadOnlyList<int>?)_oncePerRun ?? [];

    /// <summary>The content passed the sniffer but is not a layout this reader knows; says what was found.</summary>
    public void Unsupported(string locator, string reason)
    {
        IsUnsupported = true;
        Add(locator, DiagnosticSeverity.Note, reason);
    }

    /// <summary>A record was emitted, but something in it had to be repaired or left out.</summary>
    public void RecoveredRecord(string locator, string reason)
    {
        Recovered++;
        Add(locator, DiagnosticSeverity.Recovered, reason);
    }

    /// <summary>A record (or the rest of the file from here) could not be read.</summary>
    public void SkippedRecord(string locator, string reason)
    {
        Skipped++;
        Add(locator, DiagnosticSeverity.Skipped, reason);
    }

    private bool Add(string locator, DiagnosticSeverity severity, string reason)
    {
        if (_diagnostics.Count >= _maxDiagnostics)
        {
            DiagnosticsSuppressed++;
            return false;
        }

        _diagnostics.Add(new Diagnostic(Source.RelativePath, locator, severity, reason));
        return true;
    }
}

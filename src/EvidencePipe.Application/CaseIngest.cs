using EvidencePipe.Analysis;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Pipeline;
using EvidencePipe.Readers;
using EvidencePipe.Readers.Cdr;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Time;

namespace EvidencePipe.Application;

/// <summary>What an ingest is asked to do, before anything is resolved against the case.</summary>
public sealed record IngestRequest(string CaseDirectory, IReadOnlyList<string> Paths)
{
    /// <summary><c>--tz</c>: the case's IANA zone; null keeps the case's (or the default for a new case).</summary>
    public string? TimeZone { get; init; }

    /// <summary><c>--region</c>: the region national numbers are read in; null keeps the case's.</summary>
    public string? Region { get; init; }

    /// <summary><c>--owner</c>: identifiers of the device's owner, added to those the case already knows.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary><c>--language</c>: the index's stemmer, kept with the case like its zone.</summary>
    public string? Language { get; init; }

    /// <summary><c>--perspective victim|suspect</c>: whose device this is, kept with the case like its zone.</summary>
    public string? Perspective { get; init; }

    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Operator CDR column mappings beside the built-ins (<see cref="CaseIngest.LoadCdrMap"/>).</summary>
    public IReadOnlyList<CdrMapping> CdrMaps { get; init; } = [];
}

/// <summary>
/// One ingest into a case: the case opened with its audit row, its settings resolved and recorded, the
/// full-text index brought up to date and fed beside the single store writer, and the pipeline over
/// the reader catalog (DESIGN.md "Architecture"). Front ends show <see cref="Progress"/> while
/// <see cref="RunAsync"/> runs and print the result.
/// </summary>
public sealed class CaseIngest : IDisposable
{
    private readonly IReadOnlyList<string> _paths;
    private readonly CaseIndex _index;
    private readonly IndexFeed _feed;
    private readonly SqliteCaseWriter _writer;
    private readonly IngestPipeline _pipeline;
    private readonly TemporaryCopies _temporary;

    private CaseIngest(IReadOnlyList<string> paths, CaseStore store, CaseSettings settings, CaseIndex index, IndexFeed feed, SqliteCaseWriter writer, IngestPipeline pipeline, TemporaryCopies temporary)
    {
        _temporary = temporary;
        _paths = paths;
        Store = store;
        Settings = settings;
        _index = index;
        _feed = feed;
        _writer = writer;
        _pipeline = pipeline;
    }

    public CaseStore Store { get; }

    public CaseSettings Settings { get; }

    /// <summary>
    /// Checks the paths, then opens (creating) the case with <paramref name="audit"/> as its first write,
    /// resolves and records its settings and language, and opens the index; nothing runs yet.
    /// </summary>
    /// <param name="indexDiagnostic">Told what the index had to repair (an earlier run killed between store and index).</param>
    public static CaseIngest Open(IngestRequest request, CommandAudit audit, Action<string> indexDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Paths.Count == 0)
        {
            throw new CaseOptionException("ingest needs at least one file or folder");
        }

        foreach (var path in request.Paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CaseOptionException($"'{path}' does not exist");
            }
        }

        // Start-up work that needs no case runs on another core while the case opens: the readers
        // (sniffers, tables) and the NodaTime TZDB every reader's times go through (~70 ms of CPU).
        ProcessWarmUp.Start(cancellationToken);
        var readers = Task.Run(() =>
        {
            _ = CaseTimeZone.TzdbVersion;
            return ReaderCatalog.CreateRegistry(request.CdrMaps);
        }, cancellationToken);
        var store = CaseAccess.OpenAudited(request.CaseDirectory, create: true, audit);
        PhaseTimings.Mark("case opened");
        CaseIndex? index = null;
        SqliteCaseWriter? writer = null;
        try
        {
            var settings = CaseOptions.Resolve(store, request.TimeZone, request.Region, request.Owners, persist: true);
            ResolveLanguage(store, request.Language);
            ResolvePerspective(store, request.Perspective);
            PhaseTimings.Mark("case options");

            // The index is brought up to date with the store first (an earlier run may have been killed between
            // the two), then fed by the writer beside it (DESIGN.md "Architecture").
            index = CaseIndex.Open(store, verifyCount: true, indexDiagnostic, cancellationToken);
            PhaseTimings.Mark("index opened");
            var feed = new IndexFeed(index);
            writer = new SqliteCaseWriter(store, sink: feed);
            // A killed run's private copies (a database inside a zip) are swept before this run makes its own.
            var temporary = TemporaryCopies.ForCase(store.Directory);
            var options = new IngestOptions(settings)
            {
                Workers = request.Workers,
                ExcludedDirectories = [store.Directory],
                TemporaryDirectory = temporary.Directory,
            };
            // Open is synchronous (a command's set-up); the registry task has no context to deadlock on.
            var pipeline = new IngestPipeline(readers.GetAwaiter().GetResult(), writer, writer, options);
            PhaseTimings.Mark("readers created");
            return new CaseIngest(request.Paths, store, settings, index, feed, writer, pipeline, temporary);
        }
        catch
        {
            writer?.Dispose();
            index?.Dispose();
            store.Dispose();
            throw;
        }
    }

    /// <summary>A snapshot of the running ingest, for progress displays.</summary>
    public IngestProgress Progress() => _pipeline.Snapshot();

    /// <summary>Runs the pipeline over the paths and waits until the index has every event the store committed.</summary>
    public async Task<IngestResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await _pipeline.RunAsync(_paths, cancellationToken).ConfigureAwait(false);
        PhaseTimings.Mark("pipeline run");
        _feed.EndOfBatches();
        if (!result.Cancelled)
        {
            // The store's tail runs on this thread while the index feed finishes its queue and makes its last
            // Lucene commit on its own: the id index of a first ingest, then the WAL checkpoint. The two sides
            // share no SQLite connection (the index read the store's revision when it opened) and neither waits
            // for the other: every store transaction is in the WAL before the checkpoint, and the index records
            // its store mark, so a kill anywhere here loses nothing (FaultPoint.Checkpoint, FaultPoint.IndexCommit;
            // CrashSafetyTests). Run one after the other they were ~20 + ~45 + ~55–70 ms of wall on 20,000 messages.
            try
            {
                _writer.Complete();
                PhaseTimings.Mark("id index");
                Store.Checkpoint();
                PhaseTimings.Mark("checkpoint");
            }
            catch
            {
                // The store's failure is the one to report; the feed is let finish first, so that disposing the
                // index does not roll its writer back under the feed's last commit.
                await _feed.CompleteAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
        }

        await _feed.CompleteAsync().ConfigureAwait(false);
        PhaseTimings.Mark("index committed");

        PhaseTimings.Note(StageCpu.Summary());
        return result;
    }

    /// <summary>An operator CDR column mapping (<c>--cdr-map FILE</c>, JSON).</summary>
    public static CdrMapping LoadCdrMap(string path)
    {
        try
        {
            return CdrMapping.Load(path);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new CaseOptionException($"--cdr-map {path}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _temporary.Dispose();
        _writer.Dispose();
        _index.Dispose();
        Store.Dispose();
    }

    /// <summary><c>--perspective victim|suspect</c>: kept with the case like <c>--tz</c>; a later run cannot change it.</summary>
    private static void ResolvePerspective(CaseStore store, string? perspective)
    {
        if (perspective is null)
        {
            return;
        }

        var canonical = Perspectives.Name(Perspectives.Parse(perspective) ?? throw new CaseOptionException($"--perspective must be victim or suspect, not '{perspective}'"));
        var stored = store.GetMeta(CaseMetaKeys.Perspective);
        if (stored is not null && stored != canonical)
        {
            throw new CaseOptionException($"this case uses --perspective {stored}; it cannot be ingested with --perspective {canonical}");
        }

        store.SetMeta(CaseMetaKeys.Perspective, canonical);
    }

    /// <summary><c>--language</c>: kept with the case like <c>--tz</c> (one for its life); it chooses the index's stemmer.</summary>
    private static void ResolveLanguage(CaseStore store, string? language)
    {
        if (language is null)
        {
            return;
        }

        var canonical = CaseLanguages.Canonical(language);
        if (!CaseLanguages.IsKnown(canonical))
        {
            throw new CaseOptionException($"unknown --language '{language}' (known: {string.Join(", ", CaseLanguages.Known)})");
        }

        var stored = store.GetMeta(CaseIndex.LanguageKey);
        if (stored is not null && stored != canonical)
        {
            throw new CaseOptionException($"this case uses --language {stored}; it cannot be ingested with --language {canonical}");
        }

        store.SetMeta(CaseIndex.LanguageKey, canonical);
    }
}

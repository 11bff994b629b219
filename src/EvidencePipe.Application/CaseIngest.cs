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
    private readonly CaseIndex _index;
    private readonly IndexFeed _feed;
    private readonly SqliteCaseWriter _writer;
    private readonly IngestPipeline _pipeline;
    private readonly EarlyRun _run;
    private readonly TemporaryCopies _temporary;

    private CaseIngest(CaseStore store, CaseSettings settings, CaseIndex index, IndexFeed feed, SqliteCaseWriter writer, IngestPipeline pipeline, EarlyRun run, TemporaryCopies temporary)
    {
        _temporary = temporary;
        _run = run;
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
    /// Checks the paths and starts walking and hashing them, then opens (creating) the case with
    /// <paramref name="audit"/> as its first write, resolves and records its settings and language, and opens the
    /// index; parsing and writing wait for the case (<see cref="IngestPipeline(FormatRegistry, Task{IngestTarget}, IngestOptions)"/>).
    /// Opening the case — SQLite's fsyncs, its schema, the index — was ~25 ms of a 360-photo ingest with both cores
    /// idle but one; the hashing workers use them now. A case that cannot be opened stops the run before this throws.
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

        // Start-up work that needs no case runs on another core while the case opens: ICU, OpenSSL, and the NodaTime
        // TZDB every reader's times go through. The readers themselves are cheap (~1 ms) and the walk needs them.
        ProcessWarmUp.Start(cancellationToken);
        var registry = ReaderCatalog.CreateRegistry(request.CdrMaps);
        PhaseTimings.Mark("readers created");
        var caseDirectory = Path.GetFullPath(request.CaseDirectory);
        var target = new TaskCompletionSource<IngestTarget>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The case's own folder is never evidence (CaseStore keeps it at this full path). Settings and the temporary
        // folder come with the target, once the case has resolved them.
        var pipeline = new IngestPipeline(registry, target.Task, new IngestOptions(CaseSettings.Default)
        {
            Workers = request.Workers,
            ExcludedDirectories = [caseDirectory],
        });
        var run = EarlyRun.Start(pipeline, request.Paths, cancellationToken);
        PhaseTimings.Mark("pipeline started");
        CaseStore? store = null;
        CaseIndex? index = null;
        SqliteCaseWriter? writer = null;
        try
        {
            store = CaseAccess.OpenAudited(caseDirectory, create: true, audit);
            PhaseTimings.Mark("case opened");
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
            target.SetResult(new IngestTarget(writer, writer, settings) { TemporaryDirectory = temporary.Directory });
            return new CaseIngest(store, settings, index, feed, writer, pipeline, run, temporary);
        }
        catch (Exception ex)
        {
            // The case's failure is the one reported, once no stage is reading evidence any more.
            target.TrySetException(ex);
            run.Stop();
            writer?.Dispose();
            index?.Dispose();
            store?.Dispose();
            throw;
        }
    }

    /// <summary>A snapshot of the running ingest, for progress displays.</summary>
    public IngestProgress Progress() => _pipeline.Snapshot();

    /// <summary>Runs the pipeline over the paths and waits until the index has every event the store committed.</summary>
    public async Task<IngestResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await _run.ResultAsync(cancellationToken).ConfigureAwait(false);
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
        // A run never awaited (the front end failed between Open and RunAsync) is stopped before the case closes.
        _run.Stop();
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

    /// <summary>The pipeline's run, started in <see cref="Open"/> before the case is open, with its own cancellation.</summary>
    private sealed class EarlyRun
    {
        private readonly CancellationTokenSource _cancel;
        private readonly Task<IngestResult> _task;

        private EarlyRun(CancellationTokenSource cancel, Task<IngestResult> task)
        {
            _cancel = cancel;
            _task = task;
        }

        public static EarlyRun Start(IngestPipeline pipeline, IReadOnlyList<string> paths, CancellationToken cancellationToken)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            return new EarlyRun(cancel, pipeline.RunAsync(paths, cancel.Token));
        }

        /// <summary>The run's result; <paramref name="cancellationToken"/> interrupts it as the one given to Open does.</summary>
        public async Task<IngestResult> ResultAsync(CancellationToken cancellationToken)
        {
            await using (cancellationToken.Register(static c => ((CancellationTokenSource)c!).Cancel(), _cancel).ConfigureAwait(false))
            {
                return await _task.ConfigureAwait(false);
            }
        }

        /// <summary>Interrupts the run if it is still going and waits until no stage runs (a failure is not this caller's to report).</summary>
        public void Stop()
        {
            if (!_task.IsCompleted)
            {
                _cancel.Cancel();
                // Synchronous, as Open and Dispose are: the pipeline's stages run on the thread pool, with no context to deadlock on.
                ((Task)_task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            }

            _cancel.Dispose();
        }
    }
}

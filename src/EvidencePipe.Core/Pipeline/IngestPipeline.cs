using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using EvidencePipe.Hashing;
using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>
/// discover → hash + sniff → parse (N workers) → single batched writer, on bounded channels
/// (DESIGN.md "Architecture"). A stage that faults completes its output channel with the exception
/// so the run ends instead of hanging; one bad file never stops the others. On cancellation the
/// writer still commits what it has been handed, and a source is only marked finished after all its
/// records are written, so an interrupted run leaves a consistent case that the next run completes.
/// </summary>
public sealed class IngestPipeline
{
    private readonly FormatRegistry _registry;
    private readonly Task<IngestTarget> _targetTask;
    private readonly IngestOptions _options;
    private readonly Lock _offerGate = new();
    private List<HashedFile>? _awaitingTarget = [];

    // Hashed files held for a case still opening: their records are small, but a walk of millions of files must not
    // run that far ahead of an index being verified; past this, hashing waits for the case.
    private const int AwaitingTargetAtMost = 4096;
    private readonly TimeProvider _clock;
    private long _started = -1;
    private TimeSpan? _finished;
    private readonly ConcurrentDictionary<string, int> _formats = new(StringComparer.Ordinal);
    private int _discovered;
    private int _discoveryComplete;
    private int _done;
    private int _alreadyIngested;
    private int _diagnostics;
    private int _problemSources;
    private int _contacts;
    private long _bytesTotal;
    private long _bytesDone;
    private long _bytesHashed;
    private long _bytesParsed;
    private long _eventsRead;
    private long _eventsAdded;
    private ZipArchives? _archives;
    private ByteBudget _inFlight = new(1);
    private readonly OncePerRunNotes _oncePerRun = new();

    public IngestPipeline(FormatRegistry registry, ICaseWriter writer, ISourceLedger ledger, IngestOptions options)
        : this(registry, Task.FromResult(new IngestTarget(writer, ledger, options.Settings) { TemporaryDirectory = options.TemporaryDirectory }), options)
    {
    }

    /// <summary>
    /// A pipeline that may start before its case is open: <see cref="RunAsync"/> walks and hashes at once, and
    /// parses and writes once <paramref name="target"/> completes (a CLI ingest opens the case — SQLite's fsyncs,
    /// its schema, the index — while the first files hash). Files hashed before then wait, hashed, to be checked
    /// against the case's ledger. The target's settings and temporary directory are the run's, not the options'.
    /// A target that faults or is cancelled ends the run with its exception once every stage has stopped.
    /// </summary>
    public IngestPipeline(FormatRegistry registry, Task<IngestTarget> target, IngestOptions options)
    {
        _registry = registry;
        _targetTask = target;
        _options = options;
        _clock = options.Clock;
    }

    /// <summary>The case, once <see cref="_targetTask"/> has completed (every stage that uses it awaits that first).</summary>
    private IngestTarget Target => _targetTask.IsCompletedSuccessfully
        ? _targetTask.GetAwaiter().GetResult()
        : throw new InvalidOperationException("the ingest target is not known yet");

    /// <summary>Time since <see cref="RunAsync"/> started, by the options' clock; fixed once the run ends.</summary>
    private TimeSpan Elapsed => _finished ?? (Volatile.Read(ref _started) is var start and >= 0 ? _clock.GetElapsedTime(start) : TimeSpan.Zero);

    /// <summary>Zip central directories read by the last run (one per archive, however many entries it has).</summary>
    public long ZipDirectoryReads => _archives?.DirectoryReads ?? 0;

    public IngestProgress Snapshot() => new(
        Volatile.Read(ref _discovered),
        Volatile.Read(ref _discoveryComplete) == 1,
        Volatile.Read(ref _done),
        Interlocked.Read(ref _bytesTotal),
        Interlocked.Read(ref _bytesDone),
        Interlocked.Read(ref _eventsRead),
        Elapsed)
    {
        BytesHashed = Interlocked.Read(ref _bytesHashed),
        BytesParsed = Interlocked.Read(ref _bytesParsed),
    };

    public async Task<IngestResult> RunAsync(IReadOnlyList<string> roots, CancellationToken cancellationToken)
    {
        // Every stage reads evidence in the invariant culture, whatever the machine's: libraries parse with the current
        // culture where they are given none (MetadataExtractor's date tags: under ar-SA, a Hijri calendar, they read no
        // date), and the same input must give the same events on any machine. The culture flows with the execution
        // context into the tasks started below, and is the caller's again when this method returns.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        Volatile.Write(ref _started, _clock.GetTimestamp());
        using var archives = new ZipArchives { MaxNestedArchiveBytes = _options.ContainerLimits.MaxNestedArchiveBytes };
        _archives = archives;
        _inFlight = new ByteBudget(Math.Max(1, _options.InFlightBytes));
        var workers = Math.Max(1, _options.Workers);
        var discovered = Channel.CreateBounded<DiscoveredFile>(new BoundedChannelOptions(1024) { SingleWriter = true });
        var hashed = Channel.CreateBounded<HashedFile>(new BoundedChannelOptions(workers * 2));
        // Room for two of the writer's transactions: it takes whatever is queued, up to BatchSize
        // records, so a smaller channel would cap every transaction at its capacity.
        var writes = Channel.CreateBounded<WriteItem>(new BoundedChannelOptions(Math.Max(workers * 8, 2 * _options.BatchSize / Math.Max(1, _options.ChunkSize))) { SingleReader = true });

        // The writer must not be cancelled mid-transaction; it stops when its input completes.
        using var writerFault = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = writerFault.Token;

        var discover = Task.Run(() => DiscoverAsync(roots, discovered.Writer, writes.Writer, token), CancellationToken.None);
        var hashers = StartAll(workers, () => HashAsync(discovered.Reader, hashed.Writer, writes.Writer, token));
        var offered = Task.Run(() => OfferWhenTargetKnownAsync(hashed.Writer, writes.Writer, writerFault), CancellationToken.None);
        var parsers = StartAll(workers, () => ParseAsync(hashed.Reader, writes.Writer, token));
        var completeHashed = CompleteWhenAll([.. hashers, offered], hashed.Writer);
        var parsed = DrainWhenParsedAsync(parsers, writes.Writer, token);
        var completeWrites = CompleteWhenAll([discover, .. hashers, offered, parsed], writes.Writer);
        var writer = Task.Run(() => WriteAsync(writes.Reader, writerFault), CancellationToken.None);

        try
        {
            await writer.ConfigureAwait(false);
        }
        catch when (!_targetTask.IsCompletedSuccessfully)
        {
            // The case never opened: every stage has been cancelled; none may still be reading evidence when this returns.
            await Task.WhenAll(completeHashed, completeWrites).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Task.WhenAll(completeHashed, completeWrites).ConfigureAwait(false);
        _finished = _clock.GetElapsedTime(_started);

        var cancelled = cancellationToken.IsCancellationRequested;
        return new IngestResult(
            _discovered,
            _alreadyIngested,
            new SortedDictionary<string, int>(_formats, StringComparer.Ordinal),
            _eventsRead,
            _eventsAdded,
            _contacts,
            _diagnostics,
            _problemSources,
            cancelled,
            _finished.Value);
    }

    /// <summary>
    /// Once every parse worker is done, finishes the sources <see cref="OncePerRunNotes"/> held back, each with the
    /// once-per-run notes it was first by path for. A run that faulted or was cancelled leaves them unfinished:
    /// the case records them as still being ingested, and the next run reads them again.
    /// </summary>
    private async Task DrainWhenParsedAsync(Task[] parsers, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        await Task.WhenAll(parsers).ConfigureAwait(false);
        foreach (var held in _oncePerRun.Drain())
        {
            await FinishAsync(writes, held.Info, held.Outcome, token, started: true, alreadyParsed: held.AlreadyParsed).ConfigureAwait(false);
        }
    }

    private static Task[] StartAll(int count, Func<Task> body) =>
        Enumerable.Range(0, count).Select(_ => Task.Run(body, CancellationToken.None)).ToArray();

    /// <summary>Completes <paramref name="writer"/> once every producer is done, with the first fault if any.</summary>
    private static async Task CompleteWhenAll<T>(Task[] producers, ChannelWriter<T> writer)
    {
        try
        {
            await Task.WhenAll(producers).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    /// <summary>
    /// Walks the roots into the bounded <paramref name="output"/>. Waits for room asynchronously: a folder of more files
    /// than the channel holds keeps it full for the rest of the walk, and blocking on the wait spun this thread once per
    /// file against the hashing workers on the same cores (SpinThenBlockingWait; issue 18, photo-cpu-3).
    /// </summary>
    private async Task DiscoverAsync(IReadOnlyList<string> roots, ChannelWriter<DiscoveredFile> output, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        try
        {
            foreach (var file in SourceDiscovery.Walk(roots, _options.ExcludedDirectories, (path, reason) => ReportWalkError(writes, path, reason, token), _registry.FolderLayouts))
            {
                token.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _discovered);
                Interlocked.Add(ref _bytesTotal, SizeOf(file.AbsolutePath));
                while (!output.TryWrite(file))
                {
                    if (!await output.WaitToWriteAsync(token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }

            Volatile.Write(ref _discoveryComplete, 1);
            output.TryComplete();
        }
        catch (OperationCanceledException)
        {
            output.TryComplete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    private void ReportWalkError(ChannelWriter<WriteItem> writes, string path, string reason, CancellationToken token)
    {
        var info = new SourceInfo(Path.GetFullPath(path), path, 0, string.Empty, null);
        var outcome = new SourceOutcome(SourceStatus.Unreadable, 0, 0, 0, [new Diagnostic(path, "path", DiagnosticSeverity.Skipped, reason)], 0);
        Interlocked.Increment(ref _diagnostics);
        Interlocked.Increment(ref _problemSources);
        WriteBlocking(writes, new SourceStarted(info), token);
        WriteBlocking(writes, new SourceFinished(info, outcome), token);
    }

    private static void WriteBlocking(ChannelWriter<WriteItem> writer, WriteItem item, CancellationToken token) =>
        writer.WriteAsync(item, token).AsTask().GetAwaiter().GetResult();

    private async Task HashAsync(ChannelReader<DiscoveredFile> input, ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        if (HashesInLanes)
        {
            await HashInLanesAsync(input, output, writes, token).ConfigureAwait(false);
            return;
        }

        // One read buffer per hashing worker for the whole run, not one rented per file: the shared pool handed a
        // fresh 1 MiB array to each pool thread a worker's continuations landed on (3 of them, 768 first-touch page
        // faults in one run of 360 photos, ~11 µs each on this VM; benchmarks/results/2026-12-05-issue18-pipeline.md).
        var buffer = GC.AllocateUninitializedArray<byte>(FileReadSize);
        await foreach (var file in input.ReadAllAsync(token).ConfigureAwait(false))
        {
            HashedFile hashedFile;
            try
            {
                hashedFile = HashFile(file, buffer, token);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await HashFailedAsync(file, ex, writes, token).ConfigureAwait(false);
                continue;
            }

            await HashedAsync(hashedFile, output, writes, token).ConfigureAwait(false);
        }
    }

    /// <summary>Plain files are hashed sixteen at a time (<see cref="FileHashLanes"/>) where the CPU runs <see cref="Sha256x16"/>.</summary>
    private bool HashesInLanes => _options.HashInLanes && Sha256x16.IsSupported;

    /// <summary>
    /// Keeps up to sixteen files in flight: lanes are filled from the input as they free up, without waiting for it
    /// while any lane is busy (a lane left idle costs a sixteenth of a kernel call; a wait would stall the fifteen).
    /// </summary>
    private async Task HashInLanesAsync(ChannelReader<DiscoveredFile> input, ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        using var lanes = new FileHashLanes(_registry, _clock, _options.HashTimeBudget, n => Interlocked.Add(ref _bytesHashed, n), _options.LanesHashedAloneAtMost);
        var finished = new List<FileHashLanes.LaneResult>(Sha256x16.Lanes);
        while (true)
        {
            var cpu = StageCpu.Now();
            while (lanes.HasFreeLane && input.TryRead(out var file))
            {
                lanes.Start(file, finished);
            }

            if (lanes.Active > 0)
            {
                lanes.Step(finished, token);
            }

            StageCpu.AddHash(cpu);
            foreach (var result in finished)
            {
                if (result.Error is { } error)
                {
                    await HashFailedAsync(result.File, error, writes, token).ConfigureAwait(false);
                    continue;
                }

                var info = new SourceInfo(result.File.AbsolutePath, result.File.RelativePath, result.Length, result.Sha256!, result.Reader?.Format, null);
                await HashedAsync(new HashedFile(info, result.Reader, result.IsZip), output, writes, token).ConfigureAwait(false);
            }

            finished.Clear();
            if (lanes.Active == 0 && !await input.WaitToReadAsync(token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private Task HashFailedAsync(DiscoveredFile file, Exception error, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        var info = new SourceInfo(file.AbsolutePath, file.RelativePath, 0, string.Empty, null);
        var outcome = new SourceOutcome(SourceStatus.Unreadable, 0, 0, 0, [new Diagnostic(file.RelativePath, "open", DiagnosticSeverity.Skipped, "cannot read: " + error.Message)], 0);
        return FinishAsync(writes, info, outcome, token);
    }

    /// <summary>A file is hashed: a zip is expanded, anything else goes on to be parsed.</summary>
    private async Task HashedAsync(HashedFile hashedFile, ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        FaultPoint.Hit(FaultPoint.AfterHash);
        bool full;
        lock (_offerGate)
        {
            full = _awaitingTarget is { Count: >= AwaitingTargetAtMost };
            if (_awaitingTarget is { } waiting && !full)
            {
                waiting.Add(hashedFile);
                return;
            }
        }

        if (full)
        {
            await _targetTask.WaitAsync(token).ConfigureAwait(false);
        }

        await ProceedAsync(hashedFile, output, writes, token).ConfigureAwait(false);
    }

    /// <summary>Once the case is known: a zip is expanded (its entries recorded in it), anything else offered to the parse stage.</summary>
    private async Task ProceedAsync(HashedFile hashedFile, ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        if (hashedFile.IsZip && hashedFile.Reader is null)
        {
            await ExpandContainerAsync(hashedFile, output, writes, token).ConfigureAwait(false);
            return;
        }

        await OfferAsync(hashedFile, output, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the case (<see cref="IngestTarget"/>), then offers the files hashed before it was known, in the order
    /// they were hashed; from then on each hashing worker offers its own. A target that fails cancels the run.
    /// </summary>
    private async Task OfferWhenTargetKnownAsync(ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationTokenSource fault)
    {
        try
        {
            await _targetTask.ConfigureAwait(false);
        }
        catch
        {
            await fault.CancelAsync().ConfigureAwait(false);
            throw;
        }

        List<HashedFile> waiting;
        lock (_offerGate)
        {
            waiting = _awaitingTarget!;
            _awaitingTarget = null;
        }

        foreach (var hashedFile in waiting)
        {
            await ProceedAsync(hashedFile, output, writes, fault.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Skips a source the case already holds completely; otherwise hands it to the parse stage.</summary>
    private async Task OfferAsync(HashedFile hashedFile, ChannelWriter<HashedFile> output, CancellationToken token)
    {
        var prior = await Target.Ledger.CompletedAsync(hashedFile.Info.Sha256, hashedFile.Info.RelativePath, token).ConfigureAwait(false);
        if (prior is not null)
        {
            var priorDiagnostics = prior.Diagnostics;
            CountFormat(prior.Format);
            Interlocked.Increment(ref _alreadyIngested);
            Interlocked.Add(ref _diagnostics, priorDiagnostics);
            if (priorDiagnostics > 0)
            {
                Interlocked.Increment(ref _problemSources);
            }

            Interlocked.Add(ref _bytesDone, hashedFile.Info.Length);
            if (hashedFile.Info.ContainerEntry is null)
            {
                Interlocked.Add(ref _bytesParsed, hashedFile.Info.Length);
            }

            Interlocked.Increment(ref _done);
            return;
        }

        await output.WriteAsync(hashedFile, token).ConfigureAwait(false);
    }

    /// <summary>
    /// A zip container is recorded as a source of its own (hashed, status <c>container</c>, with a
    /// diagnostic for every refused entry); each entry is then hashed and sniffed in place and goes
    /// through the same stages as a file, its path <c>archive.zip!/entry</c> (<c>archive.zip!/#index/entry</c>
    /// when two entries share the name). A zip inside it is expanded the same way, its entries'
    /// paths following its own (<c>archive.zip!/inner.zip!/entry</c>), down to <see cref="ContainerLimits.MaxDepth"/>
    /// levels, the entry count and expanded bytes counted over the whole tree.
    /// </summary>
    private Task ExpandContainerAsync(HashedFile zip, ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationToken token) =>
        ExpandAsync(zip, nestedEntryPath: null, depth: 1, new ContainerBudget(_options.ContainerLimits), output, writes, token);

    private async Task ExpandAsync(HashedFile zip, string? nestedEntryPath, int depth, ContainerBudget budget, ChannelWriter<HashedFile> output, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        var diagnostics = new List<Diagnostic>();
        IReadOnlyList<ContainerEntry> entries;
        try
        {
            entries = ZipContainer.List(_archives!, zip.Info.AbsolutePath, nestedEntryPath, budget);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            entries = [];
            diagnostics.Add(new Diagnostic(zip.Info.RelativePath, "central directory", DiagnosticSeverity.Skipped, "not a readable zip archive: " + ex.Message));
        }

        Interlocked.Add(ref _discovered, entries.Count(e => e.Refusal is null));
        var status = diagnostics.Count > 0 ? SourceStatus.Unreadable : SourceStatus.Container;
        foreach (var refused in entries.Where(e => e.Refusal is not null))
        {
            diagnostics.Add(new Diagnostic(zip.Info.RelativePath, "entry " + refused.Name, DiagnosticSeverity.Skipped, refused.Refusal!));
        }

        await FinishAsync(writes, zip.Info with { Format = "zip" }, new SourceOutcome(status, 0, 0, diagnostics.Count, diagnostics, 0), token).ConfigureAwait(false);
        foreach (var entry in entries.Where(e => e.Refusal is null))
        {
            var relative = zip.Info.RelativePath + ZipEntryPath.NestedSeparator + (nestedEntryPath is null ? entry.EntryPath : entry.EntryPath[(nestedEntryPath.Length + ZipEntryPath.NestedSeparator.Length)..]);
            HashedFile hashed;
            try
            {
                hashed = await HashStreamAsync(
                    () => _archives!.OpenEntry(zip.Info.AbsolutePath, entry.EntryPath),
                    zip.Info.AbsolutePath, relative, entry.EntryPath, entry.Length, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                var info = new SourceInfo(zip.Info.AbsolutePath, relative, entry.Length, string.Empty, null, entry.EntryPath);
                var outcome = new SourceOutcome(SourceStatus.Unreadable, 0, 0, 0, [new Diagnostic(relative, "entry", DiagnosticSeverity.Skipped, "cannot read entry: " + ex.Message)], 0);
                await FinishAsync(writes, info, outcome, token).ConfigureAwait(false);
                continue;
            }

            if (hashed.IsZip && hashed.Reader is null)
            {
                if (depth >= budget.Limits.MaxDepth)
                {
                    var reason = string.Create(CultureInfo.InvariantCulture, $"a zip nested more than {budget.Limits.MaxDepth} archives deep is not expanded; extract it and ingest it separately");
                    var outcome = new SourceOutcome(SourceStatus.Unsupported, 0, 0, 1, [new Diagnostic(relative, "entry", DiagnosticSeverity.Skipped, reason)], 0);
                    await FinishAsync(writes, hashed.Info, outcome, token).ConfigureAwait(false);
                    continue;
                }

                await ExpandAsync(hashed, entry.EntryPath, depth + 1, budget, output, writes, token).ConfigureAwait(false);
                continue;
            }

            await OfferAsync(hashed, output, token).ConfigureAwait(false);
        }
    }

    private const int HashReadSize = 1 << 20;

    // A plain file's reads (HashFile). Half of the 1 MiB before: a worker's buffer is first touched by 128 page faults
    // instead of 256 (~11 µs each on this VM), for a few more reads (~1.5 µs a syscall); a C probe of pread + OpenSSL
    // over the 360 photos costs the same CPU with 512 KiB and 1 MiB reads (benchmarks/results/2026-12-05-issue18-pipeline.md).
    private const int FileReadSize = 1 << 19;

    // One SHA-256 object per hashing thread, as in EventIds: creating one per file sets up and tears down an
    // OpenSSL digest context each time. Taken out while in use, so a file that fails half-way never leaves a
    // half-fed digest behind for the next.
    [ThreadStatic]
    private static IncrementalHash? t_fileHash;

    /// <summary>
    /// A plain file: the same single pass as <see cref="HashStreamAsync"/> (SHA-256 of every byte, the head kept for
    /// sniffing, the time budget), but with synchronous positional reads on the hashing worker's own thread. An
    /// asynchronous FileStream hops to another pool thread for every read and allocates per call, which was ~12 % of
    /// the CPU of hashing a folder of photos (benchmarks/results/2026-12-05-issue18-photo-cpu-2.md); reading from the
    /// page cache does not block for long, and a read from a slow disk blocked a pool thread before too.
    /// </summary>
    private HashedFile HashFile(DiscoveredFile file, byte[] buffer, CancellationToken token)
    {
        var cpu = StageCpu.Now();
        var started = _clock.GetTimestamp();
        var hash = t_fileHash ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_fileHash = null;
        IEvidenceReader? reader = null;
        var isZip = false;
        long length = 0;
        string sha;
        try
        {
            // Read-only and shared, as EvidenceSource.OpenEvidence opens evidence.
            using (var handle = File.OpenHandle(file.AbsolutePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
            {
                var first = true;
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    // Each chunk is filled up to the buffer's size (a regular file returns less only at its end), so
                    // the first one holds the whole head and is sniffed before the next read overwrites it.
                    var n = 0;
                    int got;
                    while (n < buffer.Length && (got = RandomAccess.Read(handle, buffer.AsSpan(n), length + n)) > 0)
                    {
                        n += got;
                    }

                    if (first)
                    {
                        var head = buffer.AsSpan(0, Math.Min(n, SniffBuffer.HeadLength));
                        reader = _registry.Identify(head);
                        isZip = ZipContainer.IsZip(head);
                        first = false;
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, n);
                    Interlocked.Add(ref _bytesHashed, n);
                    length += n;
                    if (_clock.GetElapsedTime(started) > _options.HashTimeBudget)
                    {
                        throw HashBudgetExceededException.After(length, _options.HashTimeBudget);
                    }

                    if (n < buffer.Length)
                    {
                        break;
                    }
                }
            }

            sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            t_fileHash = hash;
        }
        catch
        {
            hash.Dispose();
            throw;
        }
        finally
        {
            StageCpu.AddHash(cpu);
        }

        return new HashedFile(new SourceInfo(file.AbsolutePath, file.RelativePath, length, sha, reader?.Format, null), reader, isZip);
    }

    /// <summary>
    /// One sequential pass: SHA-256 of every byte, keeping the head for sniffing (hash before parsing). Bounded like
    /// parsing: by <see cref="IngestOptions.HashTimeBudget"/> on the options' clock, and a container entry by the size
    /// its directory declares (a header that understates the size is how a bomb slips past the ratio check).
    /// </summary>
    private async Task<HashedFile> HashStreamAsync(Func<Stream> open, string absolutePath, string relativePath, string? entry, long? declaredLength, CancellationToken token)
    {
        var started = _clock.GetTimestamp();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[SniffBuffer.HeadLength];
        var headLength = 0;
        // 1 MiB reads: a typical photo is hashed in one or two reads instead of a dozen 64 KiB ones, each
        // of which is a thread-pool hop for an asynchronous FileStream (scripts/bench-images.sh).
        var buffer = ArrayPool<byte>.Shared.Rent(HashReadSize);
        long length = 0;
        try
        {
            await using (var stream = open())
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    if (entry is null)
                    {
                        Interlocked.Add(ref _bytesHashed, n);
                    }

                    if (headLength < head.Length)
                    {
                        var take = Math.Min(n, head.Length - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }

                    length += n;
                    if (length > declaredLength)
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the entry expands beyond the {declaredLength} bytes its header declares: not read"));
                    }

                    if (_clock.GetElapsedTime(started) > _options.HashTimeBudget)
                    {
                        throw HashBudgetExceededException.After(length, _options.HashTimeBudget);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        var reader = _registry.Identify(head.AsSpan(0, headLength));
        var isZip = ZipContainer.IsZip(head.AsSpan(0, headLength));
        return new HashedFile(new SourceInfo(absolutePath, relativePath, length, sha, reader?.Format, entry), reader, isZip);
    }

    private async Task ParseAsync(ChannelReader<HashedFile> input, ChannelWriter<WriteItem> writes, CancellationToken token)
    {
        await foreach (var file in input.ReadAllAsync(token).ConfigureAwait(false))
        {
            await writes.WriteAsync(new SourceStarted(file.Info), token).ConfigureAwait(false);
            if (file.Reader is null)
            {
                var outcome = new SourceOutcome(SourceStatus.Unsupported, 0, 0, 0, [], 0);
                await FinishAsync(writes, file.Info, outcome, token, started: true).ConfigureAwait(false);
                continue;
            }

            var tracker = file.Info.ContainerEntry is null ? new ReadTracker(this, file.Info.Length) : null;
            var source = new EvidenceSource(file.Info.AbsolutePath, file.Info.RelativePath, file.Info.Length, file.Info.Sha256, file.Reader.Format)
            {
                ContainerEntry = file.Info.ContainerEntry,
                ReadProgress = tracker is null ? null : tracker.Report,
                TemporaryDirectory = Target.TemporaryDirectory,
                Archives = _archives,
            };
            var context = new ReadContext(source, Target.Settings);
            var status = SourceStatus.Complete;
            var read = 0;
            // The first chunk starts small: most sources of a photo folder hold one record, and a list of ChunkSize
            // (512) slots per photo was ~4 KiB of the run's garbage each; a source that fills it gets full chunks.
            var chunk = new List<EvidenceRecord>(Math.Min(_options.ChunkSize, InlinePrepareRecords));
            long chunkBytes = 0;
            var preparations = new SourcePreparations();
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(token);
            budget.CancelAfter(_options.SourceTimeBudget);
            var readCpu = StageCpu.Now();
            var readThread = Environment.CurrentManagedThreadId;
            try
            {
                await foreach (var item in file.Reader.ReadAsync(source, context, budget.Token).ConfigureAwait(false))
                {
                    var record = LimitRecordSize(item, context);
                    chunk.Add(record);
                    chunkBytes += RecordSize.Of(record);
                    read++;
                    if (record is ContactRecord)
                    {
                        Interlocked.Increment(ref _contacts);
                    }
                    else
                    {
                        Interlocked.Increment(ref _eventsRead);
                    }

                    if (chunk.Count >= _options.ChunkSize || chunkBytes >= _options.ChunkBytes)
                    {
                        await HandOverAsync(writes, file.Info, chunk, chunkBytes, preparations, token).ConfigureAwait(false);
                        chunk = new List<EvidenceRecord>(_options.ChunkSize);
                        chunkBytes = 0;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Not finished: the source stays "ingesting" in the case and is read again next run.
                throw;
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                status = SourceStatus.Partial;
                context.SkippedRecord($"after record {read}", $"time budget of {_options.SourceTimeBudget} for one source exceeded: the rest of the source was not read");
            }
            catch (Exception ex)
            {
                // A reader bug or unexpected damage: keep what was read, say where it stopped.
                status = SourceStatus.Partial;
                context.SkippedRecord($"after record {read}", $"reader stopped: {ex.GetType().Name}: {ex.Message}");
            }

            StageCpu.AddRead(readCpu, readThread);

            // A reader that swallowed the cancellation and ended "normally" has not read everything.
            token.ThrowIfCancellationRequested();
            if (budget.IsCancellationRequested && status == SourceStatus.Complete)
            {
                status = SourceStatus.Partial;
                context.SkippedRecord($"after record {read}", $"time budget of {_options.SourceTimeBudget} for one source exceeded: the rest of the source was not read");
            }

            if (chunk.Count > 0)
            {
                await HandOverAsync(writes, file.Info, chunk, chunkBytes, preparations, token, last: true).ConfigureAwait(false);
            }

            // Records the writer could not prepare are skipped, each one diagnostic of this source (issue 19 item 7).
            await preparations.AllDoneAsync().ConfigureAwait(false);
            foreach (var (locator, reason) in preparations.Rejected.OrderBy(r => r.Sequence).Select(r => (r.Locator, r.Reason)))
            {
                context.SkippedRecord(locator, reason);
            }

            if (status == SourceStatus.Complete && read == 0 && context.IsUnsupported)
            {
                status = SourceStatus.Unsupported;
            }

            var result = new SourceOutcome(status, read, context.Recovered, context.Skipped, context.Diagnostics, context.DiagnosticsSuppressed);
            var info = context.Source.Format == file.Info.Format ? file.Info : file.Info with { Format = context.Source.Format };
            foreach (var ready in _oncePerRun.Offer(new FinishedSource(info, result, context.OncePerRun, tracker?.Reached ?? 0)))
            {
                await FinishAsync(writes, ready.Info, ready.Outcome, token, started: true, alreadyParsed: ready.AlreadyParsed).ConfigureAwait(false);
            }
        }
    }

    // A source's last chunk of at most this many records is prepared on the parse worker itself: a photo is one
    // event, and handing its one record to another pool thread cost more than preparing it (issue 18).
    private const int InlinePrepareRecords = 16;

    /// <summary>
    /// Queues a chunk for the writer once its bytes fit the in-flight budget (<see cref="IngestOptions.InFlightBytes"/>),
    /// its preparation started on the thread pool: a big source is read by one worker, so nothing else should
    /// run on that worker's thread (the writer stage awaits it in order). A source's small last chunk is prepared
    /// in place (<see cref="InlinePrepareRecords"/>): the worker has nothing left to read of it.
    /// </summary>
    private async Task HandOverAsync(ChannelWriter<WriteItem> writes, SourceInfo source, List<EvidenceRecord> records, long bytes, SourcePreparations preparations, CancellationToken token, bool last = false)
    {
        var handoverFrom = StageCpu.WallNow();
        await _inFlight.AcquireAsync(bytes, token).ConfigureAwait(false);
        RecordBatch batch;
        if (Target.Writer is IRecordPreparer preparer)
        {
            preparations.Started();
            batch = new(source, records) { Bytes = bytes, Prepared = last && records.Count <= InlinePrepareRecords ? PrepareInPlace(preparer, records, preparations) : Task.Run(() => Prepare(preparer, records, preparations), CancellationToken.None) };
        }
        else
        {
            batch = new(source, records) { Bytes = bytes };
        }

        try
        {
            await writes.WriteAsync(batch, token).ConfigureAwait(false);
            StageCpu.AddParseHandover(handoverFrom);
        }
        catch
        {
            _inFlight.Release(bytes);
            throw;
        }
    }

    /// <summary>Prepares on this thread; a failure reaches the writer through the task, as from <see cref="Task.Run(Func{object})"/>.</summary>
    private static Task<object> PrepareInPlace(IRecordPreparer preparer, List<EvidenceRecord> records, SourcePreparations preparations)
    {
        try
        {
            return Task.FromResult(Prepare(preparer, records, preparations));
        }
        catch (Exception ex)
        {
            return Task.FromException<object>(ex);
        }
    }

    private static object Prepare(IRecordPreparer preparer, List<EvidenceRecord> records, SourcePreparations preparations)
    {
        var cpu = StageCpu.Now();
        try
        {
            var prepared = preparer.Prepare(records);
            if (prepared is IPreparedRecords { Rejected: { Count: > 0 } rejected })
            {
                foreach (var r in rejected)
                {
                    preparations.Reject(records[r.Index], r.Reason);
                }
            }

            return prepared;
        }
        finally
        {
            preparations.Finished();
            StageCpu.AddPrepare(cpu);
        }
    }

    /// <summary>
    /// The preparations of one source's batches, which run on the thread pool and may finish in any order: the
    /// source is finished only after all of them, so that what they rejected is in its outcome. Holds no batch.
    /// </summary>
    private sealed class SourcePreparations
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        // Made by the first rejection: an empty queue is a ~1 KiB segment, and almost every source has none.
        private ConcurrentQueue<(long Sequence, string Locator, string Reason)>? _rejected;
        private int _pending = 1;
        private long _sequence;

        public IEnumerable<(long Sequence, string Locator, string Reason)> Rejected => Volatile.Read(ref _rejected) ?? [];

        public void Started() => Interlocked.Increment(ref _pending);

        public void Finished()
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.TrySetResult();
            }
        }

        public void Reject(EvidenceRecord record, string reason)
        {
            var locator = record switch
            {
                EventRecord { Event.Source.Locator: { } l } => l,
                ContactRecord { Card.Source.Locator: { } l } => l,
                _ => "-",
            };
            LazyInitializer.EnsureInitialized(ref _rejected).Enqueue((Interlocked.Increment(ref _sequence), locator, reason));
        }

        /// <summary>Completes when every started preparation has finished (call once, after the last batch).</summary>
        public Task AllDoneAsync()
        {
            Finished();
            return _done.Task;
        }
    }

    /// <summary>Cuts an event's text at <see cref="IngestOptions.MaxRecordTextChars"/>, saying so, whatever the reader.</summary>
    private EvidenceRecord LimitRecordSize(EvidenceRecord record, ReadContext context)
    {
        if (record is EventRecord { Event: { Text: { } text } e } && text.Length > _options.MaxRecordTextChars)
        {
            context.RecoveredRecord(e.Source.Locator, $"text of {text.Length} characters cut to the first {_options.MaxRecordTextChars}");
            return new EventRecord(e with { Text = text[.._options.MaxRecordTextChars] });
        }

        return record;
    }

    /// <summary>Counts a source under its refined format (<c>android-mmssms-db</c>, not <c>sqlite</c>).</summary>
    private void CountFormat(string? format)
    {
        if (format is not null and not "zip")
        {
            _formats.AddOrUpdate(format, 1, (_, n) => n + 1);
        }
    }

    private async Task FinishAsync(ChannelWriter<WriteItem> writes, SourceInfo info, SourceOutcome outcome, CancellationToken token, bool started = false, long alreadyParsed = 0)
    {
        if (outcome.Status is SourceStatus.Complete or SourceStatus.Partial)
        {
            CountFormat(info.Format);
        }

        var diagnostics = outcome.Diagnostics.Count + outcome.DiagnosticsSuppressed;
        Interlocked.Add(ref _diagnostics, diagnostics);
        if (diagnostics > 0 || outcome.Status is SourceStatus.Partial or SourceStatus.Unreadable)
        {
            Interlocked.Increment(ref _problemSources);
        }

        if (!started)
        {
            await writes.WriteAsync(new SourceStarted(info), token).ConfigureAwait(false);
        }

        await writes.WriteAsync(new SourceFinished(info, outcome), token).ConfigureAwait(false);
        Interlocked.Add(ref _bytesDone, info.Length);
        if (info.ContainerEntry is null)
        {
            // A finished file counts whole, whatever its reader consumed (a database is read at random).
            Interlocked.Add(ref _bytesParsed, Math.Max(0, info.Length - alreadyParsed));
        }

        Interlocked.Increment(ref _done);
    }

    /// <summary>A discovered file's size, for the progress total (0 when it cannot be read; hashing then reports it).</summary>
    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// How far a reader has got into one plain file: the furthest position its streams reached, added to
    /// the run's parsed bytes as it grows (a reader that opens the file twice, to sniff and then to read,
    /// is not counted twice).
    /// </summary>
    private sealed class ReadTracker(IngestPipeline owner, long length)
    {
        private long _reached;

        public long Reached => Volatile.Read(ref _reached);

        public void Report(long position)
        {
            position = Math.Min(position, length);
            long previous;
            do
            {
                previous = Volatile.Read(ref _reached);
                if (position <= previous)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _reached, position, previous) != previous);

            Interlocked.Add(ref owner._bytesParsed, position - previous);
        }
    }

    private async Task WriteAsync(ChannelReader<WriteItem> input, CancellationTokenSource fault)
    {
        var batch = new List<WriteItem>();
        try
        {
            // Items may be queued before the case is open (a file that could not be read); they wait for it here.
            var writer = (await _targetTask.ConfigureAwait(false)).Writer;
            var waitedFrom = StageCpu.WallNow();
            while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                StageCpu.AddWaitInput(waitedFrom);
                var records = 0;
                long bytes = 0;
                while (records < _options.BatchSize && bytes < _options.BatchBytes && input.TryRead(out var item))
                {
                    batch.Add(item);
                    if (item is RecordBatch rb)
                    {
                        records += rb.Records.Count;
                        bytes += rb.Bytes;
                    }
                }

                var preparingFrom = StageCpu.WallNow();
                foreach (var item in batch)
                {
                    if (item is RecordBatch { Prepared: { } preparing })
                    {
                        await preparing.ConfigureAwait(false);
                    }
                }

                StageCpu.AddWaitPrepare(preparingFrom);
                var cpu = StageCpu.Now();
                var wall = StageCpu.WallNow();
                var added = await writer.WriteBatchAsync(batch, CancellationToken.None).ConfigureAwait(false);
                StageCpu.AddWriter(cpu);
                StageCpu.AddBatchWall(wall);
                Interlocked.Add(ref _eventsAdded, added);
                batch.Clear();
                _inFlight.Release(bytes);
                waitedFrom = StageCpu.WallNow();
            }
        }
        catch (ChannelClosedException)
        {
            // a producer faulted: the exception surfaces from the producer tasks
        }
        catch
        {
            // The store failed: stop every stage rather than letting producers block on a full channel.
            await fault.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record HashedFile(SourceInfo Info, IEvidenceReader? Reader, bool IsZip = false);
}

/// <summary>Hashing a source ran out of its time budget (an I/O failure for the stage: the source is reported unreadable).</summary>
public sealed class HashBudgetExceededException(string message) : IOException(message)
{
    /// <summary>The one wording of every hashing path (one file, a zip entry, a lane).</summary>
    public static HashBudgetExceededException After(long bytes, TimeSpan budget) =>
        new(string.Create(CultureInfo.InvariantCulture, $"hashing stopped after {bytes} bytes: time budget of {budget} for one source exceeded"));
}

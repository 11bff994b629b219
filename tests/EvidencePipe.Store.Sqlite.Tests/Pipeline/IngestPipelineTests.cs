using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Store.Sqlite.Tests.Pipeline;

public sealed class IngestPipelineTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _evidence;

    public IngestPipelineTests()
    {
        _evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(Path.Combine(_evidence, "sub", "deeper"));
        for (var f = 0; f < 6; f++)
        {
            var lines = Enumerable.Range(0, 300).Select(i => $"file {f} message {i}");
            File.WriteAllText(Path.Combine(_evidence, f % 2 == 0 ? "sub" : Path.Combine("sub", "deeper"), $"chat{f}.dat"), "TESTLINES\n" + string.Join('\n', lines) + "\n");
        }

        File.WriteAllText(Path.Combine(_evidence, "broken.dat"), "TESTLINES\nfirst\nsecond\nBOOM\nnever\n");
        File.WriteAllText(Path.Combine(_evidence, "notes.txt"), "just some notes, no known format\n");
        File.WriteAllBytes(Path.Combine(_evidence, "empty.bin"), []);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_file_is_recorded_and_a_failing_reader_keeps_what_it_read()
    {
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var result = await Run(store, workers: 2);

        Assert.Equal(9, result.Sources);
        Assert.Equal(6 * 300 + 2, store.CountEvents());
        Assert.Equal(6 * 300 + 2, result.EventsAdded);
        Assert.Equal(7, result.Formats["test-lines"]);
        var sources = store.ReadSources().ToDictionary(s => s.Path);
        Assert.Equal("partial", sources["broken.dat"].Status);
        Assert.Equal(2, sources["broken.dat"].RecordsRead);
        Assert.Equal("unsupported", sources["notes.txt"].Status);
        Assert.Equal("unsupported", sources["empty.bin"].Status);
        Assert.Equal("complete", sources["sub/deeper/chat1.dat"].Status);
        var diagnostic = Assert.Single(store.ReadDiagnostics());
        Assert.Equal("broken.dat", diagnostic.SourcePath);
        Assert.Contains("boom at line 4", diagnostic.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Diagnostics);
    }

    /// <summary>
    /// A file is hashed one at a time in 512 KiB chunks and sniffed from its first (IngestPipeline.HashFile), or sixteen
    /// at a time in 128 KiB lane windows refilled below half (FileHashLanes, where the CPU has AVX-512): sizes on each
    /// side of the padding's one-or-two-block edge (55/56 bytes mod 64), of the sniffed head (8 KiB), of a lane's
    /// refill and window (64 and 128 KiB, and the window's exact 130,944 bytes), of one chunk and of two (1 MiB) are hashed as Python's hashlib hashes them,
    /// their size recorded, and a known head is recognised however long the file — by either path, and in lanes whether
    /// few busy lanes are hashed alone (SHA extensions) never, below eight (the default) or always.
    /// </summary>
    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 7)]
    [InlineData(true, 16)]
    [InlineData(false, 0)]
    public async Task Every_file_is_hashed_as_python_hashlib_hashes_it_on_each_side_of_a_read_boundary(bool inLanes, int lanesAloneAtMost)
    {
        var folder = _dir.Combine("sizes");
        Directory.CreateDirectory(folder);
        var random = new Random(18);
        int[] sizes =
        [
            0, 1, 55, 56, 63, 64, 65, 119, 120, 8191, 8192, 8193, (64 << 10) - 1, 64 << 10, (64 << 10) + 1,
            (128 << 10) - 9, (128 << 10) - 8, (128 << 10) - 1, 128 << 10, (128 << 10) + 1, (192 << 10) + 55,
            // A lane's window is 128 KiB less 128 bytes of room for the padding (130,944), refilled below half of it.
            65_471, 65_472, 65_473, 130_943, 130_944, 130_945, 2 * 130_944, (2 * 130_944) + 56,
            (1 << 19) - 1, 1 << 19, (1 << 19) + 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 2 << 20, (3 << 20) + 5,
        ];
        foreach (var size in sizes)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, $"raw-{size}.bin"), bytes);
            if (size >= 10)
            {
                "TESTLINES\n"u8.CopyTo(bytes);
                File.WriteAllBytes(Path.Combine(folder, $"lines-{size}.dat"), bytes);
            }
        }

        var expected = PythonSha256ByName(folder);
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var writer = new SqliteCaseWriter(store);
        var format = new LinesFormat();
        await new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer, new IngestOptions(CaseSettings.Default) { Workers = 2, HashInLanes = inLanes, LanesHashedAloneAtMost = lanesAloneAtMost })
            .RunAsync([folder], CancellationToken.None);

        var sources = store.ReadSources().ToDictionary(s => s.Path);
        Assert.Equal(expected.Count, sources.Count);
        foreach (var (name, sha) in expected)
        {
            Assert.Equal(sha, sources[name].Sha256);
            Assert.Equal(new FileInfo(Path.Combine(folder, name)).Length, sources[name].Size);
            Assert.Equal(name.StartsWith("lines-", StringComparison.Ordinal) ? "test-lines" : null, sources[name].Format);
        }
    }

    /// <summary>
    /// Readers run in the invariant culture whatever the caller's (libraries parse dates in the current culture when
    /// given none, and ar-SA's calendar is Umm al-Qura), on every worker; the caller's culture is its own again after.
    /// </summary>
    [Fact]
    public async Task Readers_run_in_the_invariant_culture_when_the_caller_runs_in_another()
    {
        var probe = new CultureProbeFormat();
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var writer = new SqliteCaseWriter(store);
        var arabic = new System.Globalization.CultureInfo("ar-SA");
        var (culture, uiCulture) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        System.Globalization.CultureInfo.CurrentCulture = arabic;
        System.Globalization.CultureInfo.CurrentUICulture = arabic;
        try
        {
            await new IngestPipeline(new FormatRegistry().Add(probe, probe), writer, writer, new IngestOptions(CaseSettings.Default) { Workers = 2 })
                .RunAsync([_evidence], CancellationToken.None);
            Assert.Equal("ar-SA", System.Globalization.CultureInfo.CurrentCulture.Name);
            Assert.Equal("ar-SA", System.Globalization.CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
        }

        Assert.Equal(7, probe.Seen.Count); // the six chats and broken.dat start with the probe's head
        Assert.All(probe.Seen, seen => Assert.Equal((string.Empty, string.Empty), seen));
    }

    /// <summary>
    /// A once-per-run note (a tool absent for the whole run, as tesseract) lands on the first source by path that met
    /// it, whichever worker met it first: here the first by path, broken.dat, notes only after another source has (its
    /// reader waits for that), so the old "first caller keeps it" rule put it elsewhere. A second note met by the
    /// sub/ files only lands on the first of those. Every other diagnostic stays where it was made, and the run's and
    /// the sources' diagnostic counts agree with what is stored.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task A_once_per_run_note_is_kept_on_the_first_source_by_path_whichever_worker_met_it_first(int workers)
    {
        var probe = new OncePerRunProbeFormat(gateTheFirst: workers > 1);
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var writer = new SqliteCaseWriter(store);
        var result = await new IngestPipeline(new FormatRegistry().Add(probe, probe), writer, writer, new IngestOptions(CaseSettings.Default) { Workers = workers })
            .RunAsync([_evidence], CancellationToken.None);

        var diagnostics = store.ReadDiagnostics();
        var everywhere = Assert.Single(diagnostics, d => d.Reason == OncePerRunProbeFormat.Everywhere);
        Assert.Equal(("broken.dat", "file", "note"), (everywhere.SourcePath, everywhere.Locator, everywhere.Severity));
        var inSub = Assert.Single(diagnostics, d => d.Reason == OncePerRunProbeFormat.InSub);
        Assert.Equal("sub/chat0.dat", inSub.SourcePath);
        // The seven TESTLINES files each keep their own note, and nothing else is stored.
        Assert.Equal(7, diagnostics.Count(d => d.Reason == OncePerRunProbeFormat.Own));
        Assert.Equal(9, diagnostics.Count);
        Assert.Equal(9, result.Diagnostics);
        var counts = store.ReadSources().ToDictionary(s => s.Path, s => s.Diagnostics);
        Assert.Equal(2, counts["broken.dat"]);
        Assert.Equal(2, counts["sub/chat0.dat"]);
        Assert.Equal(1, counts["sub/chat2.dat"]);
        Assert.Equal(1, counts["sub/deeper/chat1.dat"]);
        Assert.Equal(9, counts.Values.Sum());
    }

    /// <summary>
    /// A pipeline started before its case is open walks and hashes at once: here the case is handed over only from
    /// inside the third sniff, so it cannot run otherwise; the files hashed before then are read into it once it is,
    /// and the case ends as a run given its case from the start leaves one (the same events and diagnostics).
    /// </summary>
    [Fact]
    public async Task A_pipeline_hashes_before_its_case_is_open_and_reads_everything_into_it_once_it_is()
    {
        using var expected = CaseStore.Open(_dir.Combine("expected"), create: true);
        var reference = await Run(expected, workers: 2);

        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var writer = new SqliteCaseWriter(store);
        var target = new TaskCompletionSource<IngestTarget>(TaskCreationOptions.RunContinuationsAsynchronously);
        var format = new SniffCountingFormat(new LinesFormat(), sniffs =>
        {
            if (sniffs == 3)
            {
                target.SetResult(new IngestTarget(writer, writer, CaseSettings.Default));
            }
        });
        var options = new IngestOptions(CaseSettings.Default) { Workers = 2, ChunkSize = 64, BatchSize = 256 };
        var result = await new IngestPipeline(new FormatRegistry().Add(format, format), target.Task, options).RunAsync([_evidence], CancellationToken.None);

        Assert.Equal(reference.Sources, result.Sources);
        Assert.Equal(reference.EventsAdded, result.EventsAdded);
        Assert.Equal(reference.Diagnostics, result.Diagnostics);
        Assert.Equal(Ids(expected), Ids(store));
        Assert.Equal(expected.ReadDiagnostics(), store.ReadDiagnostics());
        Assert.Equal(
            expected.ReadSources().Select(s => (s.Path, s.Sha256, s.Status, s.Diagnostics)).OrderBy(s => s.Path, StringComparer.Ordinal),
            store.ReadSources().Select(s => (s.Path, s.Sha256, s.Status, s.Diagnostics)).OrderBy(s => s.Path, StringComparer.Ordinal));
    }

    /// <summary>
    /// A case that cannot be opened ends the run with its error, after files were hashed for it: nothing is parsed
    /// and nothing written, and the run has stopped (its task done) when the error reaches the caller.
    /// </summary>
    [Fact]
    public async Task A_case_that_fails_to_open_ends_the_run_with_its_error_and_nothing_is_read_into_it()
    {
        var target = new TaskCompletionSource<IngestTarget>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new LinesFormat();
        var format = new SniffCountingFormat(lines, sniffs =>
        {
            if (sniffs == 1)
            {
                target.SetException(new IOException("the case's disk is full"));
            }
        });

        var run = new IngestPipeline(new FormatRegistry().Add(format, format), target.Task, new IngestOptions(CaseSettings.Default) { Workers = 2 })
            .RunAsync([_evidence], CancellationToken.None);

        var error = await Assert.ThrowsAsync<IOException>(() => run);
        Assert.Equal("the case's disk is full", error.Message);
        Assert.Equal(0, format.Reads);
    }

    /// <summary>
    /// More files than the walk's channel to the hashers holds (1,024): the walk waits for room many times over, and
    /// every file still arrives once. Expected hashes from Python's hashlib.
    /// </summary>
    [Fact]
    public async Task A_walk_of_more_files_than_the_hashing_queue_holds_records_every_file_once_with_its_hash()
    {
        var folder = _dir.Combine("many");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 1500; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"f{i:D4}.bin"), $"file {i}\n");
        }

        var expected = PythonSha256ByName(folder);
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var writer = new SqliteCaseWriter(store);
        var format = new LinesFormat();
        var result = await new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer, new IngestOptions(CaseSettings.Default) { Workers = 2 })
            .RunAsync([folder], CancellationToken.None);

        Assert.Equal(1500, expected.Count);
        Assert.Equal(1500, result.Sources);
        var sources = store.ReadSources().ToList();
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), sources.Select(s => KeyValuePair.Create(s.Path, s.Sha256)).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ingesting_the_same_paths_again_adds_nothing_and_reports_the_same_diagnostics()
    {
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var first = await Run(store, workers: 2);
        var second = await Run(store, workers: 2);
        Assert.Equal(0, second.EventsAdded);
        Assert.Equal(first.Sources, second.SourcesAlreadyIngested);
        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.Equal(6 * 300 + 2, store.CountEvents());
    }

    [Fact]
    public async Task One_worker_and_four_workers_store_the_same_events()
    {
        using var one = CaseStore.Open(_dir.Combine("case1"), create: true);
        using var four = CaseStore.Open(_dir.Combine("case4"), create: true);
        await Run(one, workers: 1);
        await Run(four, workers: 4);
        Assert.Equal(Ids(one), Ids(four));
    }

    [Fact]
    public async Task A_cancelled_run_leaves_a_consistent_case_that_the_next_run_completes()
    {
        // slow.dat stops half-way at HOLD until released; the run is cancelled when the writer is handed the first
        // finished source, so it stops with slow.dat unfinished and the other sources wherever they have got to.
        File.WriteAllText(Path.Combine(_evidence, "slow.dat"), "TESTLINES\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => i == 20 ? "HOLD" : $"slow {i}")) + "\n");
        using var reference = CaseStore.Open(_dir.Combine("reference"), create: true);
        await Run(reference, workers: 2);

        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        using (var cts = new CancellationTokenSource())
        {
            var format = new LinesFormat(held: true);
            var writer = new CancellingWriter(new SqliteCaseWriter(store), cts);
            var options = new IngestOptions(CaseSettings.Default) { Workers = 2, ChunkSize = 64, BatchSize = 256 };
            var interrupted = await new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer, options).RunAsync([_evidence], cts.Token);
            Assert.True(interrupted.Cancelled);
        }

        // Every source marked complete has all its events; anything unfinished is still "ingesting".
        var completeSources = store.ReadSources().Where(s => s.Status == "complete").Select(s => s.Path).ToHashSet();
        Assert.DoesNotContain("slow.dat", completeSources);
        Assert.All(completeSources, path => Assert.Equal(
            Ids(reference).Count(id => id.Path == path),
            Ids(store).Count(id => id.Path == path)));

        await Run(store, workers: 2);
        Assert.Equal(Ids(reference), Ids(store));
    }

    [Fact]
    public async Task A_source_that_outlives_its_time_budget_is_kept_as_far_as_read_and_marked_partial_while_the_rest_continue()
    {
        File.WriteAllText(Path.Combine(_evidence, "slow.dat"), "TESTLINES\nbefore\n" + string.Join('\n', Enumerable.Repeat("SLOW", 200)) + "\nafter\n");
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var result = await Run(store, workers: 2, options: o => o with { SourceTimeBudget = TimeSpan.FromMilliseconds(400) });

        Assert.False(result.Cancelled);
        var slow = store.ReadSources().Single(s => s.Path == "slow.dat");
        Assert.Equal("partial", slow.Status);
        Assert.Equal(1, slow.RecordsRead);
        Assert.Contains(store.ReadDiagnostics(), d => d.SourcePath == "slow.dat" && d.Reason.Contains("time budget", StringComparison.Ordinal));
        Assert.Equal("complete", store.ReadSources().Single(s => s.Path == "sub/chat0.dat").Status);
        Assert.Equal(6 * 300 + 2 + 1, store.CountEvents());
    }

    [Fact]
    public async Task A_record_over_the_size_limit_is_cut_and_marked_recovered()
    {
        File.WriteAllText(Path.Combine(_evidence, "huge.dat"), "TESTLINES\n" + new string('x', 5000) + "\nsmall\n");
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        await Run(store, workers: 2, options: o => o with { MaxRecordTextChars = 1000 });

        var huge = EventQueries.ReadAllOrdered(store, CancellationToken.None).Where(e => e.Source.Path == "huge.dat").ToList();
        Assert.Equal([1000, 5], huge.Select(e => e.Text!.Length));
        var source = store.ReadSources().Single(s => s.Path == "huge.dat");
        Assert.Equal(1, source.RecordsRecovered);
        Assert.Contains(store.ReadDiagnostics(), d => d.SourcePath == "huge.dat" && d.Locator == "line 2" && d.Reason.Contains("5000 characters cut", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_source_the_reader_declares_unsupported_is_recorded_unsupported_with_its_reason_not_complete()
    {
        File.WriteAllText(Path.Combine(_evidence, "odd.dat"), "TESTLINES\nUNSUPPORTED\n");
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);

        await Run(store, workers: 2);

        var source = store.ReadSources().Single(s => s.Path == "odd.dat");
        Assert.Equal(("unsupported", 0), (source.Status, source.RecordsRead));
        Assert.Contains(store.ReadDiagnostics(), d => d.SourcePath == "odd.dat" && d.Reason == "layout not known");
    }

    [Fact]
    public async Task A_record_the_store_cannot_take_is_one_skipped_record_with_its_locator_and_the_run_goes_on()
    {
        File.WriteAllText(Path.Combine(_evidence, "hostile.dat"), "TESTLINES\nfirst\nNOCHANNEL\nBADATTACHMENT\nlast\n");
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);

        var result = await Run(store, workers: 2);

        // Lines 2 and 5 are stored; lines 3 and 4 are skipped with a reason each.
        Assert.Equal(["first", "last"], EventQueries.ReadAllOrdered(store, CancellationToken.None).Where(e => e.Source.Path == "hostile.dat").Select(e => e.Text));
        var source = store.ReadSources().Single(s => s.Path == "hostile.dat");
        Assert.Equal(("complete", 4, 2), (source.Status, source.RecordsRead, source.RecordsSkipped));
        var diagnostics = store.ReadDiagnostics().Where(d => d.SourcePath == "hostile.dat").OrderBy(d => d.Locator, StringComparer.Ordinal).ToList();
        Assert.Equal(["line 3", "line 4"], diagnostics.Select(d => d.Locator));
        Assert.Equal("record has no channel", diagnostics[0].Reason);
        Assert.StartsWith("record could not be prepared for the store: NullReferenceException", diagnostics[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1 + 2, result.Diagnostics); // broken.dat's reader failure and these two
        Assert.Equal(6 * 300 + 2 + 2, result.EventsAdded);
    }

    [Fact]
    public async Task Records_with_megabytes_of_text_are_handed_to_the_writer_in_chunks_and_transactions_bounded_by_bytes()
    {
        // 12 records of 300,000 characters: each weighs 512 + 3 × 300,000 = 900,512 bytes (RecordSize), so a chunk
        // bounded at 1 MiB (1,048,576) takes two of them (1,801,024 ≥ 1 MiB) where the count bound (64) would take all 12.
        var line = new string('x', 300_000);
        File.WriteAllText(Path.Combine(_evidence, "huge.dat"), "TESTLINES\n" + string.Join('\n', Enumerable.Repeat(line, 12)) + "\n");
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        var writer = new RecordingWriter(new SqliteCaseWriter(store));
        var format = new LinesFormat();
        var options = new IngestOptions(CaseSettings.Default) { Workers = 2, ChunkSize = 64, BatchSize = 256, ChunkBytes = 1 << 20, BatchBytes = 2 << 20, InFlightBytes = 4 << 20 };

        await new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer, options).RunAsync([_evidence], CancellationToken.None);

        var hugeChunks = writer.Chunks.Where(c => c.Source.RelativePath == "huge.dat").ToList();
        Assert.Equal(Enumerable.Repeat(2, 6), hugeChunks.Select(c => c.Records.Count));
        Assert.All(hugeChunks, c => Assert.Equal(2 * 900_512, c.Bytes));
        // A transaction stops taking chunks once it holds 2 MiB: at most one chunk beyond that.
        Assert.All(writer.TransactionBytes, b => Assert.True(b < (2 << 20) + (2 * 900_512), $"a transaction held {b} bytes"));
        Assert.Equal(12, EventQueries.ReadAllOrdered(store, CancellationToken.None).Count(e => e.Source.Path == "huge.dat"));
    }

    /// <summary>The real writer, which cancels the run once it has been handed a finished source.</summary>
    private sealed class CancellingWriter(SqliteCaseWriter inner, CancellationTokenSource cancel) : ICaseWriter, ISourceLedger, IRecordPreparer
    {
        public async ValueTask<int> WriteBatchAsync(IReadOnlyList<WriteItem> items, CancellationToken cancellationToken)
        {
            var written = await inner.WriteBatchAsync(items, cancellationToken);
            if (items.OfType<SourceFinished>().Any())
            {
                await cancel.CancelAsync();
            }

            return written;
        }

        public ValueTask<CompletedSource?> CompletedAsync(string sha256, string relativePath, CancellationToken cancellationToken) =>
            inner.CompletedAsync(sha256, relativePath, cancellationToken);

        public object Prepare(IReadOnlyList<EvidenceRecord> records) => inner.Prepare(records);
    }

    /// <summary>The real writer, with what the pipeline handed it recorded.</summary>
    private sealed class RecordingWriter(SqliteCaseWriter inner) : ICaseWriter, ISourceLedger, IRecordPreparer
    {
        public List<RecordBatch> Chunks { get; } = [];

        public List<long> TransactionBytes { get; } = [];

        public ValueTask<int> WriteBatchAsync(IReadOnlyList<WriteItem> items, CancellationToken cancellationToken)
        {
            var chunks = items.OfType<RecordBatch>().ToList();
            Chunks.AddRange(chunks);
            TransactionBytes.Add(chunks.Sum(c => c.Bytes));
            return inner.WriteBatchAsync(items, cancellationToken);
        }

        public ValueTask<CompletedSource?> CompletedAsync(string sha256, string relativePath, CancellationToken cancellationToken) =>
            inner.CompletedAsync(sha256, relativePath, cancellationToken);

        public object Prepare(IReadOnlyList<EvidenceRecord> records) => inner.Prepare(records);
    }

    // The writer is not disposed, as a run whose process stops leaves it: the next writer on the same open store
    // must not rely on the last one having finished (a bulk load's id index built).
    private Task<IngestResult> Run(CaseStore store, int workers, Func<IngestOptions, IngestOptions>? options = null, CancellationToken cancellationToken = default)
    {
        var writer = new SqliteCaseWriter(store);
        var format = new LinesFormat();
        var resolved = new IngestOptions(CaseSettings.Default) { Workers = workers, ChunkSize = 64, BatchSize = 256 };
        var pipeline = new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer, options?.Invoke(resolved) ?? resolved);
        return pipeline.RunAsync([_evidence], cancellationToken);
    }

    private static List<(string Id, string Path)> Ids(CaseStore store) =>
        EventQueries.ReadAllOrdered(store, CancellationToken.None).Select(e => (e.Id, e.Source.Path)).ToList();

    /// <summary>Each file's SHA-256 in a folder, by name, from Python's hashlib (the oracle).</summary>
    private static Dictionary<string, string> PythonSha256ByName(string folder) =>
        HostileZips.Python(
            "import hashlib, os, sys\nfor n in sorted(os.listdir(sys.argv[1])):\n    print(n, hashlib.sha256(open(os.path.join(sys.argv[1], n), 'rb').read()).hexdigest())\n",
            folder).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);

    /// <summary>Another format's sniffer and reader, telling <paramref name="sniffed"/> how many heads it has been shown so far.</summary>
    private sealed class SniffCountingFormat(LinesFormat inner, Action<int> sniffed) : IFormatSniffer, IEvidenceReader
    {
        private int _sniffs;
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public string Format => inner.Format;

        public bool Matches(ReadOnlySpan<byte> head)
        {
            sniffed(Interlocked.Increment(ref _sniffs));
            return inner.Matches(head);
        }

        public IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadAsync(source, context, cancellationToken);
        }
    }

    /// <summary>
    /// Reads nothing; notes its own note, and two once-per-run notes: one in every file (twice: kept once per source),
    /// one in the sub/ files only. When gated, broken.dat notes only once another file has.
    /// </summary>
    private sealed class OncePerRunProbeFormat(bool gateTheFirst) : IFormatSniffer, IEvidenceReader
    {
        public const string Everywhere = "a tool this run lacks";
        public const string InSub = "another tool this run lacks";
        public const string Own = "this file's own note";

        private readonly TaskCompletionSource _anotherNoted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Format => "once-per-run-probe";

        public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith("TESTLINES\n"u8);

        public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var first = source.RelativePath == "broken.dat";
            if (first && gateTheFirst)
            {
                await _anotherNoted.Task.WaitAsync(cancellationToken);
            }

            context.NoteOncePerRun("file", Everywhere);
            context.Note("file", Own);
            context.NoteOncePerRun("again", Everywhere);
            if (source.RelativePath.StartsWith("sub/", StringComparison.Ordinal))
            {
                context.NoteOncePerRun("file", InSub);
            }

            if (!first)
            {
                _anotherNoted.TrySetResult();
            }

            yield break;
        }
    }

    /// <summary>Reads nothing; records the culture and UI culture each file was read in.</summary>
    private sealed class CultureProbeFormat : IFormatSniffer, IEvidenceReader
    {
        public System.Collections.Concurrent.ConcurrentBag<(string Culture, string UiCulture)> Seen { get; } = [];

        public string Format => "culture-probe";

        public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith("TESTLINES\n"u8);

        public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            Seen.Add((System.Globalization.CultureInfo.CurrentCulture.Name, System.Globalization.CultureInfo.CurrentUICulture.Name));
            yield break;
        }
    }
}

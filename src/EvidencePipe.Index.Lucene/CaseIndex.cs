using System.Globalization;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// A case's full-text index: Lucene.Net in <c>index/</c> beside <c>case.db</c> (DESIGN.md "Architecture":
/// derived data, rebuildable from the store). Each commit records the store's high-water mark (the
/// largest event row id it covers) and the analysis it was made with; on open the index is checked
/// against the store and brought up to date — missing, damaged, made with other analysis or ahead of
/// the store: rebuilt; behind it: the rest indexed — and each such repair is reported as a diagnostic.
/// NIOFSDirectory, not FSDirectory.Open: MMapDirectory crashes (apache/lucenenet #1013) and is slow on Linux (#1151).
/// </summary>
public sealed class CaseIndex : IDisposable
{
    public const string FolderName = "index";

    /// <summary>The case's language for stemming (<c>ingest --language</c>), kept in the store's meta table.</summary>
    public const string LanguageKey = "language";

    internal const string MarkKey = "store_high_water_mark";
    internal const string AnalysisKey = "analysis";
    internal const string RevisionKey = "store_revision";
    internal const string LayoutKey = "layout";

    /// <summary>The document fields this version writes (<see cref="EventFields"/>): an index in another layout is rebuilt.</summary>
    internal const string Layout = "meta-party-v3";

    private readonly CaseStore _store;
    private readonly FSDirectory _directory;

    // The store's revision, read once at open: it is only raised while a store opens (PhoneRenormalization), so it
    // cannot change under this index; reading it here keeps every commit — the feed's, on its own thread — off the
    // store's connection, which the store writer, the id index and the WAL checkpoint use meanwhile (a SQLite
    // connection is not for two threads at once).
    private readonly string _revision;
    private IndexWriter? _writer;

    private CaseIndex(CaseStore store, FSDirectory directory, CaseAnalyzer analyzer, long mark, string revision)
    {
        _store = store;
        _directory = directory;
        _revision = revision;
        Analyzer = analyzer;
        Mark = mark;
    }

    public CaseAnalyzer Analyzer { get; }

    /// <summary>The store high-water mark of the last commit.</summary>
    public long Mark { get; private set; }

    /// <summary>False for a new case's index until something commits it (see <see cref="Open"/>).</summary>
    public bool HasCommit { get; private set; }

    internal CaseStore Store => _store;

    public static string PathOf(CaseStore store) => Path.Combine(store.Directory, FolderName);

    /// <summary>
    /// Opens the case's index and brings it up to date with the store (see the class remarks).
    /// <paramref name="verifyCount"/> also checks that the index holds as many documents as the store
    /// has events up to the mark (a count over the store: done by ingest, not by every search).
    /// </summary>
    public static CaseIndex Open(CaseStore store, bool verifyCount, Action<string> diagnostic, CancellationToken cancellationToken)
    {
        var analyzer = new CaseAnalyzer(store.GetMeta(LanguageKey));
        var path = PathOf(store);
        System.IO.Directory.CreateDirectory(path);
        var directory = new NIOFSDirectory(new DirectoryInfo(path));
        try
        {
            var storeMark = EventQueries.HighWaterMark(store);
            var revision = StoreRevision(store);
            var (mark, problem) = Inspect(directory, store, analyzer, storeMark, revision, verifyCount);
            var index = new CaseIndex(store, directory, analyzer, mark ?? 0, revision) { HasCommit = mark is not null };
            if (problem is not null && HasNoCommit(directory))
            {
                if (storeMark == 0)
                {
                    // A new case: nothing to rebuild and nothing to say. Its first commit is made by the
                    // ingest that feeds it (IndexFeed) or by the first reader (OpenReader), not here: an
                    // empty commit at open was a Lucene writer start and a synced commit on every new case.
                    return index;
                }

                if (!verifyCount && !index.TryTakeWriter())
                {
                    // The first ingest of this case is writing it and has not committed yet.
                    diagnostic($"search index is being written by another process and has no commit yet: searching nothing ({store.CountEvents().ToString(CultureInfo.InvariantCulture)} events not in it yet)");
                    return index;
                }
            }

            if (problem is not null)
            {
                diagnostic($"search index {problem}: rebuilding it from the store ({storeMark.ToString(CultureInfo.InvariantCulture)} events)");
                index.Rebuild(storeMark, cancellationToken);
            }
            else if (mark < storeMark)
            {
                var behind = store.CountEvents() - EventQueries.CountUpTo(store, mark.Value);
                try
                {
                    index.CatchUp(storeMark, cancellationToken);
                    diagnostic($"search index was {behind.ToString(CultureInfo.InvariantCulture)} events behind the store (interrupted run): indexed them");
                }
                catch (LockObtainFailedException) when (!verifyCount)
                {
                    // An ingest is writing the case now and feeds the index itself: search what it last committed.
                    diagnostic($"search index is being written by another process: searching its last commit ({behind.ToString(CultureInfo.InvariantCulture)} events not in it yet)");
                }
            }

            return index;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The mark of a usable index, or why it cannot be used.</summary>
    private static (long? Mark, string? Problem) Inspect(FSDirectory directory, CaseStore store, CaseAnalyzer analyzer, long storeMark, string revision, bool verifyCount)
    {
        try
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                return (null, HasNoCommit(directory) ? "is missing" : "is damaged (no readable commit)");
            }

            var infos = new SegmentInfos();
            infos.Read(directory);
            var data = infos.UserData;
            if (!data.TryGetValue(MarkKey, out var markText) || !long.TryParse(markText, NumberStyles.None, CultureInfo.InvariantCulture, out var mark))
            {
                return (null, "has no store high-water mark");
            }

            if (!data.TryGetValue(AnalysisKey, out var analysis) || analysis != analyzer.Key)
            {
                return (null, $"was made with analysis '{analysis}', the case now uses '{analyzer.Key}'");
            }

            if (!data.TryGetValue(LayoutKey, out var layout) || layout != Layout)
            {
                return (null, $"has document layout '{layout ?? "v1"}', this version writes '{Layout}'");
            }

            if ((data.TryGetValue(RevisionKey, out var indexed) ? indexed : "0") != revision)
            {
                return (null, $"was made before stored events were rewritten (store revision {revision})");
            }

            if (mark > storeMark)
            {
                return (null, $"covers events up to row {mark.ToString(CultureInfo.InvariantCulture)}, beyond the store's {storeMark.ToString(CultureInfo.InvariantCulture)}");
            }

            using var reader = DirectoryReader.Open(directory);
            if (verifyCount)
            {
                var expected = EventQueries.CountUpTo(store, mark);
                if (reader.NumDocs != expected)
                {
                    return (null, $"holds {reader.NumDocs.ToString(CultureInfo.InvariantCulture)} documents where the store has {expected.ToString(CultureInfo.InvariantCulture)} events up to its mark");
                }
            }

            return (mark, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            return (null, $"is damaged ({ex.GetType().Name}: {ex.Message})");
        }
    }

    /// <summary>No file but, perhaps, the lock of a writer that has committed nothing (yet, or ever: killed first).</summary>
    private static bool HasNoCommit(FSDirectory directory) =>
        directory.ListAll().All(f => f == IndexWriter.WRITE_LOCK_NAME);

    /// <summary>Creates the writer now; false when another writer holds the index lock.</summary>
    private bool TryTakeWriter()
    {
        try
        {
            _ = Writer;
            return true;
        }
        catch (LockObtainFailedException)
        {
            return false;
        }
    }

    /// <summary>The writer (one per index, holding its lock), created on first use.</summary>
    internal IndexWriter Writer => _writer ??= new IndexWriter(_directory, NewWriterConfig(Analyzer));

    /// <summary>How every index of events is written (a case's, and a lab job's: <see cref="JobIndexWriter"/>), so their documents and norms are the same.</summary>
    internal static IndexWriterConfig NewWriterConfig(CaseAnalyzer analyzer) => new(CaseAnalyzer.Version, analyzer)
    {
        OpenMode = OpenMode.CREATE_OR_APPEND,
        RAMBufferSizeMB = 64,
        Similarity = new SortKeySimilarity(),
        // No compound files: each flushed or merged segment would be copied once more into one file (fewer
        // file handles is all it buys, and a case index has a handful of segments).
        UseCompoundFile = false,
        MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 },
    };

    /// <summary>The store's revision (<see cref="CaseMetaKeys.StoreRevision"/>): raised when event rows are rewritten in place.</summary>
    private static string StoreRevision(CaseStore store) => store.GetMeta(CaseMetaKeys.StoreRevision) ?? "0";

    /// <summary>
    /// Merges away the documents of events that were replaced (the same content under a path that sorts first). A
    /// deleted document still counts in BM25's term statistics until its segment is merged, and which copy an ingest
    /// reads first depends on its workers' timing: without this the same evidence could rank differently from one
    /// ingest to the next, and differently from a lab case (whose job sets are merged the same way when attached).
    /// </summary>
    internal void MergeDeletes()
    {
        if (Writer.HasDeletions())
        {
            Writer.ForceMergeDeletes(doWait: true);
        }
    }

    /// <summary>Commits what was added, recording <paramref name="mark"/>: every event up to it is in the index.</summary>
    internal void Commit(long mark)
    {
        HasCommit = true;
        Writer.SetCommitData(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MarkKey] = mark.ToString(CultureInfo.InvariantCulture),
            [AnalysisKey] = Analyzer.Key,
            [RevisionKey] = _revision,
            [LayoutKey] = Layout,
        });
        // Two-phase (Lucene IndexWriter.PrepareCommit/Commit) so a crash can be injected between the phases.
        var cpu = StageCpu.Now();
        Writer.PrepareCommit();
        FaultPoint.Hit(FaultPoint.IndexCommit);
        Writer.Commit();
        StageCpu.AddIndex(cpu);
        Mark = mark;
    }

    private void Rebuild(long storeMark, CancellationToken cancellationToken)
    {
        _writer?.Rollback();
        _writer = null;
        foreach (var file in _directory.ListAll())
        {
            _directory.DeleteFile(file);
        }

        Mark = 0;
        CatchUp(storeMark, cancellationToken);
    }

    /// <summary>Indexes the store's events after <see cref="Mark"/> up to <paramref name="storeMark"/>, and commits.</summary>
    private void CatchUp(long storeMark, CancellationToken cancellationToken)
    {
        var chunk = new List<StoredEvent>(ChunkSize);
        foreach (var stored in EventQueries.ReadStored(_store, Mark, storeMark, cancellationToken))
        {
            chunk.Add(stored);
            if (chunk.Count == ChunkSize)
            {
                Index(chunk, Mark, parallel: true);
                chunk = new List<StoredEvent>(ChunkSize);
            }
        }

        Index(chunk, Mark, parallel: true);
        Commit(storeMark);
    }

    private const int ChunkSize = 4096;

    /// <summary>
    /// Adds a batch of stored events; an event whose row is already indexed (row id at most <paramref name="mark"/>,
    /// or earlier in the batch: the same content under a path that sorts first replaced it) replaces its document.
    /// </summary>
    /// <param name="parallel">
    /// Split a large batch over two threads (IndexWriter takes documents from several threads at once): for a rebuild
    /// from the store, the only work running. Beside an ingest the other core is busy with the store writer and the
    /// parsers, and the two index threads only contend for IndexWriter's locks: at 1M events on 2 cores, one thread
    /// indexed in 7.2 s of CPU against 8.9 s for two, and the ingest ran at 67,838 against 58,013 events/s
    /// (quiet machine, `EVIDENCEPIPE_TIMINGS=1`, 2026-12-05).
    /// </param>
    internal void Index(IReadOnlyList<StoredEvent> events, long mark, bool parallel = false)
    {
        var writer = Writer;
        var latest = new Dictionary<long, int>(events.Count);
        Dictionary<long, HashSet<long>>? replaced = null;
        for (var i = 0; i < events.Count; i++)
        {
            var rowid = events[i].RowId;
            if (rowid <= mark || latest.ContainsKey(rowid))
            {
                var key = EventFields.SortKeyOf(events[i].Event.Time.UnixMilliseconds, events[i].Event.Id);
                replaced ??= [];
                if (!replaced.TryGetValue(key, out var rows))
                {
                    replaced[key] = rows = [];
                }

                rows.Add(rowid);
            }

            latest[rowid] = i;
        }

        if (replaced is not null)
        {
            writer.DeleteDocuments(new ConstantScoreQuery(new RowIdFilter(replaced)));
        }

        var order = latest.Values.Order().ToArray();
        if (!parallel || order.Length < 2 * ParallelMinimum)
        {
            AddAll(writer, events, order, 0, order.Length);
            return;
        }

        var half = order.Length / 2;
        Parallel.Invoke(() => AddAll(writer, events, order, 0, half), () => AddAll(writer, events, order, half, order.Length));
    }

    private const int ParallelMinimum = 512;

    private static void AddAll(IndexWriter writer, IReadOnlyList<StoredEvent> events, int[] order, int from, int to)
    {
        var cpu = StageCpu.Now();
        var builder = t_builder ??= new EventFields.Builder();
        for (var i = from; i < to; i++)
        {
            writer.AddDocument(builder.Fields(events[order[i]]));
        }

        StageCpu.AddIndex(cpu);
    }

    [ThreadStatic]
    private static EventFields.Builder? t_builder;

    /// <summary>A point-in-time reader of the last commit.</summary>
    internal DirectoryReader OpenReader()
    {
        if (!HasCommit)
        {
            try
            {
                Commit(Mark);
            }
            catch (LockObtainFailedException)
            {
                // The first ingest of this new case is running and has committed nothing yet: nothing to find.
                return EmptyReader();
            }
        }

        return DirectoryReader.Open(_directory);
    }

    private DirectoryReader EmptyReader()
    {
        var memory = new RAMDirectory();
        using (var writer = new IndexWriter(memory, new IndexWriterConfig(CaseAnalyzer.Version, Analyzer)))
        {
            writer.Commit();
        }

        return DirectoryReader.Open(memory);
    }

    /// <summary>
    /// Closes without committing: everything meant to be kept was committed with its mark, and a commit
    /// on close would record documents beyond the mark.
    /// </summary>
    public void Dispose()
    {
        _writer?.Rollback();
        _writer = null;
        _directory.Dispose();
    }
}

using EvidencePipe.Pipeline;
using EvidencePipe.Store.Sqlite;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// One lab job's own Lucene segment set (issue 20): the events the job stored, as documents made exactly as a
/// local case's (<see cref="EventFields"/>, <see cref="CaseAnalyzer"/>, <see cref="CaseIndex.NewWriterConfig"/>), the
/// row id being the lab store's event <c>seq</c>. Written into a directory of its own under the lab's index root,
/// so workers never share a writer or a lock; a search opens every finished job's set together
/// (<see cref="IndexSet"/>). The directory is only counted once its job is recorded done with it, so a job killed
/// half-way leaves files nobody reads, and its re-run writes a fresh directory.
/// </summary>
public sealed class JobIndexWriter : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly EventFields.Builder _builder = new();

    // Rows this writer already holds: a row met again (the same content under a path that sorts first, later in the
    // same job) replaces its document, as CaseIndex.Index replaces one.
    private readonly HashSet<long> _rows = [];

    private JobIndexWriter(FSDirectory directory, CaseAnalyzer analyzer)
    {
        _directory = directory;
        Analyzer = analyzer;
        _writer = new IndexWriter(directory, CaseIndex.NewWriterConfig(analyzer));
    }

    public CaseAnalyzer Analyzer { get; }

    /// <summary>Starts an empty segment set at <paramref name="path"/> (anything left there by an earlier attempt is removed).</summary>
    public static JobIndexWriter Create(string path, string? language)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }

        System.IO.Directory.CreateDirectory(path);
        var directory = new NIOFSDirectory(new DirectoryInfo(path));
        try
        {
            return new JobIndexWriter(directory, new CaseAnalyzer(language));
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Documents in the set (after <see cref="Remove"/>).</summary>
    public int Documents => _writer.NumDocs;

    /// <summary>Adds stored events (their row ids are the store's); one already added replaces its document.</summary>
    public void Add(IReadOnlyList<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Dictionary<long, HashSet<long>>? replaced = null;
        foreach (var stored in events)
        {
            if (!_rows.Add(stored.RowId))
            {
                var key = EventFields.SortKeyOf(stored.Event.Time.UnixMilliseconds, stored.Event.Id);
                replaced ??= [];
                if (!replaced.TryGetValue(key, out var rows))
                {
                    replaced[key] = rows = [];
                }

                rows.Add(stored.RowId);
            }
        }

        if (replaced is not null)
        {
            _writer.DeleteDocuments(new ConstantScoreQuery(new RowIdFilter(replaced)));
        }

        var cpu = StageCpu.Now();
        foreach (var stored in events)
        {
            _writer.AddDocument(_builder.Fields(stored));
        }

        StageCpu.AddIndex(cpu);
    }

    /// <summary>
    /// Removes the documents of these rows (row id, time, event id): rows another job's attached set already holds.
    /// Deleted documents are then merged away, so the set's statistics (BM25) count only what it keeps.
    /// </summary>
    public void Remove(IEnumerable<(long RowId, long TimeMs, string Id)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var byKey = new Dictionary<long, HashSet<long>>();
        foreach (var (rowId, timeMs, id) in rows)
        {
            var key = EventFields.SortKeyOf(timeMs, id);
            if (!byKey.TryGetValue(key, out var set))
            {
                byKey[key] = set = [];
            }

            set.Add(rowId);
        }

        if (byKey.Count > 0)
        {
            _writer.DeleteDocuments(new ConstantScoreQuery(new RowIdFilter(byKey)));
            _writer.ForceMergeDeletes();
        }
    }

    /// <summary>Commits (two-phase, with the <see cref="FaultPoint.IndexCommit"/> fault point between the phases) and returns the documents held.</summary>
    public int Commit()
    {
        var cpu = StageCpu.Now();
        // What a search checks before it opens the set with others (IndexSet): the same analysis and document layout.
        _writer.SetCommitData(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CaseIndex.AnalysisKey] = Analyzer.Key,
            [CaseIndex.LayoutKey] = CaseIndex.Layout,
        });
        _writer.PrepareCommit();
        FaultPoint.Hit(FaultPoint.IndexCommit);
        _writer.Commit();
        StageCpu.AddIndex(cpu);
        return _writer.NumDocs;
    }

    /// <summary>Closes; anything not committed is dropped (an uncommitted set is never attached anyway).</summary>
    public void Dispose()
    {
        _writer.Rollback();
        _writer.Dispose();
        _directory.Dispose();
    }
}

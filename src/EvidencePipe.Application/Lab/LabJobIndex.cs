using EvidencePipe.Index.Lucene;
using EvidencePipe.Model;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application.Lab;

/// <summary>
/// A lab job's search index while the job runs (issue 20): a <see cref="JobIndexWriter"/> in the job attempt's own
/// directory under the index root, fed each batch the store committed (the rows the job now holds, by seq), committed
/// when the job ends and attached with it (<see cref="LabJobs.FinishAsync"/>, <see cref="LabIndexes"/>).
/// </summary>
public sealed class LabJobIndex : IDisposable
{
    private readonly JobIndexWriter _writer;
    private readonly HashSet<long> _seqs = [];
    private readonly string _directory;

    private LabJobIndex(JobIndexWriter writer, string directory)
    {
        _writer = writer;
        _directory = directory;
    }

    /// <summary>Starts the set of <paramref name="job"/>'s attempt under <paramref name="root"/>, removing what earlier attempts of the job left.</summary>
    public static LabJobIndex Start(string root, LeasedJob job, string? language)
    {
        ArgumentNullException.ThrowIfNull(job);
        var relative = LabIndexes.JobDirectory(job);
        var path = Path.Combine(root, relative);
        var parent = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(parent);
        // Earlier attempts were never attached (the job is only done once): their files are nobody's.
        foreach (var stale in Directory.GetDirectories(parent, FormattableString.Invariant($"job-{job.Id}-a*")))
        {
            if (!string.Equals(Path.GetFullPath(stale), Path.GetFullPath(path), StringComparison.Ordinal))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        return new LabJobIndex(JobIndexWriter.Create(path, language), relative);
    }

    /// <summary>The store writer's report of a committed batch (on its thread).</summary>
    public void Add(IReadOnlyList<(long Seq, CommunicationEvent Event)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var stored = new List<StoredEvent>(rows.Count);
        foreach (var (seq, e) in rows)
        {
            _seqs.Add(seq);
            stored.Add(new StoredEvent(seq, e));
        }

        _writer.Add(stored);
    }

    /// <summary>Commits the set and describes it for attaching with the job.</summary>
    public JobIndexAttachment Complete()
    {
        _writer.Commit();
        return new JobIndexAttachment(_directory, _seqs, shared =>
        {
            if (shared.Count > 0)
            {
                _writer.Remove(shared.Select(s => (s.Seq, s.TimeMs, s.Id)));
                return _writer.Commit();
            }

            return _writer.Documents;
        });
    }

    public void Dispose() => _writer.Dispose();
}

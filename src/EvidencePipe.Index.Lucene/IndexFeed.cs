using System.Threading.Channels;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The index writer stage (DESIGN.md "Architecture"): the store writer hands it each committed batch
/// (<see cref="IStoredEventSink"/>), and it analyses and indexes them on its own task, in parallel
/// with the store writer's next transaction. It commits every <see cref="CommitEvery"/> events and
/// at the end, each commit recording the store high-water mark of the last batch it holds, so the
/// index never claims an event it does not have; a crash loses only what the next open re-indexes.
/// </summary>
public sealed class IndexFeed : IStoredEventSink
{
    /// <summary>Events between commits: a commit syncs files, so not too often; a crash re-indexes at most this many.</summary>
    public const int CommitEvery = 250_000;

    private readonly CaseIndex _index;
    private readonly Channel<(IReadOnlyList<StoredEvent> Events, long Mark)> _batches =
        Channel.CreateBounded<(IReadOnlyList<StoredEvent>, long)>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });

    private readonly Task _consumer;
    private long _indexed;

    public IndexFeed(CaseIndex index)
    {
        _index = index;
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>Events indexed by this feed.</summary>
    public long Indexed => Interlocked.Read(ref _indexed);

    /// <inheritdoc/>
    public void Committed(IReadOnlyList<StoredEvent> events, long highWaterMark)
    {
        // Waits while the indexer is behind (back-pressure); throws if it failed, which stops the pipeline.
        var from = EvidencePipe.Pipeline.StageCpu.WallNow();
        _batches.Writer.WriteAsync((events, highWaterMark)).AsTask().GetAwaiter().GetResult();
        EvidencePipe.Pipeline.StageCpu.AddIndexHandoff(from);
    }

    /// <summary>
    /// Tells the feed no batch follows, so it indexes what is queued and makes its last commit on its own thread
    /// while the caller goes on (with the store's own tail); <see cref="CompleteAsync"/> then waits for it.
    /// </summary>
    public void EndOfBatches() => _batches.Writer.TryComplete();

    /// <summary>Indexes what is queued, commits with the last mark, and surfaces any indexing failure.</summary>
    public async Task CompleteAsync()
    {
        EndOfBatches();
        await _consumer.ConfigureAwait(false);
    }

    private async Task ConsumeAsync()
    {
        try
        {
            var mark = _index.Mark;
            var sinceCommit = 0;
            await foreach (var (events, batchMark) in _batches.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                _index.Index(events, mark);
                mark = Math.Max(mark, batchMark);
                sinceCommit += events.Count;
                Interlocked.Add(ref _indexed, events.Count);
                if (sinceCommit >= CommitEvery)
                {
                    _index.Commit(mark);
                    sinceCommit = 0;
                }
            }

            // A new case's index is committed here even when nothing was added, so every ingested case has one.
            if (mark != _index.Mark || sinceCommit > 0 || !_index.HasCommit)
            {
                _index.MergeDeletes();
                _index.Commit(mark);
            }
        }
        catch (Exception ex)
        {
            _batches.Writer.TryComplete(ex);
            throw;
        }
    }
}

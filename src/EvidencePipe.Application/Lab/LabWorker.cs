using EvidencePipe.Index.Lucene;
using EvidencePipe.Readers;
using EvidencePipe.Store.Postgres;

namespace EvidencePipe.Application.Lab;

/// <summary>How a <c>lab worker</c> process runs.</summary>
/// <param name="Jobs">Jobs run at once (<c>--workers N</c>).</param>
/// <param name="ExitWhenIdle">Stop once no job is queued or running anywhere, instead of waiting for more.</param>
public sealed record LabWorkerOptions(int Jobs, bool ExitWhenIdle)
{
    /// <summary>How long a job stays held without a heartbeat (a worker that is alive but cut off).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The shared index root (<c>--index-root</c>, else what <c>lab init --index-root</c> recorded): each job writes its
    /// search index there. Null: jobs are not indexed (a search of the case reports the events its index lacks).
    /// </summary>
    public string? IndexRoot { get; init; }

    /// <summary>How often an idle worker asks for work again.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>What one worker process did.</summary>
public sealed record LabWorkerResult(long WorkerId, int JobsDone, int JobsFailed, long EventsRead);

/// <summary>
/// A <c>lab worker</c> process (issue 20): registers, then runs up to N jobs at once, each leased from the queue
/// (<see cref="LabJobs.LeaseAsync"/>), ingested with the same pipeline as a local case, and marked done (or
/// failed with its reason). Killed at any moment, it loses nothing: its session ends, its jobs are taken over
/// and redone, and their events, keyed by id, are not stored twice.
/// </summary>
public static class LabWorker
{
    public static async Task<LabWorkerResult> RunAsync(StoreConnection store, LabWorkerOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var registry = ReaderCatalog.CreateRegistry();
        var session = await LabWorkerSession.RegisterAsync(store, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var heartbeat = HeartbeatAsync(session, options.Lease, stop.Token);
            var parseWorkers = Math.Max(1, Environment.ProcessorCount / Math.Max(1, options.Jobs));
            var done = 0;
            var failed = 0;
            long events = 0;
            var loops = Enumerable.Range(0, Math.Max(1, options.Jobs)).Select(_ => Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var job = await LabJobs.LeaseAsync(store, session.Id, options.Lease, cancellationToken).ConfigureAwait(false);
                    if (job is null)
                    {
                        if (options.ExitWhenIdle && await LabJobs.OpenJobsAsync(store, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            return;
                        }

                        await Task.Delay(options.Poll, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    log($"worker {session.Id}: job {job.Id} ({job.RelativePath}), attempt {job.Attempt}");
                    string? error = null;
                    long read = 0;
                    LabJobIndex? index = null;
                    JobIndexAttachment? attachment = null;
                    try
                    {
                        if (options.IndexRoot is { } root)
                        {
                            index = LabJobIndex.Start(root, job, LabCase.Open(store, job.CaseId).GetMeta(CaseIndex.LanguageKey));
                        }

                        var result = index is null
                            ? await LabIngest.RunJobAsync(store, job, registry, parseWorkers, cancellationToken).ConfigureAwait(false)
                            : await LabIngest.RunJobAsync(store, job, registry, parseWorkers, index, cancellationToken).ConfigureAwait(false);
                        read = result.EventsRead;
                        if (result.Cancelled)
                        {
                            index?.Dispose();
                            return;
                        }

                        attachment = index?.Complete();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One bad job never stops the worker (DESIGN.md "Bad input"); its reason stays with it.
                        error = $"{ex.GetType().Name}: {ex.Message}";
                    }

                    bool finished;
                    try
                    {
                        finished = await LabJobs.FinishAsync(store, job, session.Id, read, error, CancellationToken.None, attachment).ConfigureAwait(false);
                    }
                    finally
                    {
                        index?.Dispose();
                    }

                    if (finished)
                    {
                        Interlocked.Add(ref events, read);
                        _ = error is null ? Interlocked.Increment(ref done) : Interlocked.Increment(ref failed);
                        log($"worker {session.Id}: job {job.Id} {(error is null ? $"done, {read} events" : "failed: " + error)}");
                    }
                }
            }, CancellationToken.None)).ToArray();
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await heartbeat.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // the heartbeat stops with the worker
                }
            }

            return new LabWorkerResult(session.Id, done, failed, events);
        }
    }

    private static async Task HeartbeatAsync(LabWorkerSession session, TimeSpan lease, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(lease / 3);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await session.HeartbeatAsync(lease, cancellationToken).ConfigureAwait(false);
        }
    }
}

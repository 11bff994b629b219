using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>A job to queue: one source file (or a folder an index names as a whole) of a case.</summary>
/// <param name="AbsolutePath">What the worker ingests (it must see the same path: a shared evidence mount).</param>
/// <param name="RelativePath">The path a local ingest of the submitted root records for it.</param>
/// <param name="PathPrefix">What the worker puts before the paths its pipeline records (the folders above the file).</param>
public sealed record LabJobSpec(string AbsolutePath, string RelativePath, string PathPrefix, long Size);

/// <summary>A job a worker holds.</summary>
public sealed record LeasedJob(long Id, int CaseId, string AbsolutePath, string RelativePath, string PathPrefix, int Attempt);

/// <summary>
/// The lab's work queue in PostgreSQL (issue 20). A worker leases the oldest open job with
/// <c>FOR UPDATE SKIP LOCKED</c>, so workers never wait on each other's rows. A job is held while its lease
/// (renewed by heartbeats) runs and its worker is alive; liveness is the worker's session-level advisory lock,
/// which the server drops the moment the worker's connection closes — a worker killed with SIGKILL frees its job
/// at once, deterministically, without waiting for a lease to run out. The lease covers a worker that is alive
/// but cut off (its session hangs): once the lease lapses, another worker takes the job.
/// Either way the job is redone from the start; its events are idempotent by id (<see cref="PostgresCaseWriter"/>).
/// </summary>
public static class LabJobs
{
    /// <summary>The advisory-lock namespace (first key) of worker liveness locks; the second key is the worker id.</summary>
    public const int LivenessLockSpace = 20_2026;

    /// <summary>Queues the jobs (a path already queued for the case is left as it is); returns how many are new.</summary>
    public static int Submit(StoreConnection store, LabCase labCase, IReadOnlyList<LabJobSpec> jobs)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        ArgumentNullException.ThrowIfNull(jobs);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            INSERT INTO jobs(case_id, absolute_path, relative_path, path_prefix, size)
            SELECT @c, a, r, p, s FROM unnest(@a, @r, @p, @s) WITH ORDINALITY AS t(a, r, p, s, n) ORDER BY n
            ON CONFLICT (case_id, absolute_path) DO NOTHING
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("a", jobs.Select(j => j.AbsolutePath).ToArray());
        cmd.Parameters.AddWithValue("r", jobs.Select(j => j.RelativePath).ToArray());
        cmd.Parameters.AddWithValue("p", jobs.Select(j => j.PathPrefix).ToArray());
        cmd.Parameters.AddWithValue("s", jobs.Select(j => j.Size).ToArray());
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Leases the oldest open job not held by a live worker, or null when there is none.</summary>
    public static async Task<LeasedJob?> LeaseAsync(StoreConnection store, long workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            UPDATE jobs SET state = 'running', worker_id = @w, attempts = attempts + 1, started_utc = now(),
                lease_until = now() + make_interval(secs => @lease), error = NULL
            WHERE id = (
                SELECT j.id FROM jobs j
                WHERE j.state = 'queued'
                   OR (j.state = 'running' AND (j.lease_until < now() OR NOT EXISTS (
                        SELECT 1 FROM pg_locks l
                        WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = @space AND l.objid::bigint = j.worker_id AND l.objsubid = 2)))
                ORDER BY j.id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING id, case_id, absolute_path, relative_path, path_prefix, attempts
            """, connection);
        cmd.Parameters.AddWithValue("w", workerId);
        cmd.Parameters.AddWithValue("lease", lease.TotalSeconds);
        cmd.Parameters.AddWithValue("space", (long)LivenessLockSpace);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LeasedJob(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5))
            : null;
    }

    /// <summary>
    /// Marks a held job done (or failed, with <paramref name="error"/>); false if another worker has taken it over since.
    /// A done job's search index (<paramref name="index"/>) is attached in the same transaction (<see cref="LabIndexes"/>):
    /// the job is done with its index, or neither.
    /// </summary>
    public static async Task<bool> FinishAsync(
        StoreConnection store, LeasedJob job, long workerId, long events, string? error, CancellationToken cancellationToken, JobIndexAttachment? index = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var cmd = new NpgsqlCommand("""
            UPDATE jobs SET state = @st, events = @e, error = @err, finished_utc = now(), lease_until = NULL
            WHERE id = @id AND worker_id = @w AND attempts = @a AND state = 'running'
            """, connection, tx))
        {
            cmd.Parameters.AddWithValue("st", error is null ? "done" : "failed");
            cmd.Parameters.AddWithValue("e", events);
            cmd.Parameters.AddWithValue("err", (object?)error ?? DBNull.Value);
            cmd.Parameters.AddWithValue("id", job.Id);
            cmd.Parameters.AddWithValue("w", workerId);
            cmd.Parameters.AddWithValue("a", job.Attempt);
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        if (error is null && index is not null)
        {
            await LabIndexes.AttachAsync(connection, tx, job.CaseId, job.Id, index, cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Jobs still queued or running (a worker told to exit when idle stops once this is 0).</summary>
    public static async Task<long> OpenJobsAsync(StoreConnection store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')", connection);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}

/// <summary>
/// A worker process's registration: its row in <c>workers</c> and the session holding its liveness lock for as
/// long as the process lives; heartbeats renew the leases of the jobs it holds.
/// </summary>
public sealed class LabWorkerSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _session;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private LabWorkerSession(NpgsqlConnection session, long id)
    {
        _session = session;
        Id = id;
    }

    public long Id { get; }

    public static async Task<LabWorkerSession> RegisterAsync(StoreConnection store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var session = new NpgsqlConnection(store.ConnectionString + ";Pooling=false");
        try
        {
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("INSERT INTO workers(host, pid) VALUES(@h, @p) RETURNING id", session);
            cmd.Parameters.AddWithValue("h", Environment.MachineName);
            cmd.Parameters.AddWithValue("p", Environment.ProcessId);
            var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            await using var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(@space, @id)", session);
            lockCmd.Parameters.AddWithValue("space", LabJobs.LivenessLockSpace);
            lockCmd.Parameters.AddWithValue("id", checked((int)id));
            await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new LabWorkerSession(session, id);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Renews the worker's heartbeat and the leases of the jobs it holds.</summary>
    public async Task HeartbeatAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var cmd = new NpgsqlCommand("""
                UPDATE workers SET heartbeat_utc = now() WHERE id = @w;
                UPDATE jobs SET lease_until = now() + make_interval(secs => @lease) WHERE worker_id = @w AND state = 'running';
                """, _session);
            cmd.Parameters.AddWithValue("w", Id);
            cmd.Parameters.AddWithValue("lease", lease.TotalSeconds);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var cmd = new NpgsqlCommand("UPDATE workers SET stopped_utc = now() WHERE id = @w", _session);
            cmd.Parameters.AddWithValue("w", Id);
            await cmd.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // Closing the session releases the liveness lock.
            await _session.DisposeAsync().ConfigureAwait(false);
            _gate.Dispose();
        }
    }
}

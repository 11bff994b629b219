using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>One job as <c>lab status</c> shows it.</summary>
public sealed record LabJobStatus(long Id, string Case, string Path, string State, long? Worker, long? Events, int Attempts, string? Error);

/// <summary>One worker as <c>lab status</c> shows it; <see cref="Alive"/> is whether its session still holds its liveness lock.</summary>
public sealed record LabWorkerStatus(long Id, string Host, int Pid, string DbUser, bool Alive, DateTimeOffset Heartbeat);

/// <summary>
/// The queue at a glance: jobs, workers, throughput over the jobs done (events per second of wall-clock time
/// from the first start to the last finish) and an estimate of the time left (the bytes still open at the bytes
/// per second the done jobs went at; null until a job is done).
/// </summary>
public sealed record LabStatus(IReadOnlyList<LabJobStatus> Jobs, IReadOnlyList<LabWorkerStatus> Workers, double? EventsPerSecond, double? EtaSeconds)
{
    public int Count(string state) => Jobs.Count(j => j.State == state);

    public static LabStatus Read(StoreConnection store)
    {
        using var connection = LabCase.Connect(store);
        var jobs = new List<LabJobStatus>();
        using (var cmd = new NpgsqlCommand("""
            SELECT j.id, c.name, j.relative_path, j.state, j.worker_id, j.events, j.attempts, j.error
            FROM jobs j JOIN cases c ON c.id = j.case_id ORDER BY j.id
            """, connection))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                jobs.Add(new LabJobStatus(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7)));
            }
        }

        var workers = new List<LabWorkerStatus>();
        using (var cmd = new NpgsqlCommand("""
            SELECT w.id, w.host, w.pid, w.db_user,
                   EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = @space
                           AND l.objid::bigint = w.id AND l.objsubid = 2),
                   w.heartbeat_utc
            FROM workers w ORDER BY w.id
            """, connection))
        {
            cmd.Parameters.AddWithValue("space", (long)LabJobs.LivenessLockSpace);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                workers.Add(new LabWorkerStatus(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetBoolean(4), r.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        double? rate = null, eta = null;
        using (var cmd = new NpgsqlCommand("""
            SELECT sum(events)::float8, sum(size)::float8, extract(epoch FROM max(finished_utc) - min(started_utc))::float8,
                   (SELECT coalesce(sum(size), 0)::float8 FROM jobs WHERE state IN ('queued', 'running'))
            FROM jobs WHERE state = 'done'
            """, connection))
        using (var r = cmd.ExecuteReader())
        {
            if (r.Read() && !r.IsDBNull(0) && !r.IsDBNull(2) && r.GetDouble(2) > 0)
            {
                var seconds = r.GetDouble(2);
                rate = r.GetDouble(0) / seconds;
                var bytesPerSecond = r.GetDouble(1) / seconds;
                eta = bytesPerSecond > 0 ? r.GetDouble(3) / bytesPerSecond : null;
            }
        }

        return new LabStatus(jobs, workers, rate, eta);
    }
}

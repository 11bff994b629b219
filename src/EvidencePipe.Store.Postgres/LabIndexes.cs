using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>A finished job's segment set, ready to attach (<see cref="LabJobs.FinishAsync"/>).</summary>
/// <param name="Directory">Relative to the index root (<see cref="LabIndexes.JobDirectory"/>).</param>
/// <param name="Seqs">The event rows (<c>seq</c>) it holds, in any order.</param>
/// <param name="RemoveAndCommit">
/// Removes the documents of these rows (seq, time, id) — rows an attached set already holds — commits, and returns
/// the documents left. Called inside the attaching transaction, so no other set of the case attaches meanwhile.
/// </param>
public sealed record JobIndexAttachment(string Directory, IReadOnlyCollection<long> Seqs, Func<IReadOnlyList<(long Seq, long TimeMs, string Id)>, int> RemoveAndCommit);

/// <summary>
/// The lab's search indexes (issue 20): each job writes its own Lucene segment set under the shared index root, and
/// the set is attached — a <c>case_indexes</c> row — in the same transaction that marks the job done, so a set is
/// counted only once its job is (a worker killed mid-job leaves an unattached directory, which the re-run replaces).
/// Attaching takes a per-case transaction lock and removes from the new set any row an attached set holds (the same
/// content stored under two paths): the attached sets of a case never share an event, so opened together they hold
/// one document per event, as a local case's index does.
/// </summary>
public static class LabIndexes
{
    /// <summary>Advisory-lock namespace (first key) of the per-case attach lock; the second key is the case id.</summary>
    public const int AttachLockSpace = LabJobs.LivenessLockSpace + 1;

    /// <summary>The index root recorded by <c>lab init --index-root</c>, or null.</summary>
    public static string? RecordedRoot(StoreConnection store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT value FROM lab_settings WHERE key = @k", connection);
        cmd.Parameters.AddWithValue("k", LabSchema.IndexRootKey);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Where a job's attempt writes its set, relative to the root: one directory per attempt, so a re-run never reuses a half-written one.</summary>
    public static string JobDirectory(LeasedJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return FormattableString.Invariant($"case-{job.CaseId}/job-{job.Id}-a{job.Attempt}");
    }

    /// <summary>The attached sets of a case (directory relative to the root, documents), in attach order.</summary>
    public static IReadOnlyList<(string Directory, long Documents)> Attached(StoreConnection store, int caseId)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT dir, docs FROM case_indexes WHERE case_id = @c ORDER BY id", connection);
        cmd.Parameters.AddWithValue("c", caseId);
        using var r = cmd.ExecuteReader();
        var list = new List<(string, long)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), r.GetInt64(1)));
        }

        return list;
    }

    /// <summary>Attaches <paramref name="index"/> for <paramref name="caseId"/> inside <paramref name="tx"/> (see the class remarks).</summary>
    internal static async Task AttachAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int caseId, long jobId, JobIndexAttachment index, CancellationToken cancellationToken)
    {
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@space, @c)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue("space", AttachLockSpace);
            lockCmd.Parameters.AddWithValue("c", caseId);
            await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var (lows, highs) = Runs(index.Seqs);
        const string NoRows = "'{}'::int8multirange";
        const string Mine = $"(SELECT coalesce(range_agg(int8range(l, h, '[]')), {NoRows}) FROM unnest(@l::bigint[], @h::bigint[]) AS t(l, h))";

        // Rows an attached set of the case already holds (rare: identical content under two paths, each a job).
        var shared = new List<(long, long, string)>();
        await using (var cmd = new NpgsqlCommand($"""
            WITH mine AS (SELECT {Mine} AS m),
                 overlap AS (SELECT coalesce(range_agg(r), {NoRows}) AS o
                             FROM case_indexes ci, mine, unnest(ci.seqs * mine.m) AS r WHERE ci.case_id = @c)
            SELECT e.seq, e.time_ms, e.id FROM events e, overlap
            WHERE NOT isempty(overlap.o) AND e.case_id = @c AND e.seq <@ overlap.o
            ORDER BY e.seq
            """, connection, tx))
        {
            cmd.Parameters.AddWithValue("l", lows);
            cmd.Parameters.AddWithValue("h", highs);
            cmd.Parameters.AddWithValue("c", caseId);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                shared.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2)));
            }
        }

        var docs = index.RemoveAndCommit(shared);
        if (docs == 0)
        {
            return;
        }

        await using (var cmd = new NpgsqlCommand($"""
            INSERT INTO case_indexes(case_id, job_id, dir, docs, seqs)
            SELECT @c, @j, @d, @n, {Mine} - coalesce((SELECT range_agg(int8range(s, s, '[]')) FROM unnest(@s::bigint[]) AS u(s)), {NoRows})
            """, connection, tx))
        {
            cmd.Parameters.AddWithValue("c", caseId);
            cmd.Parameters.AddWithValue("j", jobId);
            cmd.Parameters.AddWithValue("d", index.Directory);
            cmd.Parameters.AddWithValue("n", (long)docs);
            cmd.Parameters.AddWithValue("l", lows);
            cmd.Parameters.AddWithValue("h", highs);
            cmd.Parameters.AddWithValue("s", shared.Select(s => s.Item1).ToArray());
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The seqs as runs of consecutive numbers (inserted rows take consecutive seqs, so a job is a few runs).</summary>
    private static (long[] Lows, long[] Highs) Runs(IReadOnlyCollection<long> seqs)
    {
        var sorted = seqs.Order().ToArray();
        var lows = new List<long>();
        var highs = new List<long>();
        foreach (var s in sorted)
        {
            if (highs.Count > 0 && s <= highs[^1] + 1)
            {
                highs[^1] = Math.Max(highs[^1], s);
            }
            else
            {
                lows.Add(s);
                highs.Add(s);
            }
        }

        return (lows.ToArray(), highs.ToArray());
    }
}

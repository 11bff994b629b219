using System.Text.Json;
using EvidencePipe.Pipeline;
using EvidencePipe.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>
/// Issue 20's "Done when": two cases queued in a real PostgreSQL lab store and ingested by three worker processes,
/// the first SIGKILLed mid-job at a named fault point (<see cref="FaultPoint"/>, no timing): every job ends done,
/// no event is stored twice, and each case's export is byte-identical to the same inputs ingested locally into
/// SQLite (the oracle: the embedded engine, through the unchanged local path). <c>links</c> finds what the two
/// cases share; the investigator role is refused any change by the server itself.
/// </summary>
public sealed class LabWorkerTests(ITestOutputHelper output) : IDisposable
{
    // SIGKILL seen by the parent: 128 + 9.
    private const int KilledBySigkill = 137;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_cases_ingested_by_three_workers_one_killed_mid_job_export_exactly_as_the_same_inputs_ingested_locally()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await Cli.RunAsync("lab", "init", "--store", db.OwnerStore)).ExitCode);
        await db.GrantAsync();

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, seed, events) in new[] { ("op-ivy", "1", "3000"), ("op-oak", "2", "2000") })
        {
            var corpus = _dir.Combine(name);
            Assert.Equal(0, (await Cli.RunAsync("synth", "--out", corpus, "--events", events, "--seed", seed)).ExitCode);
            inputs[name] = corpus;
            if (name == "op-oak")
            {
                // Exhibits in a sub-folder: a job ingests one file, yet records the path a local ingest of the root does.
                Directory.CreateDirectory(Path.Combine(corpus, "exhibit-2", "phone"));
                foreach (var file in Directory.GetFiles(corpus, "*.xml"))
                {
                    File.Move(file, Path.Combine(corpus, "exhibit-2", "phone", Path.GetFileName(file)));
                }
            }

            var submit = await Cli.RunAsync("lab", "submit", "--store", db.WorkerStore, "--case", name, "--tz", "Europe/London", "--json", corpus);
            Assert.True(submit.ExitCode == 0, submit.Stderr);
            Assert.Equal(Directory.GetFiles(corpus, "*", SearchOption.AllDirectories).Length, JsonDocument.Parse(submit.Stdout).RootElement.GetProperty("jobs").GetInt32());
        }

        // Worker 1 alone, armed to kill itself half-way through its first store transaction: it must die (the kill
        // must land) holding a job, which the server shows as running for a worker whose session is gone.
        var killed = await Cli.RunAsync(new Dictionary<string, string> { [FaultPoint.Variable] = $"{FaultPoint.MidBatch}:1" },
            "lab", "worker", "--store", db.WorkerStore, "--exit-when-idle");
        Assert.Equal(KilledBySigkill, killed.ExitCode);
        var afterKill = Status(await Cli.RunAsync("lab", "status", "--store", db.WorkerStore, "--json"));
        var orphan = Assert.Single(afterKill.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("state").GetString() == "running");

        // Workers 2 and 3 together: they share out the queue and take over the orphaned job.
        var runs = await Task.WhenAll(
            Cli.RunAsync("lab", "worker", "--store", db.WorkerStore, "--exit-when-idle"),
            Cli.RunAsync("lab", "worker", "--store", db.WorkerStore, "--exit-when-idle", "--workers", "2"));
        foreach (var run in runs)
        {
            output.WriteLine(run.Stdout + run.Stderr);
            Assert.Equal(0, run.ExitCode);
        }

        var status = Status(await Cli.RunAsync("lab", "status", "--store", db.WorkerStore, "--json"));
        var jobs = status.GetProperty("jobs").EnumerateArray().ToList();
        Assert.All(jobs, j => Assert.Equal("done", j.GetProperty("state").GetString()));
        var redone = Assert.Single(jobs, j => j.GetProperty("id").GetInt64() == orphan.GetProperty("id").GetInt64());
        Assert.Equal(2, redone.GetProperty("attempts").GetInt32());
        Assert.NotEqual(orphan.GetProperty("worker").GetInt64(), redone.GetProperty("worker").GetInt64());
        Assert.Equal(3, status.GetProperty("workers").GetArrayLength());

        foreach (var (name, corpus) in inputs)
        {
            var local = _dir.Combine("local-" + name);
            var ingest = await Cli.RunAsync("ingest", corpus, "--case", local, "--tz", "Europe/London", "--quiet");
            Assert.True(ingest.ExitCode == 0, ingest.Stderr);
            var expected = await Cli.RunAsync("export", "--case", local, "--format", "jsonl");
            var lab = await Cli.RunAsync("export", "--store", db.InvestigatorStore, "--case", name, "--format", "jsonl");
            Assert.Equal(0, lab.ExitCode);
            Assert.True(expected.Stdout.Length > 1000);
            Assert.Equal(expected.Stdout, lab.Stdout);
        }

        // No event twice: the rows the server holds are exactly the exported lines, each id once.
        var exported = 0L;
        foreach (var name in inputs.Keys)
        {
            exported += (await Cli.RunAsync("export", "--store", db.WorkerStore, "--case", name, "--format", "jsonl")).Stdout.Count(c => c == '\n');
        }

        Assert.Equal(exported, await db.ScalarAsync<long>("SELECT count(*) FROM events"));
        Assert.Equal(exported, await db.ScalarAsync<long>("SELECT count(DISTINCT (case_id, id)) FROM events"));

        // Every command was audited with the database user that ran it.
        Assert.Equal(3L, await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'lab' AND arguments_json LIKE '[\"worker\"%' AND db_user = '{db.WorkerUser}'"));
        Assert.True(await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'export' AND db_user = '{db.InvestigatorUser}'") >= 2);

        await LinksFindTheNumberBothCasesShare(db, inputs);

        // The same cases held locally link the same way (links --case DIR --case DIR).
        var ivy = _dir.Combine("local-op-ivy");
        var oak = _dir.Combine("local-op-oak");
        var localLinks = await Cli.RunAsync("links", "--case", ivy, "--case", oak, "--json");
        Assert.Equal(0, localLinks.ExitCode);
        Assert.Equal((await Cli.RunAsync("links", "--store", db.InvestigatorStore, "--json")).Stdout,
            localLinks.Stdout.Replace($"\"{ivy}\"", "\"op-ivy\"", StringComparison.Ordinal).Replace($"\"{oak}\"", "\"op-oak\"", StringComparison.Ordinal));
        await TheInvestigatorRoleCannotChangeACase(db, inputs["op-ivy"]);
        await TheWorkerRoleCannotDeleteEvidenceOrRewriteTheAuditLog(db);
    }

    /// <summary>
    /// The synthetic generator gives every corpus the same counter-parties; the oracle is the local exports: the
    /// number and first/last times of events each identifier is sender of (or, on a non-incoming event, recipient of).
    /// </summary>
    private async Task LinksFindTheNumberBothCasesShare(TestDatabase db, Dictionary<string, string> inputs)
    {
        const string shared = "tel:+441632960111";
        var run = await Cli.RunAsync("links", "--store", db.InvestigatorStore, "--json");
        Assert.Equal(0, run.ExitCode);
        var link = Assert.Single(JsonDocument.Parse(run.Stdout).RootElement.GetProperty("links").EnumerateArray(), l => l.GetProperty("identifier").GetString() == shared);
        var cases = link.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(inputs.Keys.Order(StringComparer.Ordinal), cases.Select(c => c.GetProperty("case").GetString()!).Order(StringComparer.Ordinal));
        foreach (var c in cases)
        {
            var name = c.GetProperty("case").GetString()!;
            var export = (await Cli.RunAsync("export", "--case", _dir.Combine("local-" + name), "--format", "jsonl")).Stdout;
            var times = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("time_basis").GetString() != "undated")
                .Where(e => e.GetProperty("from").GetString() == shared
                    || (e.GetProperty("direction").GetString() != "incoming" && e.GetProperty("to").EnumerateArray().Any(t => t.GetString() == shared)))
                .Select(e => e.GetProperty("time").GetString()!)
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.NotEmpty(times);
            Assert.Equal(times.Count, c.GetProperty("events").GetInt32());
            Assert.Equal(times[0], c.GetProperty("first").GetString());
            Assert.Equal(times[^1], c.GetProperty("last").GetString());
        }
    }

    private static async Task TheInvestigatorRoleCannotChangeACase(TestDatabase db, string corpus)
    {
        await using var c = new NpgsqlConnection(db.InvestigatorConnection);
        await c.OpenAsync();
        foreach (var sql in new[]
        {
            "UPDATE events SET text = 'altered'",
            "DELETE FROM events",
            "INSERT INTO case_meta(case_id, key, value) SELECT id, 'time_zone', 'UTC' FROM cases",
            "UPDATE jobs SET state = 'queued'",
            "DELETE FROM audit",
        })
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // Through the CLI the same refusal is an exit 5 naming the server's error, not a crash.
        var submit = await Cli.RunAsync("lab", "submit", "--store", db.InvestigatorStore, "--case", "op-ivy", corpus);
        Assert.Equal(5, submit.ExitCode);
        Assert.Contains("42501", submit.Stderr, StringComparison.Ordinal);
    }

    private static async Task TheWorkerRoleCannotDeleteEvidenceOrRewriteTheAuditLog(TestDatabase db)
    {
        await using var c = new NpgsqlConnection(db.WorkerConnection);
        await c.OpenAsync();
        foreach (var sql in new[] { "DELETE FROM events", "UPDATE audit SET command = 'x'", "DELETE FROM audit", "DROP TABLE events", "CREATE TABLE scratch(x int)" })
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains(refused.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege });
        }
    }

    private static JsonElement Status(Cli.Run run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }
}

using System.Text.RegularExpressions;
using EvidencePipe.Pipeline;
using EvidencePipe.TestSupport;
using Xunit.Abstractions;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>
/// Search in the lab (issue 20, item 3) against a real PostgreSQL: jobs write their own Lucene segment sets under the
/// shared index root, attached with the job; <c>search --store</c> opens a case's sets together. The oracle is the
/// same inputs ingested locally into SQLite and searched through the unchanged local path: the lab's output must be
/// the same bytes (hits' <c>case</c> aside: a directory there, the case name here).
/// </summary>
public sealed partial class LabSearchTests(ITestOutputHelper output) : IDisposable
{
    private const int KilledBySigkill = 137;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_lab_case_searched_by_an_investigator_gives_the_local_cases_results_after_a_worker_is_killed_between_its_index_phases()
    {
        await using var db = await TestDatabase.CreateAsync();
        var root = _dir.Combine("index-root");
        Assert.Equal(0, (await Cli.RunAsync("lab", "init", "--store", db.OwnerStore, "--index-root", root)).ExitCode);
        await db.GrantAsync();

        // The same content under two more paths, one sorting before the original and one after: two jobs store the same
        // events, and the attached sets must still hold each event once.
        var corpus = _dir.Combine("corpus");
        Assert.Equal(0, (await Cli.RunAsync("synth", "--out", corpus, "--events", "2500", "--seed", "7")).ExitCode);
        var sms = Assert.Single(Directory.GetFiles(corpus, "sms-*.xml"));
        var chat = Directory.GetFiles(corpus, "WhatsApp*.txt").Order(StringComparer.Ordinal).First();
        Directory.CreateDirectory(Path.Combine(corpus, "a-copy"));
        Directory.CreateDirectory(Path.Combine(corpus, "z-copy"));
        File.Copy(sms, Path.Combine(corpus, "a-copy", Path.GetFileName(sms)));
        File.Copy(chat, Path.Combine(corpus, "z-copy", Path.GetFileName(chat)));

        var local = _dir.Combine("local");
        var ingest = await Cli.RunAsync("ingest", corpus, "--case", local, "--tz", "Europe/London", "--quiet");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        var submit = await Cli.RunAsync("lab", "submit", "--store", db.WorkerStore, "--case", "op-elm", "--tz", "Europe/London", corpus);
        Assert.True(submit.ExitCode == 0, submit.Stderr);

        // Killed after its first job's index was prepared but before it was committed and attached (no timing: a named
        // fault point). The half-written set is on disk, yet counted nowhere.
        var killed = await Cli.RunAsync(new Dictionary<string, string> { [FaultPoint.Variable] = $"{FaultPoint.IndexCommit}:1" },
            "lab", "worker", "--store", db.WorkerStore, "--exit-when-idle");
        Assert.Equal(KilledBySigkill, killed.ExitCode);
        var orphan = await db.ScalarAsync<long>("SELECT id FROM jobs WHERE state = 'running'");
        var halfWritten = Path.Combine(root, FormattableString.Invariant($"case-1/job-{orphan}-a1"));
        Assert.True(Directory.Exists(halfWritten));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM case_indexes"));

        var runs = await Task.WhenAll(
            Cli.RunAsync("lab", "worker", "--store", db.WorkerStore, "--exit-when-idle"),
            Cli.RunAsync("lab", "worker", "--store", db.WorkerStore, "--exit-when-idle", "--workers", "2"));
        foreach (var run in runs)
        {
            output.WriteLine(run.Stdout + run.Stderr);
            Assert.Equal(0, run.ExitCode);
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE state <> 'done'"));
        // The re-run wrote a fresh set and removed the half-written one.
        Assert.False(Directory.Exists(halfWritten));
        Assert.True(Directory.Exists(Path.Combine(root, FormattableString.Invariant($"case-1/job-{orphan}-a2"))));
        // One document per stored event over the attached sets, and no event in two of them (the server's own arithmetic).
        Assert.Equal(await db.ScalarAsync<long>("SELECT count(*) FROM events"), await db.ScalarAsync<long>("SELECT sum(docs)::bigint FROM case_indexes"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM case_indexes a JOIN case_indexes b ON a.id < b.id AND a.seqs && b.seqs"));
        Assert.Equal(await db.ScalarAsync<long>("SELECT count(*) FROM events"),
            await db.ScalarAsync<long>("SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM case_indexes c WHERE e.seq <@ c.seqs)"));

        string[] queries =
        [
            "the", "hello OR love", "from:07700900666", "\"outside your house\"", "channel:sms after:2024-03-01", "kind:call direction:incoming",
            "lov*", "hous~", "\"you are\"~3", "NOT the channel:whatsapp",
        ];
        var compared = 0;
        foreach (var query in queries)
        {
            foreach (var sort in new[] { "time", "relevance", "oldest" })
            {
                var expected = await Cli.RunAsync("search", "--case", local, "--json", "--limit", "5000", "--sort", sort, query);
                Assert.True(expected.ExitCode == 0, expected.Stderr);
                var lab = await Cli.RunAsync("search", "--store", db.InvestigatorStore, "--case", "op-elm", "--json", "--limit", "5000", "--sort", sort, query);
                Assert.True(lab.ExitCode == 0, lab.Stderr);
                Assert.Equal(WithoutCase(expected.Stdout), WithoutCase(lab.Stdout));
                Assert.Empty(lab.Stderr);
                compared += expected.Stdout.Length > 100 ? 1 : 0;
            }
        }

        Assert.True(compared >= 20, $"only {compared} searches had hits to compare");

        // The human listing too: one case, so no case names in it.
        var human = await Cli.RunAsync("search", "--case", local, "--limit", "30", "outside");
        Assert.Equal(human.Stdout, (await Cli.RunAsync("search", "--store", db.InvestigatorStore, "--case", "op-elm", "--limit", "30", "outside")).Stdout);

        // Every search was audited with the read-only database user, search terms included.
        Assert.Equal((queries.Length * 3) + 1, await db.ScalarAsync<long>(
            $"SELECT count(*) FROM audit WHERE command = 'search' AND db_user = '{db.InvestigatorUser}'"));
    }

    private static string WithoutCase(string json) => CaseField().Replace(json, string.Empty);

    [GeneratedRegex("\"case\":\"[^\"]*\",")]
    private static partial Regex CaseField();
}

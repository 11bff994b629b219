using System.Diagnostics;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Crash safety (issues 8 and 12): a real child <c>evidencepipe ingest</c> is SIGKILLed at several points;
/// after each kill the case database must open and pass <c>PRAGMA integrity_check</c>, and once the
/// ingest is re-run to completion the export must be byte-identical to a clean single run — no event
/// lost, none duplicated — and so must the search index: one document per event, and every query class
/// finds exactly the events (ids and total) it finds in the clean case.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    // Large enough that an ingest outlasts the 2.2 s kill with room to spare (at ~45k events/s here,
    // 30,000 events finished before the 1.5 s kill and the test lost two of its kill points).
    private const int Events = 200_000;

    // A guard against a hung child, not a timing: a shared machine under load has taken more than 2 minutes for the clean run.
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(15);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Where a kill lands: a fixed time after start, or once the case's write-ahead log shows written batches.</summary>
    public sealed record KillPoint(string Name, int AfterMilliseconds, long WalBytes = 0);

    [Fact]
    public async Task A_killed_ingest_leaves_a_readable_case_and_a_rerun_gives_exactly_the_clean_export()
    {
        var corpus = _dir.Combine("corpus");
        var synth = await CliRunner.RunAsync("synth", "--out", corpus, "--events", Events.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7");
        Assert.Equal(0, synth.ExitCode);

        var clean = _dir.Combine("clean");
        Assert.Equal(0, await RunChildAsync(Ingest(corpus, clean), kill: null));
        var expected = await ExportAsync(clean);
        Assert.True(expected.Split('\n').Length > Events);
        var expectedSearches = await SearchesAsync(clean);
        Assert.All(expectedSearches.Values, ids => Assert.NotEmpty(ids));

        KillPoint[][] scenarios =
        [
            [new("100 ms", 100)],
            [new("300 ms", 300)],
            [new("800 ms", 800)],
            [new("1500 ms", 1500)],
            [new("2200 ms", 2200)],
            [new("WAL ≥ 1 MiB (mid-write)", 30_000, WalBytes: 1 << 20)],
            [new("600 ms", 600), new("rerun killed at 1200 ms", 1200)],
        ];
        var killsLanded = 0;
        for (var s = 0; s < scenarios.Length; s++)
        {
            var caseDir = _dir.Combine($"killed{s}");
            foreach (var point in scenarios[s])
            {
                var exit = await RunChildAsync(Ingest(corpus, caseDir), point);
                var events = CheckIntegrity(caseDir);
                killsLanded += exit is null ? 1 : 0;
                output.WriteLine($"scenario {s}, kill at {point.Name}: {(exit is null ? "killed" : $"had already exited with {exit}")}; {(events is { } n ? $"case holds {n} events, integrity ok" : "no case database created yet")}");
            }

            Assert.Equal(0, await RunChildAsync(Ingest(corpus, caseDir), kill: null));
            Assert.Equal(expected, await ExportAsync(caseDir));
            Assert.Equal(EventCount(caseDir), IndexDocuments(caseDir));
            var searches = await SearchesAsync(caseDir);
            foreach (var (query, ids) in expectedSearches)
            {
                Assert.True(ids.SequenceEqual(searches[query]), $"scenario {s}: '{query}' found {searches[query].Count} events, the clean case {ids.Count}");
            }
        }

        // Most kills must land while the ingest is still running, or the test proves nothing.
        Assert.True(killsLanded >= 6, $"only {killsLanded} kills landed before the ingest finished");
    }

    /// <summary>Query classes whose results (every hit's id, newest first, and the total) a re-run must reproduce.</summary>
    private static readonly string[] Queries = ["you", "\"outside your house\"", "from:07700900666", "thin*", "call AND me", "channel:whatsapp -you", "regrt~"];

    private static async Task<Dictionary<string, List<string>>> SearchesAsync(string caseDir)
    {
        var results = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var query in Queries)
        {
            var run = await CliRunner.RunAsync("search", "--case", caseDir, "--json", "--limit", "1000000", query);
            Assert.Equal(0, run.ExitCode);
            var ids = run.Json.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();
            Assert.Equal(run.Json.GetProperty("total").GetInt64(), ids.Count);
            results[query] = ids;
        }

        return results;
    }

    private static long EventCount(string caseDir)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(caseDir, "case.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Documents in the index's last commit, read with Lucene directly (deleted ones not counted).</summary>
    private static long IndexDocuments(string caseDir)
    {
        using var directory = new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(Path.Combine(caseDir, "index")));
        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        return reader.NumDocs;
    }

    private static string[] Ingest(string corpus, string caseDir) => ["ingest", corpus, "--case", caseDir, "--workers", "2", "--quiet"];

    private static async Task<string> ExportAsync(string caseDir)
    {
        var run = await CliRunner.RunAsync("export", "--case", caseDir, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        return run.Stdout;
    }

    /// <summary>Opens the case database as the next run would and checks it page by page; the event count, or null when no database was created yet.</summary>
    private static long? CheckIntegrity(string caseDir)
    {
        var db = Path.Combine(caseDir, "case.db");
        if (!File.Exists(db))
        {
            return null;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar() as string);
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'events'";
        if ((long)count.ExecuteScalar()! == 0)
        {
            return 0;
        }

        count.CommandText = "SELECT count(*) FROM events";
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Runs the built CLI as a child process; with a kill point, SIGKILLs it there and returns null if the kill landed.</summary>
    private static async Task<int?> RunChildAsync(string[] args, KillPoint? kill)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "evidencepipe.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (kill is not null)
        {
            var clock = Stopwatch.StartNew();
            var wal = Path.Combine(args[Array.IndexOf(args, "--case") + 1], "case.db-wal");
            while (!process.HasExited && clock.ElapsedMilliseconds < kill.AfterMilliseconds
                   && !(kill.WalBytes > 0 && File.Exists(wal) && new FileInfo(wal).Length >= kill.WalBytes))
            {
                await Task.Delay(kill.WalBytes > 0 ? 5 : 10);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally blocks, no flush
                await process.WaitForExitAsync();
                return null;
            }
        }

        using var limit = new CancellationTokenSource(RunLimit);
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
        return process.ExitCode;
    }
}

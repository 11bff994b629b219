using System.Diagnostics;
using EvidencePipe.Pipeline;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Crash safety (issues 8, 12 and 19): a real child <c>evidencepipe ingest</c> SIGKILLs itself at a named
/// fault point (<see cref="FaultPoint"/>, <c>EVIDENCEPIPE_FAULT=NAME:N</c>) — after a hash, mid-batch, before
/// and after a store commit, between the two phases of an index commit — rather than at a wall-clock moment,
/// so every kill lands at the same place on a fast or a slow machine. After each kill the case database must
/// open and pass <c>PRAGMA integrity_check</c>, and once the ingest is re-run to completion the export must be
/// byte-identical to a clean single run — no event lost, none duplicated — and so must the search index: one
/// document per event, and every query class finds exactly the events (ids and total) it finds in the clean case.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    // Several store transactions (the writer commits at most 16,384 records at a time) and six source files.
    private const int Events = 60_000;

    // SIGKILL seen by the parent: 128 + 9.
    private const int KilledBySigkill = 137;

    // A guard against a hung child, not a timing: a shared machine under load has taken more than 2 minutes for the clean run.
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(15);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_ingest_killed_at_every_fault_point_leaves_a_readable_case_and_a_rerun_gives_exactly_the_clean_export()
    {
        var corpus = _dir.Combine("corpus");
        var synth = await CliRunner.RunAsync("synth", "--out", corpus, "--events", Events.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7");
        Assert.Equal(0, synth.ExitCode);
        // A database inside a zip, read through a temporary copy: the after-temp-copy point.
        HostileZips.Write(_dir.Combine("hostile"));
        File.Copy(_dir.Combine("hostile", "database.zip"), Path.Combine(corpus, "database.zip"));

        var clean = _dir.Combine("clean");
        Assert.Equal(0, await RunChildAsync(Ingest(corpus, clean), fault: null));
        var expected = await ExportAsync(clean);
        Assert.True(expected.Split('\n').Length > Events);
        var expectedSearches = await SearchesAsync(clean);
        Assert.All(expectedSearches.Values, ids => Assert.NotEmpty(ids));

        // Every point at its first pass and at a later one. A new case's index is first committed by the feed at the
        // end of the run (no empty commit on open), so the index commit's "later pass" is the re-run's: killed
        // mid-batch first, the re-run is then killed committing the catch-up of what the store already held.
        // The last scenario kills the re-run as well.
        string[][] scenarios =
        [
            [$"{FaultPoint.AfterHash}:1"], [$"{FaultPoint.AfterHash}:4"],
            [$"{FaultPoint.MidBatch}:1"], [$"{FaultPoint.MidBatch}:3"],
            [$"{FaultPoint.BeforeCommit}:1"], [$"{FaultPoint.BeforeCommit}:3"],
            [$"{FaultPoint.AfterCommit}:1"], [$"{FaultPoint.AfterCommit}:3"],
            [$"{FaultPoint.IndexCommit}:1"], [$"{FaultPoint.MidBatch}:2", $"{FaultPoint.IndexCommit}:1"],
            [$"{FaultPoint.AfterCommit}:2", $"{FaultPoint.MidBatch}:2"],
            [$"{FaultPoint.Checkpoint}:1"], [$"{FaultPoint.AfterTempCopy}:1"],
            [$"{FaultPoint.BeforeIdIndex}:1"],
        ];
        Assert.Equal(FaultPoint.All.Order(StringComparer.Ordinal), scenarios.SelectMany(s => s).Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal));
        for (var s = 0; s < scenarios.Length; s++)
        {
            var caseDir = _dir.Combine($"killed{s}");
            foreach (var fault in scenarios[s])
            {
                // The kill must land: a point the run never reached would prove nothing.
                Assert.Equal(KilledBySigkill, await RunChildAsync(Ingest(corpus, caseDir), fault));
                var events = CheckIntegrity(caseDir);
                output.WriteLine($"scenario {s}, killed at {fault}: {(events is { } n ? $"case holds {n} events, integrity ok" : "no case database created yet")}");
            }

            Assert.Equal(0, await RunChildAsync(Ingest(corpus, caseDir), fault: null));
            Assert.False(Directory.Exists(Path.Combine(caseDir, "tmp")), $"scenario {s}: a temporary copy survived the re-run");
            Assert.Equal(expected, await ExportAsync(caseDir));
            Assert.Equal(EventCount(caseDir), IndexDocuments(caseDir));
            Assert.True(HasUniqueIdIndex(caseDir), $"scenario {s}: the case has no unique index on events.id after the re-run");
            var searches = await SearchesAsync(caseDir);
            foreach (var (query, ids) in expectedSearches)
            {
                Assert.True(ids.SequenceEqual(searches[query]), $"scenario {s}: '{query}' found {searches[query].Count} events, the clean case {ids.Count}");
            }
        }
    }

    [Fact]
    public async Task A_run_killed_after_copying_a_database_out_of_a_zip_leaves_the_copy_under_the_case_and_the_next_run_sweeps_it()
    {
        var evidence = _dir.Combine("evidence");
        HostileZips.Write(_dir.Combine("hostile"));
        Directory.CreateDirectory(evidence);
        File.Copy(_dir.Combine("hostile", "database.zip"), Path.Combine(evidence, "database.zip"));
        var machineTemp = _dir.Combine("machine-tmp");
        Directory.CreateDirectory(machineTemp);
        var clean = _dir.Combine("clean");
        Assert.Equal(0, await RunChildAsync(Ingest(evidence, clean), fault: null, machineTemp));
        Assert.False(Directory.Exists(Path.Combine(clean, "tmp")));

        var killed = _dir.Combine("killed");
        Assert.Equal(KilledBySigkill, await RunChildAsync(Ingest(evidence, killed), $"{FaultPoint.AfterTempCopy}:1", machineTemp));
        // The copy sits in the case's own folder — byte for byte the entry Python reads from the archive — not in the machine's temp folder.
        var left = Assert.Single(Directory.GetFiles(Path.Combine(killed, "tmp"), "*", SearchOption.AllDirectories));
        Assert.Equal("mmssms.db", Path.GetFileName(left));
        var entrySha = HostileZips.Python("import hashlib,sys,zipfile\nprint(hashlib.sha256(zipfile.ZipFile(sys.argv[1]).read('data/mmssms.db')).hexdigest())", Path.Combine(evidence, "database.zip")).Trim();
        Assert.Equal(entrySha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(left))));
        Assert.Empty(Directory.GetFileSystemEntries(machineTemp, "evidencepipe-*")); // the runtime's own diagnostic sockets may be there

        Assert.Equal(0, await RunChildAsync(Ingest(evidence, killed), fault: null, machineTemp));
        Assert.False(Directory.Exists(Path.Combine(killed, "tmp")));
        Assert.Empty(Directory.GetFileSystemEntries(machineTemp, "evidencepipe-*")); // the runtime's own diagnostic sockets may be there
        var expected = await ExportAsync(clean);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await ExportAsync(killed));
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

    /// <summary>Whether SQLite reports a one-column unique index on <c>events.id</c> (its own index_list/index_info pragmas).</summary>
    private static bool HasUniqueIdIndex(string caseDir)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(caseDir, "case.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var indexes = connection.CreateCommand();
        indexes.CommandText = "SELECT name FROM pragma_index_list('events') WHERE \"unique\" = 1";
        var unique = new List<string>();
        using (var r = indexes.ExecuteReader())
        {
            while (r.Read())
            {
                unique.Add(r.GetString(0));
            }
        }

        foreach (var name in unique)
        {
            using var columns = connection.CreateCommand();
            columns.CommandText = $"SELECT group_concat(name) FROM pragma_index_info('{name}')";
            if (columns.ExecuteScalar() as string == "id")
            {
                return true;
            }
        }

        return false;
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

    /// <summary>Runs the built CLI as a child process, with <paramref name="fault"/> armed when given; returns its exit code.</summary>
    private static async Task<int> RunChildAsync(string[] args, string? fault, string? machineTemp = null)
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

        if (fault is not null)
        {
            start.Environment[FaultPoint.Variable] = fault;
        }

        if (machineTemp is not null)
        {
            start.Environment["TMPDIR"] = machineTemp; // Path.GetTempPath() on Unix
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(RunLimit);
        await process.WaitForExitAsync(limit.Token);
        Assert.True(fault is not null || process.ExitCode == 0, $"{string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
        return process.ExitCode;
    }
}

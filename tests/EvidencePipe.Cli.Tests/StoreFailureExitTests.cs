using EvidencePipe.Store.Sqlite;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Store failures end a command with exit 5 and one line naming the file — no stack trace — and leave
/// nothing half-written (issue 19, "Errors map to the contract").
/// </summary>
public sealed class StoreFailureExitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("search", "hello")]
    [InlineData("export", "--format", "csv", "--out", "OUT")]
    [InlineData("manifest", "--out", "OUT")]
    [InlineData("contacts")]
    public async Task A_damaged_case_gives_exit_5_and_one_line_naming_the_database(string command, params string[] rest)
    {
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("sms_backup", "sms_small.xml"), "--case", _dir.Combine("case"));
        var damaged = _dir.Combine("damaged");
        CliRunner.CopyTree(_dir.Combine("case"), damaged);
        var db = Path.Combine(damaged, CaseStore.DatabaseFileName);
        using (var file = File.OpenWrite(db))
        {
            file.Write(Enumerable.Repeat((byte)0x5A, 100).ToArray()); // the 100-byte SQLite header (sqlite.org/fileformat2.html §1.3)
        }

        var output = _dir.Combine("out.file");
        var run = await CliRunner.RunAsync([command, "--case", damaged, .. rest.Select(a => a == "OUT" ? output : a)]);

        Assert.Equal(5, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"evidencepipe: {db}: the case database is damaged", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task A_full_store_stops_ingest_with_exit_5_and_the_next_run_completes_the_same_case_a_clean_run_makes()
    {
        var evidence = RepoPaths.Fixture("demo");
        var capped = _dir.Combine("capped");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", RepoPaths.Fixture("sms_backup", "sms_small.xml"), "--case", capped)).ExitCode);
        var pages = long.Parse(PythonSqlite.Scalar(Path.Combine(capped, CaseStore.DatabaseFileName), "PRAGMA page_count"), System.Globalization.CultureInfo.InvariantCulture);

        // 40 pages (160 KiB) more than the small case: the demo's 3,000 events need far more.
        var full = await ProcessRunner.RunAsync(
            new Dictionary<string, string> { [CaseStore.MaxPagesVariable] = (pages + 40).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "ingest", evidence, "--case", capped, "--workers", "1", "--quiet");

        Assert.Equal(5, full.ExitCode);
        var line = Assert.Single(full.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"evidencepipe: {Path.Combine(capped, CaseStore.DatabaseFileName)}: the disk, or the store's size limit, is full", line, StringComparison.Ordinal);
        Assert.Equal("ok", PythonSqlite.Scalar(Path.Combine(capped, CaseStore.DatabaseFileName), "PRAGMA integrity_check"));

        // Nothing half-written: the run after the failure leaves exactly the case a clean run leaves.
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", evidence, "--case", capped, "--workers", "1")).ExitCode);
        var clean = _dir.Combine("clean");
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("sms_backup", "sms_small.xml"), "--case", clean);
        await CliRunner.RunAsync("ingest", evidence, "--case", clean, "--workers", "1");
        var a = await CliRunner.RunAsync("export", "--case", capped, "--format", "jsonl");
        var b = await CliRunner.RunAsync("export", "--case", clean, "--format", "jsonl");
        Assert.True(a.Stdout.Length > 100_000);
        Assert.Equal(b.Stdout, a.Stdout);
    }
}

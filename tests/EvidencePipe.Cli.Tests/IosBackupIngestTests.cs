using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// An iOS backup ingested end to end. The oracle is <c>fixtures/ios_backup/expected.json</c>, written by
/// tools/make_ios_backup_fixture.py: each stored file's name (fileID = SHA-1(domain-relativePath), Python's
/// hashlib), its SHA-256, and the rows of its database that become events (Python's sqlite3).
/// </summary>
public sealed class IosBackupIngestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("ios_backup", "expected.json"))).RootElement;

    private static List<JsonElement> Export(CliRunner.Run run) =>
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private string CopyBackup(string kind)
    {
        var evidence = _dir.Combine("evidence-" + kind);
        CliRunner.CopyTree(RepoPaths.Fixture("ios_backup", kind), evidence);
        return evidence;
    }

    [Fact]
    public async Task Each_stored_file_is_read_under_its_domain_path_with_the_rows_the_oracle_counted()
    {
        var evidence = CopyBackup("plain");
        var udid = Expected.GetProperty("plain").GetProperty("udid").GetString()!;
        var before = CliRunner.HashTree(evidence);

        var ingest = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--tz", "Europe/London", "--json");
        var events = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl"));

        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr); // the real databases carry record-level notes
        foreach (var file in Expected.GetProperty("plain").GetProperty("files").EnumerateArray())
        {
            var path = $"{udid}/{file.GetProperty("stored").GetString()}!/{file.GetProperty("domain").GetString()}/{file.GetProperty("relativePath").GetString()}";
            var fromFile = events.Where(e => e.GetProperty("source").GetProperty("path").GetString() == path).ToList();
            var expectedEvents = file.GetProperty("events").ValueKind == JsonValueKind.Number ? file.GetProperty("events").GetInt32() : 0;
            Assert.True(expectedEvents == fromFile.Count, $"{path}: {fromFile.Count} events, oracle {expectedEvents}");
            Assert.All(fromFile, e => Assert.Equal(file.GetProperty("sha256").GetString(), e.GetProperty("source").GetProperty("sha256").GetString()));
        }

        Assert.Equal(Expected.GetProperty("plain").GetProperty("files").EnumerateArray().Sum(f => f.GetProperty("events").ValueKind == JsonValueKind.Number ? f.GetProperty("events").GetInt32() : 0), events.Count);
        Assert.Equal(1, ingest.Json.GetProperty("formats").GetProperty("ios-backup-manifest-db").GetInt32());
        Assert.Equal(before, CliRunner.HashTree(evidence)); // every file unchanged, none added beside the evidence
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"))).ExitCode);
    }

    [Fact]
    public async Task A_backup_gives_the_same_event_ids_as_its_files_ingested_loose()
    {
        var evidence = CopyBackup("plain");
        var loose = _dir.Combine("loose");
        Directory.CreateDirectory(loose);
        foreach (var file in Expected.GetProperty("plain").GetProperty("files").EnumerateArray())
        {
            var fixture = RepoPaths.Fixture([.. file.GetProperty("fixture").GetString()!.Split('/')]);
            File.Copy(fixture, Path.Combine(loose, file.GetProperty("fileID").GetString() + Path.GetExtension(fixture)));
        }

        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("backup"), "--tz", "Europe/London");
        await CliRunner.RunAsync("ingest", loose, "--case", _dir.Combine("loose-case"), "--tz", "Europe/London");
        var fromBackup = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("backup"), "--format", "jsonl"));
        var fromLoose = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("loose-case"), "--format", "jsonl"));

        Assert.NotEmpty(fromBackup);
        Assert.Equal(fromLoose.Select(e => e.GetProperty("id").GetString()), fromBackup.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(fromLoose.Select(e => e.GetProperty("text").ToString()), fromBackup.Select(e => e.GetProperty("text").ToString()));
    }

    [Fact]
    public async Task An_encrypted_backup_gives_one_clear_diagnostic_no_events_and_stays_unchanged()
    {
        var evidence = CopyBackup("encrypted");
        var before = CliRunner.HashTree(evidence);

        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Stdout.Split('\n'), l => l.Contains("encrypted iOS backup (Manifest.plist IsEncrypted = true)", StringComparison.Ordinal));
        Assert.Contains("1 diagnostics in 1 sources", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(": 0 events", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.HashTree(evidence));
    }
}

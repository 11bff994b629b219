using System.IO.Compression;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class ZipContainerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<JsonElement> Export(CliRunner.Run run) =>
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task Entries_are_read_in_place_and_give_the_same_events_as_the_loose_files()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        ZipFile.CreateFromDirectory(RepoPaths.Fixture("demo"), Path.Combine(evidence, "phone-export.zip"));
        var before = CliRunner.HashTree(evidence);

        var zipped = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("zipcase"), "--json");
        Assert.Equal(0, zipped.ExitCode);
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", _dir.Combine("plain"));
        var fromZip = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("zipcase"), "--format", "jsonl"));
        var fromFiles = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("plain"), "--format", "jsonl"));

        Assert.Equal(fromFiles.Select(e => e.GetProperty("id").GetString()), fromZip.Select(e => e.GetProperty("id").GetString()));
        Assert.All(fromZip, e => Assert.StartsWith("phone-export.zip!/", e.GetProperty("source").GetProperty("path").GetString(), StringComparison.Ordinal));
        Assert.Equal(before, CliRunner.HashTree(evidence)); // nothing extracted or changed beside the evidence
    }

    [Fact]
    public async Task Verify_rehashes_entries_and_fails_when_the_archive_changes()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var zip = Path.Combine(evidence, "export.zip");
        ZipFile.CreateFromDirectory(RepoPaths.Fixture("demo"), zip);
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"))).ExitCode);

        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry("contacts.vcf")!;
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("contacts.vcf").Open());
            writer.Write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Else\r\nEND:VCARD\r\n");
        }

        var run = await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("export.zip!/contacts.vcf", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_that_climb_out_of_the_archive_or_look_like_bombs_are_refused_with_diagnostics()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var zip = Path.Combine(evidence, "hostile.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "../../escape.vcf", "BEGIN:VCARD\r\nFN:X\r\nEND:VCARD\r\n");
            Write(archive, "/etc/absolute.vcf", "BEGIN:VCARD\r\nFN:X\r\nEND:VCARD\r\n");
            Write(archive, "bomb.txt", new string('0', 8 << 20));
            Write(archive, "ok/contacts.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fine\r\nTEL:07700900111\r\nEND:VCARD\r\n");
        }

        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("hostile.zip @ entry ../../escape.vcf: skipped: entry path is absolute or climbs out", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hostile.zip @ entry /etc/absolute.vcf: skipped", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hostile.zip @ entry bomb.txt: skipped: compression ratio", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("formats: vcard 1", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("escape.vcf")));
    }

    [Fact]
    public async Task A_damaged_archive_is_reported_and_the_batch_continues()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        await File.WriteAllBytesAsync(Path.Combine(evidence, "broken.zip"), [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5]);
        File.Copy(RepoPaths.Fixture("vcard", "rfc6350-example.vcf"), Path.Combine(evidence, "card.vcf"));
        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(1, run.Json.GetProperty("formats").GetProperty("vcard").GetInt32());
    }

    private static void Write(ZipArchive archive, string name, string content)
    {
        using var writer = new StreamWriter(archive.CreateEntry(name, CompressionLevel.Optimal).Open());
        writer.Write(content);
    }
}

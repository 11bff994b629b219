using System.Security.Cryptography;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class ManifestCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_manifest_lists_every_source_with_its_hash_and_counts_in_path_order()
    {
        var evidence = _dir.Combine("evidence");
        CliRunner.CopyTree(RepoPaths.Fixture("demo"), evidence);
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));

        var run = await CliRunner.RunAsync("manifest", "--case", _dir.Combine("case"), "--out", _dir.Combine("manifest.csv"));

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllText(_dir.Combine("manifest.csv")).Split("\r\n");
        Assert.Equal("path,size,sha256,format,status,records_read,records_recovered,records_skipped,diagnostics", lines[0]);
        Assert.Equal("", lines[^1]);
        var rows = lines[1..^1].Select(l => l.Split(',')).ToList();

        // The demo folder, listed by hand: six files, their names ordinally sorted.
        Assert.Equal(["WhatsApp Chat with Jordan.txt", "WhatsApp Chat with Sam.txt", "calls-20240430.xml", "contacts.vcf", "mail-20240430.mbox", "sms-20240430.xml"],
            rows.Select(r => r[0]));
        foreach (var r in rows)
        {
            var file = Path.Combine(evidence, r[0]);
            Assert.Equal(new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), r[1]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), r[2]);
            Assert.Equal("complete", r[4]);
        }

        Assert.Equal(["whatsapp-text", "whatsapp-text", "sms-backup-calls-xml", "vcard", "mbox", "sms-backup-xml"], rows.Select(r => r[3]));
    }

    [Fact]
    public async Task Diagnostics_are_listed_one_per_row_with_quoted_fields()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.Copy(RepoPaths.Fixture("sms_backup", "shruggietech_malformed.xml"), Path.Combine(evidence, "bad, \"quoted\".xml"));
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));

        var run = await CliRunner.RunAsync("manifest", "--case", _dir.Combine("case"), "--diagnostics", _dir.Combine("diagnostics.csv"));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("path,size,", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"bad, \"\"quoted\"\".xml\",", run.Stdout, StringComparison.Ordinal);
        var diagnostics = File.ReadAllText(_dir.Combine("diagnostics.csv"));
        Assert.StartsWith("source_path,source_sha256,locator,severity,reason\r\n", diagnostics, StringComparison.Ordinal);
        using var store = CaseStore.Open(_dir.Combine("case"), create: false);
        var expected = store.ReadSources().Single().Diagnostics;
        Assert.True(expected > 0);
        Assert.Equal(expected, diagnostics.Split("\r\n\"bad, \"\"quoted\"\".xml\",").Length - 1);
    }

    [Fact]
    public async Task The_same_case_gives_the_same_manifest_bytes()
    {
        var evidence = _dir.Combine("evidence");
        CliRunner.CopyTree(RepoPaths.Fixture("demo"), evidence);
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("a"), "--workers", "1");
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("b"), "--workers", "2");

        var a = await CliRunner.RunAsync("manifest", "--case", _dir.Combine("a"));
        var b = await CliRunner.RunAsync("manifest", "--case", _dir.Combine("b"));

        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Fact]
    public async Task The_audit_log_holds_every_command_with_its_arguments_including_search_terms()
    {
        var evidence = _dir.Combine("evidence");
        CliRunner.CopyTree(RepoPaths.Fixture("demo"), evidence);
        var caseDir = _dir.Combine("case");
        string[][] commands =
        [
            ["ingest", evidence, "--case", caseDir, "--tz", "Europe/London"],
            ["search", "--case", caseDir, "--json", "\"outside your house\"", "OR", "from:Jordan"],
            ["contacts", "--case", caseDir, "--json"],
            ["export", "--case", caseDir, "--format", "jsonl", "--out", _dir.Combine("events.jsonl")],
            ["manifest", "--case", caseDir, "--out", _dir.Combine("manifest.csv")],
            ["verify", "--case", caseDir],
        ];
        foreach (var args in commands)
        {
            await CliRunner.RunAsync(args);
        }

        using var store = CaseStore.Open(caseDir, create: false);
        var audit = store.ReadAudit();

        Assert.Equal(commands.Select(c => c[0]), audit.Select(a => a.Command));
        Assert.Equal(commands.Select(c => c[1..]), audit.Select(a => a.Arguments.ToArray()));
        Assert.Contains("\"outside your house\"", audit[1].Arguments);
        Assert.Equal(Environment.UserName, audit[0].User);
    }
}

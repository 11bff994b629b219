using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// A Cellebrite .ufdr ingested end to end. Oracle: fixtures/cellebrite/expected.json (tools/make_cellebrite_fixture.py
/// reads the written report back with Python's xml.etree, the attachment's SHA-256 with zipfile + hashlib).
/// </summary>
public sealed class CellebriteIngestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("cellebrite", "expected.json"))).RootElement;

    [Fact]
    public async Task A_ufdr_is_read_in_place_with_its_attachment_hashed_and_the_evidence_left_unchanged()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.Copy(RepoPaths.Fixture("cellebrite", "sample.ufdr"), Path.Combine(evidence, "exhibit.ufdr"));
        var before = CliRunner.HashTree(evidence);

        var ingest = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--json");
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var events = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr);
        Assert.Equal(1, ingest.Json.GetProperty("formats").GetProperty("cellebrite-report-xml").GetInt32());
        var fromReport = events.Where(e => e.GetProperty("source").GetProperty("path").GetString() == "exhibit.ufdr!/report.xml").ToList();
        var oracleEvents = Expected.GetProperty("models").EnumerateArray().Count(m => m.GetProperty("type").GetString() is "InstantMessage" or "SMS" or "MMS" or "Call" or "Email");
        Assert.Equal(oracleEvents, fromReport.Count);
        var withAttachment = Assert.Single(fromReport, e => e.GetProperty("attachments").GetArrayLength() > 0);
        Assert.Equal(Expected.GetProperty("image_sha256").GetString(), withAttachment.GetProperty("attachments")[0].GetProperty("sha256").GetString());
        Assert.Equal(before, CliRunner.HashTree(evidence)); // nothing extracted, nothing changed
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"))).ExitCode);
    }
}

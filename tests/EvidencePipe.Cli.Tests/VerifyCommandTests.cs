using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verify_passes_on_untouched_evidence_and_exits_3_after_one_byte_changes()
    {
        var evidence = _dir.Combine("evidence");
        CliRunner.CopyTree(RepoPaths.Fixture("demo"), evidence);
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        var ok = await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"));
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("6 of 6 sources verified", ok.Stdout, StringComparison.Ordinal);

        var target = Path.Combine(evidence, "calls-20240430.xml");
        var bytes = File.ReadAllBytes(target);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(target, bytes);

        var bad = await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"), "--json");
        Assert.Equal(3, bad.ExitCode);
        Assert.Equal(1, bad.Json.GetProperty("failures").GetInt32());
        var mismatch = bad.Json.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("status").GetString() != "ok");
        Assert.Equal("calls-20240430.xml", mismatch.GetProperty("path").GetString());
        Assert.Equal("mismatch", mismatch.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_missing_source_is_an_integrity_failure()
    {
        var evidence = _dir.Combine("evidence");
        CliRunner.CopyTree(RepoPaths.Fixture("demo"), evidence);
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        File.Delete(Path.Combine(evidence, "contacts.vcf"));
        var run = await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("MISSING: contacts.vcf", run.Stdout, StringComparison.Ordinal);
    }
}

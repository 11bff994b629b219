using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_demo_ingests_every_bundled_file_ranks_the_stalker_first_and_writes_the_report()
    {
        var run = await CliRunner.RunAsync("demo", "--case", _dir.Combine("case"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3,002 events", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("formats: mbox 1, sms-backup-calls-xml 1, sms-backup-xml 1, vcard 1, whatsapp-text 2", run.Stdout, StringComparison.Ordinal);
        var table = run.Stdout[run.Stdout.IndexOf("rank score band", StringComparison.Ordinal)..];
        var firstRow = table.Split('\n')[1];
        Assert.Matches(@"^\s+1\s+\d+ high\s", firstRow);
        Assert.Contains("Jordan Blake <email:jordan.blake@example.com, name:Jordan, tel:+447700900666>", firstRow, StringComparison.Ordinal);
        Assert.Contains("report: " + _dir.Combine("case", "report.html"), run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir.Combine("case", "report.html")));
        Assert.Contains("I'm [outside your house]", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bundled_demo_is_exactly_what_synth_seed_1_writes()
    {
        var run = await CliRunner.RunAsync("synth", "--out", _dir.Combine("synth"), "--events", "3000", "--seed", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CliRunner.HashTree(RepoPaths.Fixture("demo")), CliRunner.HashTree(_dir.Combine("synth")));
    }
}

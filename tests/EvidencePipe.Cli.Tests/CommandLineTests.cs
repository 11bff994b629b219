using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>The command line as System.CommandLine parses it (CommandSpecs, CommandLine, Program).</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly string[] Commands = ["ingest", "search", "export", "contacts", "report", "verify", "manifest", "validate", "demo", "synth"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_command_has_help_with_its_options_and_an_example()
    {
        foreach (var command in Commands)
        {
            var run = await CliRunner.RunAsync(command, "--help");
            Assert.True(run.ExitCode == 0, command + ": " + run.Stderr);
            Assert.Contains("evidencepipe " + command, run.Stdout, StringComparison.Ordinal);
            Assert.Contains("Example: evidencepipe " + command, run.Stdout, StringComparison.Ordinal);
            Assert.Contains("Options:", run.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Issue 16: a bad option used to be found after the case was opened and the audit row written.
    /// Every usage error below must exit 1 and leave the case directory byte-identical.
    /// </summary>
    [Theory]
    [InlineData("search", "--json=true", "hello")]
    [InlineData("search", "--jsno", "hello")]
    [InlineData("search", "--sort", "sideways", "hello")]
    [InlineData("search", "--limit", "many", "hello")]
    [InlineData("search", "after:01/03/2024")]
    [InlineData("search", "(unclosed")]
    [InlineData("export", "--format", "xml")]
    [InlineData("contacts", "--order", "party=07700900666")]
    [InlineData("contacts", "--limit", "0")]
    [InlineData("verify", "--json=yes")]
    [InlineData("verify", "stray")]
    [InlineData("manifest", "--outt", "x.csv")]
    public async Task A_bad_command_line_is_a_usage_error_that_leaves_the_case_byte_identical(params string[] args)
    {
        var caseDir = await IngestSmallCaseAsync();
        var before = CliRunner.HashTree(caseDir);

        var run = await CliRunner.RunAsync([args[0], "--case", caseDir, .. args[1..]]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("evidencepipe: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.HashTree(caseDir));
    }

    [Fact]
    public async Task Ingest_with_a_bad_zone_or_worker_count_creates_no_case_at_all()
    {
        var evidence = await WriteChatAsync();
        foreach (var bad in new[] { new[] { "--tz", "Mars/Olympus" }, ["--workers", "0"], ["--region", "XX"], ["--quiet=1"] })
        {
            var run = await CliRunner.RunAsync(["ingest", evidence, "--case", _dir.Combine("never"), .. bad]);
            Assert.Equal(1, run.ExitCode);
            Assert.False(Directory.Exists(_dir.Combine("never")), string.Join(' ', bad));
        }
    }

    [Fact]
    public async Task A_misspelt_option_is_answered_with_the_nearest_one()
    {
        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("c"), "--jsno", "hello");
        Assert.Contains("unknown option --jsno for search (did you mean --json?)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_can_come_from_a_response_file_and_the_audit_records_what_they_stood_for()
    {
        var caseDir = await IngestSmallCaseAsync();
        var direct = await CliRunner.RunAsync("search", "--case", caseDir, "--json", "stop");
        var file = _dir.Combine("search.rsp");
        await File.WriteAllLinesAsync(file, ["--case", caseDir, "--json", "stop"]);

        var viaFile = await CliRunner.RunAsync("search", "@" + file);

        Assert.Equal(0, viaFile.ExitCode);
        Assert.Equal(direct.Stdout, viaFile.Stdout);
        using var store = Store.Sqlite.CaseStore.Open(caseDir, create: false);
        var audit = store.ReadAudit();
        Assert.Equal(["--case", caseDir, "--json", "stop"], audit[^1].Arguments);
    }

    [Fact]
    public async Task A_flag_written_as_a_separate_word_still_works_and_version_prints_the_tool_version()
    {
        var version = await CliRunner.RunAsync("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("evidencepipe ", version.Stdout, StringComparison.Ordinal);
        var unknown = await CliRunner.RunAsync("serch");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown command 'serch' (did you mean search?)", unknown.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> WriteChatAsync()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        await File.WriteAllTextAsync(Path.Combine(evidence, "WhatsApp Chat with Jordan.txt"),
            "13/03/2024, 10:00 - Jordan: hello\n" +
            "13/03/2024, 10:05 - Alex: stop contacting me\n");
        return evidence;
    }

    private async Task<string> IngestSmallCaseAsync()
    {
        var caseDir = _dir.Combine("case");
        var ingest = await CliRunner.RunAsync("ingest", await WriteChatAsync(), "--case", caseDir, "--owner", "name:Alex", "--quiet");
        Assert.Equal(0, ingest.ExitCode);
        return caseDir;
    }
}

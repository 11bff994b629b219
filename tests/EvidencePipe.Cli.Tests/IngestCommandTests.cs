using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class IngestCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Demo => RepoPaths.Fixture("demo");

    [Fact]
    public async Task Ingesting_the_demo_reports_the_contract_fields()
    {
        var run = await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--owner", "07700900123", "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal(6, json.GetProperty("sources").GetInt32());
        Assert.True(json.GetProperty("events").GetInt64() >= 1990);
        Assert.Equal(1, json.GetProperty("formats").GetProperty("sms-backup-xml").GetInt32());
        Assert.Equal(1, json.GetProperty("formats").GetProperty("sms-backup-calls-xml").GetInt32());
        Assert.Equal(1, json.GetProperty("formats").GetProperty("vcard").GetInt32());
        Assert.Equal(1, json.GetProperty("formats").GetProperty("mbox").GetInt32());
        Assert.Equal(0, json.GetProperty("diagnostics").GetInt32());
        Assert.True(json.GetProperty("elapsed_s").GetDouble() > 0);
    }

    [Fact]
    public async Task The_same_input_ingested_twice_gives_the_same_event_count_and_adds_nothing()
    {
        var first = await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--json");
        var second = await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--json");
        Assert.Equal(first.Json.GetProperty("events").GetInt64(), second.Json.GetProperty("events").GetInt64());
        Assert.Equal(0, second.Json.GetProperty("events_added").GetInt64());
        Assert.Equal(6, second.Json.GetProperty("sources_already_ingested").GetInt32());
    }

    [Fact]
    public async Task Evidence_files_are_unchanged_and_nothing_is_created_beside_them()
    {
        var evidence = _dir.Combine("evidence");
        CliRunner.CopyTree(RepoPaths.Fixtures, evidence);
        var before = CliRunner.HashTree(evidence);
        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--json");
        Assert.Equal(2, run.ExitCode); // the real fixtures include damaged files
        Assert.Equal(before, CliRunner.HashTree(evidence));
    }

    [Fact]
    public async Task Malformed_sources_give_diagnostics_and_exit_2_while_the_rest_is_ingested()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.Copy(RepoPaths.Fixture("sms_backup", "shruggietech_malformed.xml"), Path.Combine(evidence, "malformed.xml"));
        File.Copy(RepoPaths.Fixture("sms_backup", "sms_small.xml"), Path.Combine(evidence, "good.xml"));
        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Json.GetProperty("diagnostics").GetInt32() > 0);
        var human = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        Assert.Contains("malformed.xml @ ", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_keeps_its_time_zone()
    {
        await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--tz", "Europe/London");
        var run = await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--tz", "America/New_York");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Europe/London", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_keeps_its_language_and_searches_with_its_stemmer()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--language", "en", "--quiet")).ExitCode);
        var run = await CliRunner.RunAsync("ingest", Demo, "--case", _dir.Combine("case"), "--language", "german");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--language english", run.Stderr, StringComparison.Ordinal);

        // English stemming: "regrets" and "regret" are one word; without a language only the exact form matches.
        var stemmed = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "--limit", "0", "regrets");
        var exact = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "--limit", "0", "regret");
        Assert.True(stemmed.Json.GetProperty("total").GetInt32() > 0);
        Assert.Equal(exact.Json.GetProperty("total").GetInt32(), stemmed.Json.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("ingest", "--case")]
    [InlineData("ingest", "/no/such/path", "--case", "x")]
    [InlineData("ingest", ".", "--case", "x", "--workers", "0")]
    [InlineData("ingest", ".", "--case", "x", "--tz", "Nowhere/Land")]
    [InlineData("ingest", ".", "--case", "x", "--frobnicate", "1")]
    [InlineData("ingest", ".", "--case", "x", "--language", "klingon")]
    [InlineData("search", "--case", "/no/such/case", "x")]
    [InlineData("export", "--case", "x", "--format", "xml")]
    [InlineData("launch")]
    public async Task Usage_errors_exit_1_with_a_message(params string[] args)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("evidencepipe: ", run.Stderr, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class SearchCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SearchCommandTests() =>
        CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", _dir.Combine("case"), "--owner", "07700900123").GetAwaiter().GetResult();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_phrase_search_returns_exactly_the_exported_events_containing_the_phrase()
    {
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var expected = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("text").GetString()?.Contains("outside your house", StringComparison.OrdinalIgnoreCase) == true)
            .Select(e => e.GetProperty("id").GetString()).Order().ToList();
        Assert.NotEmpty(expected);

        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "--limit", "100000", "\"outside your house\"");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.Count, run.Json.GetProperty("total").GetInt32());
        Assert.Equal(expected, run.Json.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).Order().ToList());
    }

    [Fact]
    public async Task Hits_carry_the_contract_fields_and_are_newest_first_by_default()
    {
        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "--limit", "20", "from:07700900666");
        var hits = run.Json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(20, hits.Count);
        foreach (var field in new[] { "id", "time", "channel", "direction", "from", "to", "text", "snippet", "source" })
        {
            Assert.True(hits[0].TryGetProperty(field, out _), field);
        }

        Assert.All(hits, h => Assert.Equal("tel:+447700900666", h.GetProperty("from").GetString()));
        var times = hits.Select(h => h.GetProperty("time").GetString()).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task Search_terms_are_recorded_in_the_audit_log()
    {
        await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "regret", "channel:sms");
        using var store = CaseStore.Open(_dir.Combine("case"), create: false);
        var entry = store.ReadAudit()[^1];
        Assert.Equal("search", entry.Command);
        Assert.Contains("regret", entry.Arguments);
        Assert.Contains("channel:sms", entry.Arguments);
    }

    [Fact]
    public async Task A_malformed_query_exits_1()
    {
        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "\"unclosed");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unclosed quote", run.Stderr, StringComparison.Ordinal);
    }
}

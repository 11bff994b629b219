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

    [Fact]
    public async Task Several_cases_are_searched_together_and_each_hit_names_its_case()
    {
        var second = _dir.Combine("case2");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", second, "--owner", "07700900123")).ExitCode);
        var one = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "--limit", "100000", "\"outside your house\"");
        var single = one.Json.GetProperty("total").GetInt32();
        Assert.True(single > 0);

        // The same evidence in both cases: every hit twice, once per case; newest first across them.
        var both = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--case", second, "--json", "--limit", "100000", "\"outside your house\"");
        Assert.Equal(0, both.ExitCode);
        Assert.Equal(2 * single, both.Json.GetProperty("total").GetInt32());
        var hits = both.Json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(single, hits.Count(h => h.GetProperty("case").GetString() == _dir.Combine("case")));
        Assert.Equal(single, hits.Count(h => h.GetProperty("case").GetString() == second));
        var times = hits.Select(h => h.GetProperty("time").GetString()).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);

        // A folder holding cases stands for each of them.
        var folder = await CliRunner.RunAsync("search", "--case", _dir.Path, "--json", "--limit", "5", "\"outside your house\"");
        Assert.Equal(2 * single, folder.Json.GetProperty("total").GetInt32());
        Assert.Equal(5, folder.Json.GetProperty("hits").GetArrayLength());
    }

    [Theory]
    [InlineData("after:01/03/2024")]
    [InlineData("before:2024/03/01")]
    [InlineData("kind:letter")]
    public async Task A_date_that_is_not_ISO_8601_or_an_unknown_field_value_exits_1(string query)
    {
        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), query);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task The_new_fields_select_the_events_the_export_says_they_should()
    {
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var expected = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "call" && e.GetProperty("direction").GetString() == "incoming")
            .Select(e => e.GetProperty("id").GetString()).Order().ToList();
        Assert.NotEmpty(expected);
        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "--limit", "100000", "kind:call direction:incoming");
        Assert.Equal(expected, run.Json.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).Order().ToList());
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Web.Tests;

/// <summary>The JSON API against the CLI's own output for the same case (both run here), the audit log, and the read-only surface.</summary>
public sealed class WebServerTests(ServedCase served) : IClassFixture<ServedCase>
{
    private const string Phrase = "\"outside your house\"";

    [Theory]
    [InlineData(Phrase, "time", "7")]
    [InlineData("from:07700900666 OR channel:email", "oldest", "12")]
    [InlineData("hurt* OR regret", "relevance", "5")]
    public async Task Search_answers_with_exactly_what_search_json_prints(string query, string sort, string limit)
    {
        var cli = await ServedCase.Cli("search", "--case", served.CaseDir, "--json", "--limit", limit, "--sort", sort, query);
        Assert.Equal(0, cli.ExitCode);
        var api = await served.Http.GetStringAsync($"api/search?q={Uri.EscapeDataString(query)}&limit={limit}&sort={sort}");

        Assert.True(cli.Json.GetProperty("hits").GetArrayLength() > 0, "the query should find something in the demo case");
        Assert.Equal(cli.Stdout.TrimEnd('\n'), api);
    }

    [Fact]
    public async Task A_later_page_continues_the_cli_s_longer_page()
    {
        var cli = await ServedCase.Cli("search", "--case", served.CaseDir, "--json", "--limit", "10", Phrase);
        using var api = JsonDocument.Parse(await served.Http.GetStringAsync($"api/search?q={Uri.EscapeDataString(Phrase)}&limit=5&offset=5"));

        var expected = cli.Json.GetProperty("hits").EnumerateArray().Skip(5).Select(h => h.GetRawText()).ToList();
        var page = api.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetRawText()).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, page);
        Assert.Equal(cli.Json.GetProperty("total").GetInt64(), api.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Contacts_answers_with_exactly_what_contacts_json_prints()
    {
        var cli = await ServedCase.Cli("contacts", "--case", served.CaseDir, "--json");
        Assert.Equal(0, cli.ExitCode);
        var api = await served.Http.GetStringAsync("api/contacts");

        Assert.True(cli.Json.GetProperty("contacts").GetArrayLength() > 0);
        Assert.Equal(cli.Stdout.TrimEnd('\n'), api);
    }

    [Fact]
    public async Task An_event_is_its_export_line_with_the_exhibit_s_hash_as_computed_from_the_file()
    {
        var export = await served.ExportAsync();
        var line = export.Values.First(e => e.GetProperty("source").GetProperty("format").GetString() == "mbox");
        var id = line.GetProperty("id").GetString()!;

        using var api = JsonDocument.Parse(await served.Http.GetStringAsync("api/events/" + id));
        var root = api.RootElement;

        Assert.Equal(line.GetRawText(), root.GetProperty("event").GetRawText());
        var file = RepoPaths.Fixture("demo", line.GetProperty("source").GetProperty("path").GetString()!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))), root.GetProperty("exhibit").GetProperty("sha256").GetString());
        Assert.Equal(new FileInfo(file).Length, root.GetProperty("exhibit").GetProperty("size").GetInt64());
        Assert.Equal("Europe/London", root.GetProperty("time_zone").GetString());
    }

    [Fact]
    public async Task The_histogram_counts_every_hit_per_day_of_the_case_zone()
    {
        // The oracle: the export's SMS events grouped by their London date, with the system's tz data (TimeZoneInfo), not NodaTime.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var expected = (await served.ExportAsync()).Values
            .Where(e => e.GetProperty("channel").GetString() == "sms")
            .GroupBy(e => TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(e.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), london).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}={g.Count()}")
            .ToList();

        using var api = JsonDocument.Parse(await served.Http.GetStringAsync("api/histogram?q=channel:sms"));
        var days = api.RootElement.GetProperty("days").EnumerateArray().Select(d => $"{d.GetProperty("day").GetString()}={d.GetProperty("count").GetInt64()}").ToList();

        Assert.True(expected.Count > 30);
        Assert.Equal(expected, days);
    }

    [Fact]
    public async Task An_unknown_event_is_not_found()
    {
        var response = await served.Http.GetAsync("api/events/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_conversation_is_every_event_to_or_from_the_person_s_identifiers_oldest_first()
    {
        var contacts = (await ServedCase.Cli("contacts", "--case", served.CaseDir, "--json")).Json.GetProperty("contacts");
        var top = contacts[0];
        var ids = top.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()!).ToHashSet(StringComparer.Ordinal);
        var export = await served.ExportAsync();

        // The oracle: the export filtered here by hand, in the export's own order (time, then id).
        var expected = export.Values
            .Where(e => (e.GetProperty("from").GetString() is { } f && ids.Contains(f))
                || e.GetProperty("to").EnumerateArray().Any(t => ids.Contains(t.GetString()!)))
            .OrderBy(e => e.GetProperty("time").GetString(), StringComparer.Ordinal)
            .ThenBy(e => e.GetProperty("id").GetString(), StringComparer.Ordinal)
            .Select(e => e.GetProperty("id").GetString())
            .ToList();

        using var api = JsonDocument.Parse(await served.Http.GetStringAsync("api/conversation?person=" + Uri.EscapeDataString(top.GetProperty("person_id").GetString()!)));
        var got = api.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();

        Assert.True(expected.Count > 100);
        Assert.Equal(expected, got);
        Assert.Equal(expected.Count, api.RootElement.GetProperty("total").GetInt64());
        Assert.True(ids.Select(i => i.Split(':')[0]).Distinct().Count() >= 2, "the person spans several kinds of identifier");
    }

    [Fact]
    public async Task Every_search_and_view_is_in_the_case_audit_log_with_the_user()
    {
        const string query = "\"audit probe 4711\"";
        await served.Http.GetStringAsync("api/search?q=" + Uri.EscapeDataString(query));
        await served.Http.GetStringAsync("api/contacts");
        var id = (await served.ExportAsync()).Keys.First();
        await served.Http.GetStringAsync("api/events/" + id);

        var rows = ServedCase.ServeAuditRows(served.CaseDir);

        var user = Environment.UserName;
        Assert.Contains(rows, a => a.SequenceEqual(["--web-user", user, "search", query]));
        Assert.Contains(rows, a => a.SequenceEqual(["--web-user", user, "contacts", "--case", served.CaseDir]));
        Assert.Contains(rows, a => a.SequenceEqual(["--web-user", user, "event", "--case", served.CaseDir, id]));
    }

    [Theory]
    [InlineData("POST", "/api/search?q=x")]
    [InlineData("PUT", "/api/contacts")]
    [InlineData("DELETE", "/api/events/abc")]
    [InlineData("PATCH", "/api/conversation?person=x")]
    [InlineData("POST", "/")]
    public async Task Nothing_accepts_a_write(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        var response = await served.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("app.js")]
    [InlineData("api/contacts")]
    public async Task Every_answer_carries_a_strict_content_security_policy(string path)
    {
        var response = await served.Http.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_the_parser_refuses_is_a_bad_request_with_its_reason()
    {
        var response = await served.Http.GetAsync("api/search?q=" + Uri.EscapeDataString("after:yesterday"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("yesterday", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exhibit_the_case_records_that_is_not_a_photo_is_not_served()
    {
        // The mbox is an exhibit of the demo case (its SHA-256 computed here from the fixture), but not a photo or video.
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(RepoPaths.Fixture("demo", "mail-20240430.mbox"))));
        var export = await served.ExportAsync();
        Assert.Contains(export.Values, e => e.GetProperty("source").GetProperty("sha256").GetString() == sha);

        var response = await served.Http.GetAsync($"media/{sha}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("From ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

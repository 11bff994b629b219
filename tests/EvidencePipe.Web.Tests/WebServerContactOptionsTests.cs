using System.Text.Json;
using EvidencePipe.Cli.Commands;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Web.Tests;

/// <summary><c>serve --order/--aliases/--lexicon</c>: the page's contacts are those of <c>contacts</c> given the same options.</summary>
public sealed class WebServerContactOptionsTests(ServedCase served) : IClassFixture<ServedCase>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Contacts_with_an_order_aliases_and_a_lexicon_are_exactly_what_contacts_json_prints_with_them()
    {
        var plain = (await ServedCase.Cli("contacts", "--case", served.CaseDir, "--json")).Json.GetProperty("contacts");
        var top = plain[0];
        var second = plain[1];
        // An order against the top person from their first day of contact (case zone), an alias naming the second
        // person's first identifier "Subject A", and a lexicon of one refusal phrase (no threats).
        var party = top.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()!).First(i => i.StartsWith("tel:", StringComparison.Ordinal));
        var from = DateTimeOffset.Parse(top.GetProperty("first").GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var order = $"party={party},from={from},type=RO";
        var aliases = _dir.Combine("aliases.csv");
        await File.WriteAllTextAsync(aliases, $"person,identifier\n\"Subject A\",{second.GetProperty("identifiers")[0].GetString()}\n");
        var lexicon = _dir.Combine("refusal-only.lexicon.json");
        await File.WriteAllTextAsync(lexicon, """
            {"language":"en","version":"force-web-1","rules":[
              {"set":"refusal","id":"refusal.stop","category":"refusal","pattern":"\\bstop (?:contacting|texting|messaging|calling) me\\b"}]}
            """);

        var cli = await ServedCase.Cli("contacts", "--case", served.CaseDir, "--json", "--order", order, "--aliases", aliases, "--lexicon", lexicon);
        Assert.Equal(0, cli.ExitCode);
        await using var server = await WebServer.StartAsync(
            new WebOptions([served.CaseDir], new ListenAddress(System.Net.IPAddress.Loopback, 0), null, "test", ServeCommand.Json)
            {
                Contacts = new ContactOptions([order], aliases, lexicon),
            },
            _ => { },
            CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };
        var api = await http.GetStringAsync("api/contacts");

        Assert.Equal(cli.Stdout.TrimEnd('\n'), api);
        // The options made a difference (so the equality above is not that of two default runs).
        var json = cli.Json;
        Assert.Equal("force-web-1", json.GetProperty("lexicon").GetString());
        Assert.True(json.GetProperty("contacts").EnumerateArray().Sum(c => c.GetProperty("breaches").GetArrayLength()) > 0, "the order's breaches");
        var aliased = json.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Subject A");
        Assert.Contains(second.GetProperty("identifiers")[0].GetString(), aliased.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
        Assert.DoesNotContain(plain.EnumerateArray(), c => c.GetProperty("person").GetString() == "Subject A");
        Assert.NotEqual((await served.Http.GetStringAsync("api/contacts")), api);
    }

    [Fact]
    public async Task Contacts_of_a_case_with_location_and_app_records_carry_the_tracking_fields_contacts_json_prints()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.Copy(RepoPaths.Fixture("location", "Records.json"), Path.Combine(evidence, "Records.json"));
        File.Copy(RepoPaths.Fixture("android_packages", "packages.xml"), Path.Combine(evidence, "packages.xml"));
        var caseDir = _dir.Combine("case");
        // Exit 2: the fixture keeps a few damaged fixes on purpose (each a diagnostic), the rest are read.
        Assert.Contains((await ServedCase.Cli("ingest", evidence, "--case", caseDir, "--tz", "Europe/London", "--quiet")).ExitCode, new[] { 0, 2 });

        var cli = await ServedCase.Cli("contacts", "--case", caseDir, "--json");
        Assert.Equal(0, cli.ExitCode);
        await using var server = await WebServer.StartAsync(
            new WebOptions([caseDir], new ListenAddress(System.Net.IPAddress.Loopback, 0), null, "test", ServeCommand.Json), _ => { }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };
        var api = await http.GetStringAsync("api/contacts");

        Assert.Equal(cli.Stdout.TrimEnd('\n'), api);
        // The fields are there (the equality above is not two answers without them): as many records as the files hold.
        using var records = JsonDocument.Parse(await File.ReadAllBytesAsync(RepoPaths.Fixture("location", "Records.json")));
        Assert.True(cli.Json.GetProperty("location_records").GetInt32() > 0);
        Assert.True(cli.Json.GetProperty("location_records").GetInt32() <= records.RootElement.GetProperty("locations").GetArrayLength());
        Assert.True(cli.Json.GetProperty("app_records").GetInt32() > 0);
    }

    [Fact]
    public async Task Contacts_of_a_case_with_a_stored_place_carry_the_places_contacts_json_prints()
    {
        var evidence = _dir.Combine("evidence-places");
        Directory.CreateDirectory(evidence);
        File.Copy(RepoPaths.Fixture("location", "Records.json"), Path.Combine(evidence, "Records.json"));
        var caseDir = _dir.Combine("case-places");
        Assert.Contains((await ServedCase.Cli("ingest", evidence, "--case", caseDir, "--tz", "Europe/London", "--quiet")).ExitCode, new[] { 0, 2 });
        Assert.Equal(0, (await ServedCase.Cli("places", "add", "--case", caseDir, "refuge=51.5007,-0.1246,500")).ExitCode);

        var cli = await ServedCase.Cli("contacts", "--case", caseDir, "--json");
        Assert.Equal(0, cli.ExitCode);
        await using var server = await WebServer.StartAsync(
            new WebOptions([caseDir], new ListenAddress(System.Net.IPAddress.Loopback, 0), null, "test", ServeCommand.Json), _ => { }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };

        Assert.Equal(cli.Stdout.TrimEnd('\n'), await http.GetStringAsync("api/contacts"));
        Assert.Equal("refuge", cli.Json.GetProperty("places")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("--order", "party=07700900666,from=yesterday", "--order")]
    [InlineData("--aliases", "/nonexistent/aliases.csv", "--aliases")]
    [InlineData("--lexicon", "/nonexistent/own.lexicon.json", "--lexicon")]
    public async Task A_bad_analysis_option_is_refused_before_anything_listens(string option, string value, string named)
    {
        var run = await ServedCase.Cli("serve", "--case", served.CaseDir, "--listen", "127.0.0.1:0", option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }
}

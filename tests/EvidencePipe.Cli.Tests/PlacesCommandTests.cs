using EvidencePipe.Store.Sqlite;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// <c>places add|list|remove</c>: the victim's places kept with the case and looked at by contacts and report, with any
/// one-off <c>--place</c>. The counts of records near each place are the hand computations of
/// <see cref="TrackingEndToEndTests"/> (haversine in Python's math over the records of tools/make_tracking_fixtures.py):
/// refuge 51.5007,-0.1246 r 150 m — 7 records, 1 undated; work 53.4808,-2.2426 r 100 m — 5 records, 1 undated.
/// </summary>
public sealed class PlacesCommandTests : IDisposable
{
    private const string Refuge = "refuge=51.5007,-0.1246,150";
    private const string Work = "work=53.4808,-2.2426";

    private readonly TempDirectory _dir = new();

    public PlacesCommandTests()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        foreach (var (folder, name) in new[] { ("location", "Records.json"), ("location", "Timeline.json"), ("ios_db/synthetic", "Cache.sqlite") })
        {
            File.Copy(RepoPaths.Fixture(folder, name), _dir.Combine("e", name));
        }
    }

    private string Case => _dir.Combine("case");

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, (int Count, int Undated, double Radius)> Places(System.Text.Json.JsonElement json) =>
        json.GetProperty("places").EnumerateArray().ToDictionary(
            p => p.GetProperty("name").GetString()!,
            p => (p.GetProperty("count").GetInt32(), p.GetProperty("undated").GetInt32(), p.GetProperty("radius_m").GetDouble()));

    [Fact]
    public async Task Stored_places_survive_a_re_ingest_and_apply_to_contacts_and_the_report_without_retyping()
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);
        Assert.Equal(0, (await CliRunner.RunAsync("places", "add", "--case", Case, Refuge, Work)).ExitCode);

        // More evidence arrives and the folder is ingested again.
        File.Copy(RepoPaths.Fixture("android_packages", "packages.xml"), _dir.Combine("e", "packages.xml"));
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);

        var list = (await CliRunner.RunAsync("places", "list", "--case", Case, "--json")).Json.GetProperty("places").EnumerateArray().ToList();
        Assert.Equal(["refuge", "work"], list.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal((51.5007, -0.1246, 150.0), (list[0].GetProperty("lat").GetDouble(), list[0].GetProperty("lon").GetDouble(), list[0].GetProperty("radius_m").GetDouble()));
        Assert.Equal(100.0, list[1].GetProperty("radius_m").GetDouble()); // the default radius when none is given

        var contacts = await CliRunner.RunAsync("contacts", "--case", Case, "--json");
        Assert.Equal(0, contacts.ExitCode);
        var places = Places(contacts.Json);
        Assert.Equal((7, 1, 150.0), places["refuge"]);
        Assert.Equal((5, 1, 100.0), places["work"]);

        var report = _dir.Combine("r.html");
        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", report)).ExitCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await File.ReadAllTextAsync(report));
        Assert.Equal("7", doc.QuerySelector("table.places tr[data-place='refuge']")!.Children[3].TextContent);
        Assert.Equal("5", doc.QuerySelector("table.places tr[data-place='work']")!.Children[3].TextContent);
    }

    [Fact]
    public async Task A_one_off_place_is_added_to_the_stored_ones_and_one_with_a_stored_name_stands_in_for_it()
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);
        await CliRunner.RunAsync("places", "add", "--case", Case, Refuge);

        var added = Places((await CliRunner.RunAsync("contacts", "--case", Case, "--json", "--place", Work)).Json);
        Assert.Equal(["refuge", "work"], added.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(((7, 1, 150.0), (5, 1, 100.0)), (added["refuge"], added["work"]));

        // "REFUGE" with work's centre: the stored refuge is not looked at in this run, so its count is work's.
        var standIn = (await CliRunner.RunAsync("contacts", "--case", Case, "--json", "--place", "REFUGE=53.4808,-2.2426")).Json;
        var only = Assert.Single(standIn.GetProperty("places").EnumerateArray());
        Assert.Equal(("REFUGE", 5), (only.GetProperty("name").GetString(), only.GetProperty("count").GetInt32()));

        // The one-off run changed nothing kept: the next plain run sees the stored refuge again.
        Assert.Equal((7, 1, 150.0), Places((await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json)["refuge"]);
    }

    [Fact]
    public async Task Adding_a_stored_name_replaces_it_and_a_removed_place_no_longer_applies_but_stays_recorded()
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);
        await CliRunner.RunAsync("places", "add", "--case", Case, Refuge);
        var replace = await CliRunner.RunAsync("places", "add", "--case", Case, "Refuge=53.4808,-2.2426");
        Assert.Equal(0, replace.ExitCode);
        Assert.Contains("replaces place 1", replace.Stdout, StringComparison.Ordinal);

        var list = (await CliRunner.RunAsync("places", "list", "--case", Case, "--json")).Json.GetProperty("places");
        var stored = Assert.Single(list.EnumerateArray());
        Assert.Equal(("Refuge", 2L), (stored.GetProperty("name").GetString(), stored.GetProperty("id").GetInt64()));
        Assert.Equal(5, Places((await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json)["Refuge"].Count);

        Assert.Equal(0, (await CliRunner.RunAsync("places", "remove", "--case", Case, "2")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("places", "list", "--case", Case, "--json")).Json.GetProperty("places").GetArrayLength());
        var after = (await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json;
        Assert.False(after.TryGetProperty("places", out _));
        Assert.Equal(18, after.GetProperty("location_records").GetInt32()); // Records.json 7 + Timeline.json 8 + Cache.sqlite 3

        // Read with Python's sqlite3: both rows are kept, each marked removed; the audit log holds the five places commands run
        // above (add, add, list, remove, list).
        var db = Path.Combine(Case, CaseStore.DatabaseFileName);
        Assert.Equal("2", PythonSqlite.Scalar(db, "SELECT count(*) FROM places WHERE removed_utc IS NOT NULL"));
        Assert.Equal("2", PythonSqlite.Scalar(db, "SELECT count(*) FROM places"));
        Assert.Equal("5", PythonSqlite.Scalar(db, "SELECT count(*) FROM audit WHERE command = 'places'"));
    }

    [Theory]
    [InlineData("add")]
    [InlineData("add", "refuge=91,0")]
    [InlineData("add", "refuge=51.5,-0.12,0")]
    [InlineData("add", "51.5,-0.12")]
    [InlineData("remove")]
    [InlineData("remove", "one")]
    [InlineData("purge")]
    public async Task A_bad_places_command_is_a_usage_error_and_leaves_the_case_byte_identical(params string[] args)
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);
        var before = CliRunner.HashTree(Case);
        var run = await CliRunner.RunAsync(["places", args[0], "--case", Case, .. args[1..]]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(before, CliRunner.HashTree(Case));
    }

    [Fact]
    public async Task Removing_a_place_the_case_does_not_have_is_a_usage_error_naming_it()
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);

        var run = await CliRunner.RunAsync("places", "remove", "--case", Case, "7");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no place 7", run.Stderr, StringComparison.Ordinal);
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Issue 17, item 2 end to end: a suspect's device with location history (Records.json, Timeline.json, an iOS routined
/// cache) and installed-app lists (packages.xml as text and ABX, applicationState.db) — when was it near the victim's
/// places, and which apps can track. Which fixture records are near was worked out with Python's math (haversine,
/// R = 6371008.8 m; see tools/make_tracking_fixtures.py for the records and GeoDistanceTests for the distances).
/// </summary>
public sealed class TrackingEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TrackingEndToEndTests()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        foreach (var (folder, name) in Files)
        {
            File.Copy(RepoPaths.Fixture(folder, name), _dir.Combine("e", name));
        }
    }

    private static readonly (string Folder, string Name)[] Files =
    [
        ("location", "Records.json"), ("location", "Timeline.json"), ("android_packages", "packages.xml"),
        ("android_packages", "packages_abx.xml"), ("ios_db/synthetic", "applicationState.db"), ("ios_db/synthetic", "Cache.sqlite"),
    ];

    private string Case => _dir.Combine("case");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Contacts_reports_when_the_device_was_near_each_place_and_the_apps_that_can_track()
    {
        Assert.Equal(2, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--perspective", "suspect")).ExitCode); // the hostile records give diagnostics

        var run = await CliRunner.RunAsync("contacts", "--case", Case, "--json", "--place", "refuge=51.5007,-0.1246,150", "--place", "work=53.4808,-2.2426");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;

        // Records.json 7 kept + Timeline.json 8 + Cache.sqlite 3; packages.xml 4 + ABX 3 + applicationState.db 3.
        Assert.Equal((18, 10), (json.GetProperty("location_records").GetInt32(), json.GetProperty("app_records").GetInt32()));
        var places = json.GetProperty("places").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        // Refuge (150 m): Records [0] 53.3 m, [3] 200.2 m with accuracy 80, [5] 0 m; Timeline path point 13.1 m, activity end and
        // raw position 0 m; Cache Z_PK=1 0 m. Records [4] (200.2 m, accuracy 10) and the London Bridge points (2.7 km) are not near.
        var refuge = places["refuge"];
        Assert.Equal((7, 1, 150.0), (refuge.GetProperty("count").GetInt32(), refuge.GetProperty("undated").GetInt32(), refuge.GetProperty("radius_m").GetDouble()));
        Assert.Equal("2024-03-01T08:00:00.000Z", refuge.GetProperty("first").GetString());
        Assert.Equal("2024-03-09T06:00:00.000Z", refuge.GetProperty("last").GetString());
        var evidence = refuge.GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(
            ["locations[0]", "locations[3]", "locations[5]", "semanticSegments[0].timelinePath[0]", "semanticSegments[2].activity.end", "rawSignals[0].position", "ZRTCLLOCATIONMO.Z_PK=1"],
            evidence.Select(e => e.GetProperty("source").GetProperty("locator").GetString()));
        var records = evidence[1].GetProperty("source");
        Assert.Equal(("Records.json", Sha256("location", "Records.json")), (records.GetProperty("path").GetString(), records.GetProperty("sha256").GetString()));
        Assert.Equal((200.2, 80.0), (evidence[1].GetProperty("distance_m").GetDouble(), evidence[1].GetProperty("accuracy_m").GetDouble()));

        // Work (default 100 m): Records [2] 34.6 m; Timeline visit 0 m, the geo: visit 34.6 m and its path point 12.9 m; Cache Z_PK=4 (and Z_PK=3 undated).
        var work = places["work"];
        Assert.Equal((5, 1, 100.0), (work.GetProperty("count").GetInt32(), work.GetProperty("undated").GetInt32(), work.GetProperty("radius_m").GetDouble()));
        Assert.Equal("2024-03-02T08:15:00.123Z", work.GetProperty("first").GetString());
        Assert.Equal("2024-03-09T12:30:30.250Z", work.GetProperty("last").GetString());

        // Listed apps: Find My Device and Life360 in both packages.xml forms, Find My Kids (text form), Apple Find My.
        var apps = json.GetProperty("tracking_apps").EnumerateArray().ToList();
        Assert.Equal(
            ["com.apple.findmy", "com.google.android.apps.adm", "com.google.android.apps.adm", "com.life360.android.safetymapd", "com.life360.android.safetymapd", "org.findmykids.app"],
            apps.Select(a => a.GetProperty("app_id").GetString()).Order(StringComparer.Ordinal));
        var life360 = apps.First(a => a.GetProperty("app_id").GetString() == "com.life360.android.safetymapd" && a.GetProperty("source").GetProperty("path").GetString() == "packages.xml");
        Assert.Equal(("watchware", "2024-02-21T08:45:00.000Z"), (life360.GetProperty("kind").GetString(), life360.GetProperty("installed").GetString()));
        Assert.Equal(Sha256("android_packages", "packages.xml"), life360.GetProperty("source").GetProperty("sha256").GetString());
        Assert.Contains("AssoEchap/stalkerware-indicators", life360.GetProperty("listed_by").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, apps.First(a => a.GetProperty("app_id").GetString() == "com.apple.findmy").GetProperty("installed").ValueKind);

        // The records are events like any other: no location or app record becomes a counter-party.
        Assert.Empty(json.GetProperty("contacts").EnumerateArray());
    }

    [Fact]
    public async Task The_report_gains_the_tracking_panel_with_each_record_as_an_exhibit()
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);
        var path = _dir.Combine("r.html");

        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", path, "--place", "refuge=51.5007,-0.1246,150")).ExitCode);

        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await File.ReadAllTextAsync(path));
        var row = doc.QuerySelector("table.places tr[data-place='refuge']")!;
        Assert.Equal("7", row.Children[3].TextContent);
        Assert.Equal(6, doc.QuerySelectorAll("table.tracking-apps tr[data-app]").Length);
        Assert.Contains(Sha256("ios_db/synthetic", "Cache.sqlite"), doc.QuerySelector("#tracking ~ details")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_without_location_or_app_records_keeps_its_contacts_json_unchanged()
    {
        Directory.CreateDirectory(_dir.Combine("chat"));
        await File.WriteAllTextAsync(_dir.Combine("chat", "WhatsApp Chat with Jordan.txt"), "13/03/2024, 20:00 - Jordan: hello\n");
        await CliRunner.RunAsync("ingest", _dir.Combine("chat"), "--case", _dir.Combine("plain"), "--owner", "name:Alex");

        var json = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("plain"), "--json")).Json;

        Assert.False(json.TryGetProperty("tracking_apps", out _));
        Assert.False(json.TryGetProperty("location_records", out _));
        var withPlace = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("plain"), "--json", "--place", "refuge=51.5007,-0.1246")).Json;
        Assert.Equal((0, 0), (withPlace.GetProperty("location_records").GetInt32(), Assert.Single(withPlace.GetProperty("places").EnumerateArray()).GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task A_malformed_place_is_a_usage_error()
    {
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case);

        var run = await CliRunner.RunAsync("contacts", "--case", Case, "--place", "refuge=91,0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--place", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// A UFDR's installed applications (fixtures/cellebrite_apps/report.xml) are flagged against the bundled list like the
    /// Android and iOS app lists. Expected: the fixture's oracle (expected.json, xml.etree) matched in the test against
    /// src/EvidencePipe.Analysis/Tracking/tracking-apps.json read with System.Text.Json.
    /// </summary>
    [Fact]
    public async Task A_ufdrs_installed_applications_are_flagged_against_the_tracking_app_list()
    {
        Directory.CreateDirectory(_dir.Combine("ufdr"));
        File.Copy(RepoPaths.Fixture("cellebrite_apps", "report.xml"), _dir.Combine("ufdr", "report.xml"));
        var oracle = JsonDocument.Parse(await File.ReadAllTextAsync(RepoPaths.Fixture("cellebrite_apps", "expected.json"))).RootElement
            .GetProperty("models").EnumerateArray().Select(m => m.GetProperty("fields")).Where(f => f.TryGetProperty("Identifier", out _)).ToList();
        var list = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "src", "EvidencePipe.Analysis", "Tracking", "tracking-apps.json"))).RootElement;
        var listedIds = list.GetProperty("apps").EnumerateArray().SelectMany(a => a.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!)).ToHashSet(StringComparer.Ordinal);
        var expected = oracle.Where(f => listedIds.Contains(f.GetProperty("Identifier").GetString()!)).ToList();
        Assert.Equal(3, expected.Count); // the fixture's Life360, Find My Device and Find My Kids

        Assert.Equal(2, (await CliRunner.RunAsync("ingest", _dir.Combine("ufdr"), "--case", Case, "--perspective", "suspect")).ExitCode); // the bad date and the app without an id
        var json = (await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json;

        Assert.Equal(oracle.Count, json.GetProperty("app_records").GetInt32());
        var apps = json.GetProperty("tracking_apps").EnumerateArray().ToList();
        Assert.Equal(expected.Select(f => f.GetProperty("Identifier").GetString()).Order(StringComparer.Ordinal), apps.Select(a => a.GetProperty("app_id").GetString()).Order(StringComparer.Ordinal));
        foreach (var f in expected)
        {
            var a = apps.Single(x => x.GetProperty("app_id").GetString() == f.GetProperty("Identifier").GetString());
            var installed = DateTimeOffset.Parse(f.GetProperty("PurchaseDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
            Assert.Equal(installed.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), a.GetProperty("installed").GetString());
            Assert.Equal(("report.xml", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepoPaths.Fixture("cellebrite_apps", "report.xml"))))),
                (a.GetProperty("source").GetProperty("path").GetString(), a.GetProperty("source").GetProperty("sha256").GetString()));
        }
    }

    private static string Sha256(string folder, string name) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepoPaths.Fixture(folder, name))));
}

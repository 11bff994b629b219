using System.Globalization;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Issue 17, item 4 end to end: the owner's own words about fear, distress and changed routines reach
/// <c>contacts --json</c> and the report's legal panel with their evidence. The phrases are planted by hand below;
/// which messages should be found is decided here (the owner's, not Jordan's), not read off the output.
/// </summary>
public sealed class ImpactCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_owners_impact_words_are_in_contacts_json_and_the_reports_legal_panel_with_their_events()
    {
        // Alex (the owner) writes two messages about the effect on her; Jordan's "I'm scared" is his, not her impact.
        string[] ownerImpact = ["I'm terrified to go out now", "I've changed my number because of you"];
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"),
            "13/03/2024, 20:00 - Jordan: answer me\n14/03/2024, 20:00 - Jordan: I'm scared you'll leave\n"
            + $"14/03/2024, 21:00 - Alex: {ownerImpact[0]}\n15/03/2024, 20:00 - Jordan: answer me\n"
            + $"16/03/2024, 09:00 - Alex: {ownerImpact[1]}\n17/03/2024, 20:00 - Jordan: where are you\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--owner", "name:Alex")).ExitCode);

        // The events that should be found: the owner's messages holding the planted words, by id from the export.
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var expected = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("direction").GetString() == "outgoing" && ownerImpact.Contains(e.GetProperty("text").GetString()))
            .Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, expected.Count);

        var impact = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json")).Json.GetProperty("impact").EnumerateArray().ToList();
        Assert.Equal(expected, impact.Select(i => i.GetProperty("event").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(impact, i => Assert.Contains(ownerImpact, text => text.Contains(i.GetProperty("matched").GetString()!, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(impact, i => i.GetProperty("category").GetString() == "changed day-to-day activities");

        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", _dir.Combine("case"), "--out", _dir.Combine("r.html"))).ExitCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await File.ReadAllTextAsync(_dir.Combine("r.html")));
        var row = doc.QuerySelector("table.legal tr.impact")!;
        Assert.StartsWith(impact.Count.ToString(CultureInfo.InvariantCulture) + " phrases", row.Children[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("to be confirmed by an officer", row.Children[0].TextContent, StringComparison.Ordinal);
        var excerpts = doc.QuerySelectorAll("details.impact table.evidence tr").Skip(1).Select(tr => tr.Children[4].TextContent).Order(StringComparer.Ordinal);
        Assert.Equal(ownerImpact.Order(StringComparer.Ordinal), excerpts);
    }
}

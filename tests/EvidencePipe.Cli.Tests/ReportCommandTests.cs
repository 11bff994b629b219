using System.Text.RegularExpressions;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class ReportCommandTests(GeneratedCase generated) : IClassFixture<GeneratedCase>
{
    private readonly TempDirectory _dir = generated.Directory;

    private async Task<string> Report(string name, params string[] extra)
    {
        var path = _dir.Combine(name);
        var run = await CliRunner.RunAsync(["report", "--case", _dir.Combine("case"), "--out", path, .. extra]);
        Assert.Equal(0, run.ExitCode);
        return await File.ReadAllTextAsync(path);
    }

    [Fact]
    public async Task The_report_is_self_contained_with_no_network_references()
    {
        var html = await Report("a.html");
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_person_of_concern_has_a_chart_indicator_evidence_a_legal_panel_and_the_caveat()
    {
        var html = await Report("b.html", "--order", "party=07700900666,from=2024-04-01,type=RO");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Jordan Blake", html, StringComparison.Ordinal);
        Assert.Contains("Legal panel", html, StringComparison.Ordinal);
        Assert.Contains("Summary-offence time limit", html, StringComparison.Ordinal);
        Assert.Contains("Breaches of RO", html, StringComparison.Ordinal);
        Assert.Contains("do not replace DASH/S-DASH", html, StringComparison.Ordinal);
        Assert.Matches("sms-20240430\\.xml @ sms\\[\\d+\\] line \\d+", html);
        Assert.Contains(">onset ", html, StringComparison.Ordinal);
        Assert.Contains(">refusal ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_case_gives_the_same_report() =>
        Assert.Equal(await Report("c.html"), await Report("d.html"));
}

/// <summary>The report's HTML read through a DOM parser (AngleSharp), not string search.</summary>
public sealed class ReportDomTests(GeneratedCase generated) : IClassFixture<GeneratedCase>
{
    private readonly TempDirectory _dir = generated.Directory;

    private async Task<AngleSharp.Dom.IDocument> Report(params string[] extra)
    {
        var path = _dir.Combine($"dom-{Guid.NewGuid():N}.html");
        var run = await CliRunner.RunAsync(["report", "--case", _dir.Combine("case"), "--out", path, .. extra]);
        Assert.Equal(0, run.ExitCode);
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        return parser.ParseDocument(await File.ReadAllTextAsync(path));
    }

    private async Task<System.Text.Json.JsonElement> Contacts(params string[] extra) =>
        (await CliRunner.RunAsync(["contacts", "--case", _dir.Combine("case"), "--json", .. extra])).Json;

    [Fact]
    public async Task The_ranked_table_has_one_row_per_contact_in_rank_order_with_case_dates()
    {
        var doc = await Report();
        var json = (await Contacts()).GetProperty("contacts").EnumerateArray().ToList();
        var table = doc.QuerySelector("table.ranked")!;
        var headers = table.QuerySelectorAll("tr th").Select(th => th.TextContent).ToList();
        Assert.Contains("first (case date)", headers);
        var rows = table.QuerySelectorAll("tr").Skip(1).ToList();
        Assert.Equal(json.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].QuerySelectorAll("td").Select(td => td.TextContent).ToList();
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(json[i].GetProperty("person").GetString(), cells[1]);
            Assert.Equal(json[i].GetProperty("score").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), cells[8]);
            Assert.Equal(json[i].GetProperty("band").GetString(), cells[9]);
            Assert.Equal("band-" + json[i].GetProperty("band").GetString(), rows[i].QuerySelectorAll("td")[9].ClassName);

            // The person links to their section.
            var href = rows[i].QuerySelector("a")?.GetAttribute("href");
            if (href is not null)
            {
                Assert.Equal(json[i].GetProperty("person_id").GetString(), href.TrimStart('#'));
            }
        }
    }

    [Fact]
    public async Task The_first_contacts_dates_are_case_local_dates()
    {
        // "first" in JSON is a UTC instant; the report's date is that instant's calendar day in Europe/London.
        var doc = await Report();
        var first = (await Contacts()).GetProperty("contacts")[0];
        var utc = DateTimeOffset.Parse(first.GetProperty("first").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var london = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var cell = doc.QuerySelector("table.ranked")!.QuerySelectorAll("tr")[1].QuerySelectorAll("td")[6].TextContent;
        Assert.Equal(london.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cell);
        Assert.Contains("Europe/London", doc.QuerySelector("p.clock")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_indicator_card_of_the_person_of_concern_matches_the_json_and_lists_its_evidence()
    {
        var doc = await Report();
        var top = (await Contacts()).GetProperty("contacts")[0];
        var section = doc.GetElementById(top.GetProperty("person_id").GetString()!);
        Assert.NotNull(section);
        var codes = doc.QuerySelectorAll("details.indicator").Select(d => d.GetAttribute("data-code")).ToList();
        foreach (var indicator in top.GetProperty("indicators").EnumerateArray())
        {
            Assert.Contains(indicator.GetProperty("code").GetString(), codes);
        }

        var threats = doc.QuerySelectorAll("details.indicator").First(d => d.GetAttribute("data-code") == "threats");
        var evidenceRows = threats.QuerySelectorAll("table.evidence tr").Skip(1).ToList();
        Assert.NotEmpty(evidenceRows);

        // Case time and the source's own recorded time are separate columns; both parse as times.
        foreach (var row in evidenceRows)
        {
            var cells = row.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
            Assert.True(DateTime.TryParseExact(cells[0], "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _), cells[0]);
            Assert.True(DateTimeOffset.TryParseExact(cells[1], "yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _), cells[1]);
        }
    }

    [Fact]
    public async Task The_chart_is_an_svg_with_bars_and_the_onset_marker_on_the_onset_date()
    {
        var doc = await Report();
        var top = (await Contacts()).GetProperty("contacts")[0];
        var svg = doc.QuerySelector("svg");
        Assert.NotNull(svg);
        Assert.NotEmpty(svg!.QuerySelectorAll("rect"));
        var onset = top.GetProperty("onset").GetString()!;
        Assert.Contains(svg.QuerySelectorAll("line title"), t => t.TextContent == onset + " onset of escalation");
    }

    [Fact]
    public async Task Inferred_links_are_marked_inferred_in_the_markup()
    {
        var doc = await Report();
        var links = doc.QuerySelectorAll("li[data-kind]").ToList();
        Assert.NotEmpty(links);
        Assert.All(links.Where(l => l.GetAttribute("data-kind") is "display-name" or "first-name" or "identity-switch"), l => Assert.Equal("true", l.GetAttribute("data-inferred")));
        Assert.All(links.Where(l => l.GetAttribute("data-inferred") == "true"), l => Assert.Contains("inferred", l.TextContent, StringComparison.Ordinal));
    }
}

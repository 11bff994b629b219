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

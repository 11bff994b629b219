using System.Globalization;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>The incident log as an .xlsx workbook joins the timeline exactly as the CSV does: occasions and breaches count its rows.</summary>
public sealed class IncidentLogXlsxEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Case => _dir.Combine("case");

    [Fact]
    public async Task A_workbook_row_changes_the_occasion_count_and_the_breach_count_as_a_csv_row_does()
    {
        DateOnly[] messageDays = [new(2024, 4, 1), new(2024, 4, 2), new(2024, 4, 6), new(2024, 4, 14)];
        var orderFrom = new DateOnly(2024, 4, 5);
        Directory.CreateDirectory(_dir.Combine("e"));
        var chat = string.Concat(messageDays.Select(d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + ", 20:00 - Jordan: are you there\n"))
            + "15/04/2024, 08:00 - Alex: leave me alone\n";
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), chat);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("orders", "add", "--case", Case, "--type", "RO", "--party", "name:Jordan", "--from", orderFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ExitCode);
        var before = await Jordan();

        // One incident on a day with no message (a new occasion inside the order) as an Excel serial
        // (days since 1899-12-30, ECMA-376 §18.17.4.1) with its time as a fraction of a day; one on a
        // day Jordan also messaged (no new occasion, a further breach) typed as text.
        DateOnly[] logDays = [new(2024, 4, 7), new(2024, 4, 14)];
        Directory.CreateDirectory(_dir.Combine("log"));
        new SpreadsheetMlWriter().Write(_dir.Combine("log", "diary.xlsx"),
        [
            ["Date", "Time", "What happened", "Where", "Witnesses", "How it affected me", "Who"],
            [(double)(logDays[0].DayNumber - new DateOnly(1899, 12, 30).DayNumber), 7.5 / 24, "He was outside my work", "Work car park", null, "I was frightened", "Jordan"],
            [logDays[1].ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), "07:30", "He was outside my work again", "Work car park", null, "I was frightened", "Jordan"],
        ]);
        var ingest = await CliRunner.RunAsync("ingest", _dir.Combine("log"), "--case", Case, "--owner", "name:Alex", "--json");
        Assert.Equal(0, ingest.ExitCode);
        Assert.Equal(1, ingest.Json.GetProperty("formats").GetProperty("incident-log-xlsx").GetInt32());

        var after = await Jordan();
        Assert.Equal(messageDays.Union(logDays).Count(), after.Occasions);
        Assert.Equal(messageDays.Concat(logDays).Count(d => d >= orderFrom), after.Breaches);
        Assert.Equal((before.Occasions + 1, before.Breaches + 2), (after.Occasions, after.Breaches));

        var search = await CliRunner.RunAsync("search", "--case", Case, "--json", "kind:incident");
        Assert.Equal(["sheet Log row 2", "sheet Log row 3"], search.Json.GetProperty("hits").EnumerateArray()
            .Select(h => h.GetProperty("source").GetProperty("locator").GetString()).Order(StringComparer.Ordinal));
    }

    private async Task<(int Occasions, int Breaches)> Jordan()
    {
        var run = await CliRunner.RunAsync("contacts", "--case", Case, "--json");
        Assert.Equal(0, run.ExitCode);
        var jordan = run.Json.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("identifiers").EnumerateArray().Any(i => i.GetString() == "name:Jordan"));
        return (jordan.GetProperty("legal").GetProperty("occasions").GetInt32(), jordan.GetProperty("breaches").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
    }
}

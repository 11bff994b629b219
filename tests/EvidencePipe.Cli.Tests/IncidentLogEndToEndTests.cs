using System.Globalization;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>The victim's incident log (CSV or .xlsx) joins the suspect's timeline: occasions and order breaches count its rows.</summary>
public sealed class IncidentLogEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Case => _dir.Combine("case");

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task A_log_row_changes_the_occasion_count_and_the_breach_count(string format)
    {
        // Jordan messages on these days at 20:00 (case zone Europe/London); an RO is in force from 5 April.
        // (A day after the 12th lets the chat's day-first dates be decided without a diagnostic.)
        DateOnly[] messageDays = [new(2024, 4, 1), new(2024, 4, 2), new(2024, 4, 6), new(2024, 4, 14)];
        var orderFrom = new DateOnly(2024, 4, 5);
        Directory.CreateDirectory(_dir.Combine("e"));
        var chat = string.Concat(messageDays.Select(d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + ", 20:00 - Jordan: are you there\n"))
            + "15/04/2024, 08:00 - Alex: leave me alone\n";
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), chat);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("orders", "add", "--case", Case, "--type", "RO", "--party", "name:Jordan", "--from", orderFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ExitCode);

        var before = await Jordan();
        Assert.Equal(messageDays.Length, before.Occasions);
        Assert.Equal(messageDays.Count(d => d >= orderFrom), before.Breaches);

        // The victim's log: one incident on a day with no message (a new occasion, inside the order),
        // one on a day Jordan also messaged (the same occasion, but a further breach).
        DateOnly[] logDays = [new(2024, 4, 7), new(2024, 4, 14)];
        Directory.CreateDirectory(_dir.Combine("log"));
        if (format == "csv")
        {
            await File.WriteAllTextAsync(_dir.Combine("log", "my-diary.csv"),
                "Date,Time,What happened,Where,Witnesses,How it affected me,Who\r\n"
                + string.Concat(logDays.Select(d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + ",07:30,He was outside my work,Work car park,,I was frightened,Jordan\r\n")));
        }
        else
        {
            // The workbook (written by hand, not by the reader's library): the first day as an Excel serial
            // (days since 1899-12-30, ECMA-376 Part 1 §18.17.4.1) with its time as a fraction of a day, the
            // second typed as text.
            new SpreadsheetMlWriter().Write(_dir.Combine("log", "my-diary.xlsx"),
            [
                ["Date", "Time", "What happened", "Where", "Witnesses", "How it affected me", "Who"],
                [(double)(logDays[0].DayNumber - new DateOnly(1899, 12, 30).DayNumber), 7.5 / 24, "He was outside my work", "Work car park", null, "I was frightened", "Jordan"],
                [logDays[1].ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), "07:30", "He was outside my work", "Work car park", null, "I was frightened", "Jordan"],
            ]);
        }

        var ingest = await CliRunner.RunAsync("ingest", _dir.Combine("log"), "--case", Case, "--owner", "name:Alex", "--json");
        Assert.Equal(0, ingest.ExitCode);
        Assert.Equal(1, ingest.Json.GetProperty("formats").GetProperty("incident-log-" + format).GetInt32());

        var after = await Jordan();
        Assert.Equal(messageDays.Union(logDays).Count(), after.Occasions);
        Assert.Equal(messageDays.Concat(logDays).Count(d => d >= orderFrom), after.Breaches);
        Assert.Equal(before.Occasions + 1, after.Occasions);
        Assert.Equal(before.Breaches + 2, after.Breaches);

        var search = await CliRunner.RunAsync("search", "--case", Case, "--json", "kind:incident");
        Assert.Equal(logDays.Length, search.Json.GetProperty("total").GetInt32());
        Assert.Equal(format == "csv" ? ["row 2", "row 3"] : ["sheet Log row 2", "sheet Log row 3"], search.Json.GetProperty("hits").EnumerateArray()
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

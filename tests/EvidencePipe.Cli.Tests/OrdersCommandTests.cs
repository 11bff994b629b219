using System.Globalization;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary><c>orders add|list|remove</c>: orders kept with the case and applied by contacts and report.</summary>
public sealed class OrdersCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Case => _dir.Combine("case");

    /// <summary>A WhatsApp chat with Jordan: one message a day at 20:00 from <paramref name="first"/>, <paramref name="days"/> days.</summary>
    private static (string Text, List<DateOnly> Days) Chat(DateOnly first, int days)
    {
        var lines = new List<string>();
        var dates = new List<DateOnly>();
        for (var i = 0; i < days; i++)
        {
            var d = first.AddDays(i);
            dates.Add(d);
            lines.Add(d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + ", 20:00 - Jordan: message " + i.ToString(CultureInfo.InvariantCulture));
        }

        lines.Add(first.AddDays(days).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + ", 09:00 - Alex: stop");
        return (string.Join('\n', lines) + "\n", dates);
    }

    [Fact]
    public async Task A_stored_order_survives_a_re_ingest_and_applies_to_contacts_and_the_report()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        var (first, firstDays) = Chat(new DateOnly(2024, 3, 20), 20);
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), first);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);
        var add = await CliRunner.RunAsync("orders", "add", "--case", Case, "--type", "ro", "--party", "name:Jordan", "--from", "2024-04-01", "--ref", "T20240123", "--conditions", "no contact direct or indirect");
        Assert.Equal(0, add.ExitCode);

        // More evidence arrives and the same folder is ingested again.
        var (second, secondDays) = Chat(new DateOnly(2024, 4, 15), 5);
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan 2.txt"), second);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);

        // Expected: Jordan's messages on or after 1 April (one per generated day), counted from the days written.
        var expected = firstDays.Concat(secondDays).Count(d => d >= new DateOnly(2024, 4, 1));
        Assert.Equal(8 + 5, expected);

        var list = (await CliRunner.RunAsync("orders", "list", "--case", Case, "--json")).Json.GetProperty("orders");
        var stored = Assert.Single(list.EnumerateArray());
        Assert.Equal("RO", stored.GetProperty("type").GetString());
        Assert.Equal("T20240123", stored.GetProperty("reference").GetString());
        Assert.Equal("no contact direct or indirect", stored.GetProperty("conditions").GetString());

        var contacts = await CliRunner.RunAsync("contacts", "--case", Case, "--json");
        Assert.Equal(0, contacts.ExitCode);
        var jordan = contacts.Json.GetProperty("contacts")[0];
        var breach = Assert.Single(jordan.GetProperty("breaches").EnumerateArray());
        Assert.Equal(expected, breach.GetProperty("count").GetInt32());
        Assert.Equal("RO", breach.GetProperty("type").GetString());

        var report = _dir.Combine("r.html");
        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", report)).ExitCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await File.ReadAllTextAsync(report));
        var row = Assert.Single(doc.QuerySelectorAll("table.legal tr"), tr => tr.Children[0].TextContent.StartsWith("Breaches of RO", StringComparison.Ordinal));
        Assert.StartsWith(expected.ToString(CultureInfo.InvariantCulture) + " ", row.Children[1].TextContent, StringComparison.Ordinal);

        // The chronology applies it too: one message a day, so the days flagged "breach" are the days on or after 1 April.
        var chronology = _dir.Combine("c.csv");
        Assert.Equal(0, (await CliRunner.RunAsync("chronology", "--case", Case, "--person", "Jordan", "--out", chronology)).ExitCode);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(chronology, System.Text.Encoding.UTF8) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var breachDays = new List<string>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields()!;
            if (fields[4].Split("; ").Contains("breach"))
            {
                breachDays.Add(fields[0]);
            }
        }

        Assert.Equal(firstDays.Concat(secondDays).Where(d => d >= new DateOnly(2024, 4, 1)).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), breachDays);
    }

    [Fact]
    public async Task A_one_off_order_is_added_to_the_stored_ones_and_a_removed_order_no_longer_applies()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        var (chat, days) = Chat(new DateOnly(2024, 3, 20), 20);
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), chat);
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex");
        await CliRunner.RunAsync("orders", "add", "--case", Case, "--type", "BAIL", "--party", "name:Jordan", "--from", "2024-03-25", "--to", "2024-03-29");

        var both = (await CliRunner.RunAsync("contacts", "--case", Case, "--json", "--order", "party=name:Jordan,from=2024-04-05,type=SPO")).Json.GetProperty("contacts")[0].GetProperty("breaches");
        Assert.Equal(2, both.GetArrayLength());
        Assert.Equal(days.Count(d => d >= new DateOnly(2024, 3, 25) && d <= new DateOnly(2024, 3, 29)), both[0].GetProperty("count").GetInt32());
        Assert.Equal(days.Count(d => d >= new DateOnly(2024, 4, 5)), both[1].GetProperty("count").GetInt32());

        var id = (await CliRunner.RunAsync("orders", "list", "--case", Case, "--json")).Json.GetProperty("orders")[0].GetProperty("id").GetInt64();
        Assert.Equal(0, (await CliRunner.RunAsync("orders", "remove", "--case", Case, id.ToString(CultureInfo.InvariantCulture))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("orders", "list", "--case", Case, "--json")).Json.GetProperty("orders").GetArrayLength());
        var none = (await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json.GetProperty("contacts")[0].GetProperty("breaches");
        Assert.Equal(0, none.GetArrayLength());
    }

    [Theory]
    [InlineData("add", "--type", "XYZ", "--party", "x", "--from", "2024-04-01")]
    [InlineData("add", "--type", "RO", "--party", "x", "--from", "01/04/2024")]
    [InlineData("add", "--type", "RO", "--party", "x")]
    [InlineData("add", "--type", "RO", "--party", "x", "--from", "2024-04-02", "--to", "2024-04-01")]
    [InlineData("remove")]
    [InlineData("remove", "one")]
    [InlineData("purge")]
    [InlineData("list", "--party", "x")]
    public async Task A_bad_orders_command_is_a_usage_error_and_leaves_the_case_byte_identical(params string[] args)
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), Chat(new DateOnly(2024, 3, 20), 2).Text);
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex");
        var before = CliRunner.HashTree(Case);
        var run = await CliRunner.RunAsync(["orders", args[0], "--case", Case, .. args[1..]]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(before, CliRunner.HashTree(Case));
    }
}

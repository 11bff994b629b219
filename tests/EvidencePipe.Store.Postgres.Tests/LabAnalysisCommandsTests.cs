using System.Text.Json;
using System.Text.RegularExpressions;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>
/// <c>contacts</c>, <c>report</c>, <c>chronology</c> and <c>orders</c> with <c>--store</c> (issue 20) against a real
/// PostgreSQL: for the same inputs and the same stored orders, each prints (or writes) the bytes the local SQLite case
/// gives — the oracle is the unchanged local path. Orders are kept by the supervisor role; the investigator and
/// worker roles are refused by the server.
/// </summary>
public sealed partial class LabAnalysisCommandsTests : IDisposable
{
    // The case name is the local case directory's name, so the reports' titles agree.
    private const string CaseName = "op-elm";
    private const string Stalker = "+447700900666";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Contacts_report_chronology_and_orders_of_a_lab_case_are_the_local_cases_bytes_and_orders_survive_a_re_ingest()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await Cli.RunAsync("lab", "init", "--store", db.OwnerStore)).ExitCode);
        await db.GrantAsync();

        // All of synth's formats, vCard address book included (contact cards name the persons).
        var corpus = _dir.Combine("corpus");
        Assert.Equal(0, (await Cli.RunAsync("synth", "--out", corpus, "--events", "800", "--seed", "21")).ExitCode);
        Assert.NotEmpty(Directory.GetFiles(corpus, "*.vcf", SearchOption.AllDirectories));
        var local = Path.Combine(_dir.Combine("cases"), CaseName);
        await IngestBothAsync(db, corpus, local);

        // Nothing stored yet: the same contacts from both engines.
        var before = await SameAsync(["contacts", "--json"], db, local);
        Assert.Contains("address-book", before, StringComparison.Ordinal); // a contact card linked the person's identifiers

        // Orders: the investigator and the worker are refused by the server, naming the role that may.
        var add = new[] { "orders", "add", "--type", "RO", "--party", "07700900666", "--from", "2024-04-01", "--ref", "T20240123", "--conditions", "no contact" };
        foreach (var store in new[] { db.InvestigatorStore, db.WorkerStore })
        {
            var refused = await Cli.RunAsync([.. add, "--store", store, "--case", CaseName]);
            Assert.Equal(5, refused.ExitCode);
            Assert.Contains("42501", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("evidencepipe_supervisor", refused.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM orders"));
        var second = new[] { "orders", "add", "--type", "NMO", "--party", "name:Jordan Blake", "--from", "2024-05-01", "--to", "2024-12-31" };
        foreach (var spec in new[] { add, second })
        {
            Assert.Equal(0, (await Cli.RunAsync([.. spec, "--case", local])).ExitCode);
            var added = await Cli.RunAsync([.. spec, "--store", db.SupervisorStore, "--case", CaseName]);
            Assert.True(added.ExitCode == 0, added.Stderr);
        }

        // Removing: refused to the investigator; the supervisor's removal is recorded, not a deletion.
        var third = new[] { "orders", "add", "--type", "BAIL", "--party", "07700900111", "--from", "2024-02-01" };
        Assert.Equal(0, (await Cli.RunAsync([.. third, "--case", local])).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync([.. third, "--store", db.SupervisorStore, "--case", CaseName])).ExitCode);
        var notRemoved = await Cli.RunAsync("orders", "remove", "3", "--store", db.InvestigatorStore, "--case", CaseName);
        Assert.Equal(5, notRemoved.ExitCode);
        Assert.Contains("evidencepipe_supervisor", notRemoved.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli.RunAsync("orders", "remove", "3", "--case", local)).ExitCode);
        var removed = await Cli.RunAsync("orders", "remove", "3", "--store", db.SupervisorStore, "--case", CaseName);
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Equal("order 3 removed\n", removed.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(db.SupervisorUser, await db.ScalarAsync<string>("SELECT removed_by FROM orders WHERE id = 3"));

        // The lists, as the investigator reads them: the human list byte for byte; the JSON but for when each was added.
        var list = await SameAsync(["orders", "list"], db, local);
        Assert.Equal(3, list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + orders 1 and 2
        var localJson = await Cli.RunAsync("orders", "list", "--json", "--case", local);
        var labJson = await Cli.RunAsync("orders", "list", "--json", "--store", db.InvestigatorStore, "--case", CaseName);
        Assert.Equal(WithoutAdded(localJson.Stdout), WithoutAdded(labJson.Stdout));
        using (var doc = JsonDocument.Parse(labJson.Stdout))
        {
            Assert.Equal([1L, 2L], doc.RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        }

        // The stored orders apply, alike: the contacts change, and are the same bytes from both engines.
        var withOrders = await SameAsync(["contacts", "--json"], db, local);
        Assert.NotEqual(before, withOrders);
        Assert.Contains("\"breaches\":[{", withOrders, StringComparison.Ordinal);
        await SameAsync(["contacts"], db, local);
        await SameFileAsync(["report"], "report.html", db, local);
        var person = JsonDocument.Parse(withOrders).RootElement.GetProperty("contacts")[0].GetProperty("person_id").GetString()!;
        await SameFileAsync(["chronology", "--person", person], "chronology.csv", db, local);
        await SameFileAsync(["chronology", "--person", Stalker], "chronology.html", db, local);

        // A re-ingest via the lab (a further device, through the queue): the orders are still there and still apply.
        var more = _dir.Combine("more");
        Assert.Equal(0, (await Cli.RunAsync("synth", "--out", more, "--events", "300", "--seed", "22", "--formats", "sms,calls")).ExitCode);
        await IngestBothAsync(db, more, local);
        Assert.Equal(list, await SameAsync(["orders", "list"], db, local));
        var after = await SameAsync(["contacts", "--json"], db, local);
        Assert.NotEqual(withOrders, after); // the new device's events count
        Assert.Contains("\"breaches\":[{", after, StringComparison.Ordinal);
        await SameFileAsync(["report"], "report-2.html", db, local);

        // --since-last in the lab: the investigator's runs keep snapshots, numbered per case; the second run sees no change.
        var first = await Cli.RunAsync("contacts", "--since-last", "--json", "--store", db.InvestigatorStore, "--case", CaseName);
        var again = await Cli.RunAsync("contacts", "--since-last", "--json", "--store", db.InvestigatorStore, "--case", CaseName);
        Assert.True(again.ExitCode == 0, again.Stderr);
        var snapshots = await db.ScalarAsync<long>("SELECT count(*) FROM snapshots");
        Assert.Equal(snapshots, await db.ScalarAsync<long>("SELECT max(id) FROM snapshots"));
        using (var doc = JsonDocument.Parse(again.Stdout))
        {
            var since = doc.RootElement.GetProperty("since_last");
            Assert.Equal(snapshots - 1, since.GetProperty("snapshot").GetProperty("id").GetInt64());
            Assert.Equal(0, since.GetProperty("new_events_total").GetInt64());
        }

        Assert.NotEqual(first.Stdout, again.Stdout);

        // Every lab run was audited with its database user.
        Assert.Equal(4L, await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'orders' AND db_user = '{db.SupervisorUser}'"));
        Assert.Equal(6L, await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'contacts' AND db_user = '{db.InvestigatorUser}'"));
        Assert.Equal(2L, await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'chronology' AND db_user = '{db.InvestigatorUser}'"));
    }

    /// <summary>The same folder into the local case (ingest) and the lab case (lab submit + a worker).</summary>
    private static async Task IngestBothAsync(TestDatabase db, string folder, string local)
    {
        var ingest = await Cli.RunAsync("ingest", folder, "--case", local, "--tz", "Europe/London", "--quiet");
        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr);
        var submit = await Cli.RunAsync("lab", "submit", "--store", db.WorkerStore, "--case", CaseName, "--tz", "Europe/London", folder);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        var worker = await Cli.RunAsync("lab", "worker", "--store", db.WorkerStore, "--exit-when-idle");
        Assert.True(worker.ExitCode == 0, worker.Stderr);
    }

    /// <summary>Runs the command on the local case and, as the investigator, on the lab case; asserts the same stdout and returns it.</summary>
    private static async Task<string> SameAsync(string[] command, TestDatabase db, string local)
    {
        var l = await Cli.RunAsync([.. command, "--case", local]);
        var lab = await Cli.RunAsync([.. command, "--store", db.InvestigatorStore, "--case", CaseName]);
        Assert.True(l.ExitCode == 0, l.Stderr);
        Assert.True(lab.ExitCode == 0, lab.Stderr);
        Assert.False(string.IsNullOrWhiteSpace(l.Stdout));
        Assert.Equal(l.Stdout, lab.Stdout);
        return lab.Stdout;
    }

    /// <summary>Writes <paramref name="file"/> from the local case and from the lab case (investigator); asserts the same bytes.</summary>
    private async Task SameFileAsync(string[] command, string file, TestDatabase db, string local)
    {
        var localOut = _dir.Combine("local-" + file);
        var labOut = _dir.Combine("lab-" + file);
        var l = await Cli.RunAsync([.. command, "--case", local, "--out", localOut]);
        var lab = await Cli.RunAsync([.. command, "--store", db.InvestigatorStore, "--case", CaseName, "--out", labOut]);
        Assert.True(l.ExitCode == 0, l.Stderr);
        Assert.True(lab.ExitCode == 0, lab.Stderr);
        var expected = await File.ReadAllBytesAsync(localOut);
        Assert.True(expected.Length > 1000, $"{file}: only {expected.Length} bytes");
        Assert.Equal(expected, await File.ReadAllBytesAsync(labOut));
    }

    private static string WithoutAdded(string json) => AddedField().Replace(json, "\"added\":\"-\"");

    [GeneratedRegex("\"added\":\"[^\"]*\"")]
    private static partial Regex AddedField();
}

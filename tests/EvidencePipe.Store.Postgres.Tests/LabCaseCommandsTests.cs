using EvidencePipe.TestSupport;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>
/// <c>manifest --store</c> and <c>verify --store</c> (issue 20) against a real PostgreSQL, run by the read-only
/// investigator role: the output for a lab case is byte-identical to the same inputs ingested locally into SQLite (the
/// oracle: the unchanged local path), diagnostics of a damaged file included, and a changed exhibit fails both alike.
/// </summary>
public sealed class LabCaseCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Manifest_and_verify_of_a_lab_case_are_the_local_cases_bytes_and_both_catch_a_changed_exhibit()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await Cli.RunAsync("lab", "init", "--store", db.OwnerStore)).ExitCode);
        await db.GrantAsync();

        var corpus = _dir.Combine("corpus");
        Assert.Equal(0, (await Cli.RunAsync("synth", "--out", corpus, "--events", "600", "--seed", "11")).ExitCode);
        // A damaged exhibit in a sub-folder: the SMS backup cut off mid-record, so its reader reports diagnostics.
        var sms = Assert.Single(Directory.GetFiles(corpus, "sms-*.xml"));
        var bytes = await File.ReadAllBytesAsync(sms);
        Directory.CreateDirectory(Path.Combine(corpus, "damaged"));
        await File.WriteAllBytesAsync(Path.Combine(corpus, "damaged", "cut.xml"), bytes[..(bytes.Length * 2 / 3)]);

        var local = _dir.Combine("local");
        var ingest = await Cli.RunAsync("ingest", corpus, "--case", local, "--tz", "Europe/London", "--quiet");
        Assert.Equal(2, ingest.ExitCode); // finished with diagnostics
        Assert.True((await Cli.RunAsync("lab", "submit", "--store", db.WorkerStore, "--case", "op-ash", "--tz", "Europe/London", corpus)).ExitCode == 0);
        var worker = await Cli.RunAsync("lab", "worker", "--store", db.WorkerStore, "--exit-when-idle");
        Assert.True(worker.ExitCode == 0, worker.Stderr);

        var localManifest = await Cli.RunAsync("manifest", "--case", local, "--diagnostics", _dir.Combine("local-diagnostics.csv"));
        var labManifest = await Cli.RunAsync("manifest", "--store", db.InvestigatorStore, "--case", "op-ash", "--diagnostics", _dir.Combine("lab-diagnostics.csv"));
        Assert.True(labManifest.ExitCode == 0, labManifest.Stderr);
        Assert.Contains("damaged/cut.xml", localManifest.Stdout, StringComparison.Ordinal);
        Assert.Equal(localManifest.Stdout, labManifest.Stdout);
        var diagnostics = await File.ReadAllTextAsync(_dir.Combine("local-diagnostics.csv"));
        Assert.True(diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, "the damaged file gave no diagnostic");
        Assert.Equal(diagnostics, await File.ReadAllTextAsync(_dir.Combine("lab-diagnostics.csv")));

        var localVerify = await Cli.RunAsync("verify", "--case", local, "--json");
        var labVerify = await Cli.RunAsync("verify", "--store", db.InvestigatorStore, "--case", "op-ash", "--json");
        Assert.Equal(0, localVerify.ExitCode);
        Assert.Equal(0, labVerify.ExitCode);
        Assert.Equal(localVerify.Stdout, labVerify.Stdout);

        // One byte of an exhibit changed after ingest: both engines' manifests catch it (exit 3), with the same report.
        var chat = Directory.GetFiles(corpus, "WhatsApp*.txt").Order(StringComparer.Ordinal).First();
        var text = await File.ReadAllBytesAsync(chat);
        text[10] ^= 0x01;
        await File.WriteAllBytesAsync(chat, text);
        localVerify = await Cli.RunAsync("verify", "--case", local, "--json");
        labVerify = await Cli.RunAsync("verify", "--store", db.InvestigatorStore, "--case", "op-ash", "--json");
        Assert.Equal(3, localVerify.ExitCode);
        Assert.Equal(3, labVerify.ExitCode);
        Assert.Contains("\"mismatch\"", labVerify.Stdout, StringComparison.Ordinal);
        Assert.Equal(localVerify.Stdout, labVerify.Stdout);

        // Each was audited in the lab with the read-only database user.
        Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'manifest' AND db_user = '{db.InvestigatorUser}'"));
        Assert.Equal(2L, await db.ScalarAsync<long>($"SELECT count(*) FROM audit WHERE command = 'verify' AND db_user = '{db.InvestigatorUser}'"));
    }
}

using System.Text.RegularExpressions;
using EvidencePipe.Application;
using EvidencePipe.Cli.Commands;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Postgres.Tests;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// The same evidence twice (issue 21, <c>serve --store</c>): the demo evidence plus two photos, ingested locally into a
/// SQLite case and submitted to a lab on the throwaway PostgreSQL server (scripts/test-env/postgresql.sh; absent, the
/// fixture fails, never skips), run by a lab worker. One server serves the local case, another the lab case over the
/// investigator login: the local page is the oracle for the lab's. The photos are copies, so a test may tamper with one.
/// </summary>
public sealed partial class ServedLabCase : IAsyncLifetime
{
    public const string LabCaseName = "op-demo";
    public const string Photo = "HTC Desire.jpg";
    public const string Tampered = "Issue 508.jpg";

    private readonly TempDirectory _temp = new();
    private WebServer? _local;
    private WebServer? _lab;

    internal TestDatabase Db { get; private set; } = null!;

    public string EvidenceDir => Path.Combine(_temp.Path, "evidence");

    public string CaseDir => Path.Combine(_temp.Path, "local-case");

    public string IndexRoot => Path.Combine(_temp.Path, "index-root");

    public HttpClient Local { get; } = new();

    public HttpClient Lab { get; } = new();

    public Uri LabAddress => _lab?.Address ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Directory.CreateDirectory(EvidenceDir);
        foreach (var file in Directory.GetFiles(RepoPaths.Fixture("demo")))
        {
            File.Copy(file, Path.Combine(EvidenceDir, Path.GetFileName(file)));
        }

        foreach (var name in new[] { Photo, Tampered })
        {
            File.Copy(RepoPaths.Fixture("images", name), Path.Combine(EvidenceDir, name));
        }

        var owners = DemoCase.Owners.SelectMany(o => new[] { "--owner", o }).ToArray();
        var ingest = await ServedCase.Cli(["ingest", EvidenceDir, "--case", CaseDir, "--tz", DemoCase.TimeZone, "--quiet", .. owners]);
        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr); // 2: a file read with diagnostics (kept, as locally)

        var init = await ServedCase.Cli("lab", "init", "--store", Db.OwnerStore, "--index-root", IndexRoot);
        Assert.True(init.ExitCode == 0, init.Stderr);
        await Db.GrantAsync();
        var submit = await ServedCase.Cli(["lab", "submit", "--store", Db.WorkerStore, "--case", LabCaseName, "--tz", DemoCase.TimeZone, .. owners, EvidenceDir]);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        var worker = await ServedCase.Cli("lab", "worker", "--store", Db.WorkerStore, "--exit-when-idle");
        Assert.True(worker.ExitCode == 0, worker.Stdout + worker.Stderr);

        var loopback = new ListenAddress(System.Net.IPAddress.Loopback, 0);
        _local = await WebServer.StartAsync(new WebOptions([CaseDir], loopback, null, "test", ServeCommand.Json), _ => { }, CancellationToken.None);
        Local.BaseAddress = _local.Address;
        _lab = await WebServer.StartAsync(LabOptions(Db.InvestigatorStore), _ => { }, CancellationToken.None);
        Lab.BaseAddress = _lab.Address;
    }

    /// <summary>The options <c>serve --store S --case op-demo</c> gives (the login is S's).</summary>
    public static WebOptions LabOptions(string store) =>
        new([LabCaseName], new ListenAddress(System.Net.IPAddress.Loopback, 0), null, "test", ServeCommand.Json) { Store = StoreConnection.Resolve(store) };

    /// <summary>The exhibit copy <paramref name="name"/> changed after ingest: its last byte flipped.</summary>
    public void Tamper(string name)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("images", name));
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(EvidenceDir, name), bytes);
    }

    /// <summary>
    /// An answer with what names the case taken out: the <c>case</c> field (a directory locally, the lab's case name
    /// there) and the <c>case=</c> of a photo's URL. Nothing else may differ.
    /// </summary>
    public string WithoutCase(string json) =>
        CaseUrl().Replace(CaseField().Replace(json, string.Empty), "?case=");

    [GeneratedRegex("\"case\":\"[^\"]*\",")]
    private static partial Regex CaseField();

    [GeneratedRegex(@"\?case=[^""]*")]
    private static partial Regex CaseUrl();

    public async Task DisposeAsync()
    {
        Local.Dispose();
        Lab.Dispose();
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        await Db.DisposeAsync();
        _temp.Dispose();
    }
}

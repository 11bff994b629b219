using System.Text.Json;
using EvidencePipe.Application;
using EvidencePipe.Cli;
using EvidencePipe.Cli.Commands;
using EvidencePipe.TestSupport;
using EvidencePipe.Web;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// The bundled demo evidence (fixtures/demo) ingested by the real CLI as the demo's owner, and served on a
/// free loopback port by the same WebServer <c>serve</c> starts. Shared by a test class (xunit class fixture).
/// </summary>
public sealed class ServedCase : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private WebServer? _server;

    public string CaseDir => Path.Combine(_temp.Path, "demo-case");

    public Uri Address => _server?.Address ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        var args = new List<string> { "ingest", RepoPaths.Fixture("demo"), "--case", CaseDir, "--tz", DemoCase.TimeZone, "--quiet" };
        foreach (var owner in DemoCase.Owners)
        {
            args.Add("--owner");
            args.Add(owner);
        }

        var ingest = await Cli(args.ToArray());
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        _server = await WebServer.StartAsync(Options(null, new ListenAddress(System.Net.IPAddress.Loopback, 0)), _ => { }, CancellationToken.None);
        Http.BaseAddress = _server.Address;
    }

    public WebOptions Options(UserFile? users, ListenAddress listen) => new([CaseDir], listen, users, "test", ServeCommand.Json);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }

    public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    /// <summary>The real CLI, in-process, its output captured.</summary>
    public static async Task<CliRun> Cli(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await Program.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The arguments of every <c>serve</c> row of a case's audit log, in order, read with SQLite directly (read-only).</summary>
    public static List<string[]> ServeAuditRows(string caseDir)
    {
        var rows = new List<string[]>();
        using var db = new SqliteConnection($"Data Source={Path.Combine(caseDir, "case.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT arguments_json FROM audit WHERE command = 'serve' ORDER BY seq";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            rows.Add(JsonSerializer.Deserialize<string[]>(r.GetString(0))!);
        }

        return rows;
    }

    /// <summary>Every event of the case as <c>export --format jsonl</c> writes it: id → the line.</summary>
    public async Task<Dictionary<string, JsonElement>> ExportAsync()
    {
        var run = await Cli("export", "--case", CaseDir, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, StringComparer.Ordinal);
    }
}

using EvidencePipe.Application;
using EvidencePipe.Search;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// A case held open between searches (the web page's): every search is still audited, and events an
/// ingest adds while it is open are found by the next search (the index is reopened when the store moves).
/// </summary>
public sealed class CaseSearchSessionTests : IDisposable
{
    private const long Start = 1_709_251_200_000; // 2024-03-01T00:00:00Z

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_search_is_audited_and_events_ingested_while_the_session_is_open_are_found_by_the_next()
    {
        var caseDir = _dir.Combine("case");
        await IngestAsync("first", ["parcel on its way", "see you at eight"], caseDir);
        using var session = new CaseSearchSession(caseDir);
        var notices = new List<string>();

        var before = session.Search("zebrafish", 10, SearchSort.Time, Audit("one"), notices.Add, CancellationToken.None);
        var parcel = session.Search("parcel", 10, SearchSort.Time, Audit("two"), notices.Add, CancellationToken.None);
        await IngestAsync("second", ["zebrafish at the door", "the zebrafish again", "nothing here"], caseDir);
        var after = session.Search("zebrafish", 10, SearchSort.Time, Audit("three"), notices.Add, CancellationToken.None);

        // Hand counts: no "zebrafish" before the second ingest, two of its three messages after; one "parcel".
        Assert.Equal(0, before.Total);
        Assert.Equal(1, parcel.Total);
        Assert.Equal(2, after.Total);
        Assert.Equal(["the zebrafish again", "zebrafish at the door"], after.Hits.Select(h => h.Event.Text));
        Assert.Equal(["one", "two", "three"], AuditedQueries(caseDir));
    }

    private static CommandAudit Audit(string marker) => new("serve", ["--web-user", "test", "search", marker], "test");

    private async Task IngestAsync(string name, string[] bodies, string caseDir)
    {
        var folder = _dir.Combine(name);
        Directory.CreateDirectory(folder);
        var offset = name == "first" ? 0 : 10;
        var rows = bodies.Select((b, i) => $"<sms address=\"+447700900666\" date=\"{Start + ((offset + i) * 60_000L)}\" type=\"1\" body=\"{b}\" />");
        await File.WriteAllTextAsync(Path.Combine(folder, "sms.xml"),
            $"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{bodies.Length}\">\n{string.Join('\n', rows)}\n</smses>\n");
        var run = await CliRunner.RunAsync("ingest", folder, "--case", caseDir, "--owner", "07700900123");
        Assert.Equal(0, run.ExitCode);
    }

    private static List<string> AuditedQueries(string caseDir)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(caseDir, "case.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT arguments_json FROM audit WHERE command = 'serve' ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(System.Text.Json.JsonSerializer.Deserialize<string[]>(r.GetString(0))![^1]);
        }

        return list;
    }
}

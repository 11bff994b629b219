using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvidencePipe.Application;
using EvidencePipe.Store.Postgres;
using EvidencePipe.TestSupport;
using Npgsql;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// <c>serve --store S --case NAME</c> (issue 21) against a real PostgreSQL lab: the oracle for every answer is the page
/// over the same evidence ingested locally (the unchanged local path), and for what the lab holds, the server's own
/// SQL run as the database owner.
/// </summary>
[Collection(ServedLabFixture.Name)]
public sealed partial class WebServerLabTests(ServedLabCase served)
{
    private static readonly string[] Queries = ["the", "\"outside your house\"", "hello OR love", "kind:call direction:incoming", "channel:sms after:2024-03-01", "lov*"];

    [Fact]
    public async Task A_lab_case_s_search_and_histogram_answer_with_the_json_of_the_same_evidence_ingested_locally()
    {
        var compared = 0;
        foreach (var query in Queries)
        {
            foreach (var sort in new[] { "time", "relevance", "oldest" })
            {
                foreach (var offset in new[] { 0, 7 })
                {
                    var path = $"api/search?q={Uri.EscapeDataString(query)}&sort={sort}&limit=40&offset={offset}";
                    var local = await served.Local.GetStringAsync(path);
                    Assert.Equal(served.WithoutCase(local), served.WithoutCase(await served.Lab.GetStringAsync(path)));
                    compared += JsonDocument.Parse(local).RootElement.GetProperty("hits").GetArrayLength() > 0 ? 1 : 0;
                }
            }

            var histogram = $"api/histogram?q={Uri.EscapeDataString(query)}";
            Assert.Equal(await served.Local.GetStringAsync(histogram), await served.Lab.GetStringAsync(histogram));
        }

        Assert.True(compared >= 20, $"only {compared} pages had hits to compare");
        // Each hit names the lab case by its name.
        var lab = JsonDocument.Parse(await served.Lab.GetStringAsync("api/search?q=the")).RootElement;
        Assert.All(lab.GetProperty("hits").EnumerateArray(), h => Assert.Equal(ServedLabCase.LabCaseName, h.GetProperty("case").GetString()));
    }

    [Fact]
    public async Task A_lab_case_s_contacts_conversations_evidence_and_event_details_are_those_of_the_local_case()
    {
        var contacts = await served.Local.GetStringAsync("api/contacts");
        Assert.Equal(contacts, await served.Lab.GetStringAsync("api/contacts"));

        var persons = JsonDocument.Parse(contacts).RootElement.GetProperty("contacts");
        Assert.True(persons.GetArrayLength() > 1);
        var indicators = 0;
        foreach (var person in persons.EnumerateArray())
        {
            var id = Uri.EscapeDataString(person.GetProperty("person_id").GetString()!);
            var conversation = await served.Local.GetStringAsync($"api/conversation?person={id}");
            Assert.Equal(served.WithoutCase(conversation), served.WithoutCase(await served.Lab.GetStringAsync($"api/conversation?person={id}")));
            foreach (var indicator in person.GetProperty("indicators").EnumerateArray())
            {
                var evidence = $"api/evidence?person={id}&code={Uri.EscapeDataString(indicator.GetProperty("code").GetString()!)}";
                Assert.Equal(served.WithoutCase(await served.Local.GetStringAsync(evidence)), served.WithoutCase(await served.Lab.GetStringAsync(evidence)));
                indicators++;
            }
        }

        Assert.True(indicators > 0);

        // Every event's detail (provenance, diagnostics, photos), but for when each engine first saw the file.
        var export = await ServedCase.Cli("export", "--case", served.CaseDir, "--format", "jsonl");
        var ids = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.True(ids.Count > 20, export.Stderr);
        foreach (var id in ids)
        {
            var local = await served.Local.GetStringAsync($"api/events/{Uri.EscapeDataString(id)}");
            var lab = await served.Lab.GetStringAsync($"api/events/{Uri.EscapeDataString(id)}");
            Assert.Equal(WithoutFirstSeen(served.WithoutCase(local)), WithoutFirstSeen(served.WithoutCase(lab)));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await served.Lab.GetAsync("api/events/no-such-event")).StatusCode);
    }

    [Fact]
    public async Task A_lab_case_s_photo_is_served_by_its_hash_only_while_the_exhibit_still_hashes_to_it()
    {
        // The oracle: the fixture's bytes and their SHA-256 computed here.
        var expected = await File.ReadAllBytesAsync(RepoPaths.Fixture("images", ServedLabCase.Photo));
        var sha = Convert.ToHexStringLower(SHA256.HashData(expected));
        var response = await served.Lab.GetAsync($"media/{sha}?case={ServedLabCase.LabCaseName}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await served.Lab.GetAsync($"media/{new string('0', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await served.Lab.GetAsync($"media/{sha}?case=..%2Flocal-case")).StatusCode);

        var recorded = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepoPaths.Fixture("images", ServedLabCase.Tampered))));
        served.Tamper(ServedLabCase.Tampered);
        var now = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(served.EvidenceDir, ServedLabCase.Tampered))));
        var refused = await served.Lab.GetAsync($"media/{recorded}");
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(recorded, error, StringComparison.Ordinal);
        Assert.Contains(now, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_asked_for_while_the_lab_refuses_the_login_answers_503_with_the_lab_servers_code()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepoPaths.Fixture("images", ServedLabCase.Photo))));
        await served.Db.RevokeInvestigatorAsync();
        try
        {
            var response = await served.Lab.GetAsync($"media/{sha}");
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.StartsWith("lab store: 42501: ", error, StringComparison.Ordinal); // insufficient_privilege (PostgreSQL appendix A)
        }
        finally
        {
            await served.Db.GrantAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await served.Lab.GetAsync($"media/{sha}")).StatusCode);
    }

    [Fact]
    public async Task Serving_a_lab_case_writes_nothing_but_its_audit_rows_each_with_the_investigator_login()
    {
        var tablesBefore = await TableFingerprints();
        var indexBefore = IndexFiles();
        var auditBefore = await served.Db.ScalarAsync<long>("SELECT count(*) FROM audit");
        var contacts = JsonDocument.Parse(await served.Lab.GetStringAsync("api/contacts")).RootElement.GetProperty("contacts");
        var person = contacts[0];
        var hit = JsonDocument.Parse(await served.Lab.GetStringAsync("api/search?q=the&limit=1")).RootElement.GetProperty("hits")[0];
        string[] requests =
        [
            "api/search?q=the", "api/search?q=outside&sort=relevance", "api/histogram?q=the", "api/contacts",
            $"api/conversation?person={Uri.EscapeDataString(person.GetProperty("person_id").GetString()!)}",
            $"api/evidence?person={Uri.EscapeDataString(person.GetProperty("person_id").GetString()!)}&code={Uri.EscapeDataString(person.GetProperty("indicators")[0].GetProperty("code").GetString()!)}",
            $"api/events/{Uri.EscapeDataString(hit.GetProperty("id").GetString()!)}",
            $"media/{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepoPaths.Fixture("images", ServedLabCase.Photo))))}",
        ];
        foreach (var path in requests)
        {
            Assert.Equal(HttpStatusCode.OK, (await served.Lab.GetAsync(path)).StatusCode);
        }

        // No other method is routed, so no request can ask for a write.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await served.Lab.PostAsync("api/search?q=the", new StringContent(""))).StatusCode);

        Assert.Equal(tablesBefore, await TableFingerprints());
        Assert.Equal(indexBefore, IndexFiles());
        // Two requests above (contacts, search) plus these: one audit row each, by the investigator, naming the web user.
        var rows = await AuditRows(auditBefore);
        Assert.Equal(requests.Length + 2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(served.Db.InvestigatorUser, r.DbUser);
            Assert.Equal("serve", r.Command);
            Assert.Equal(["--web-user", Environment.UserName], r.Arguments[..2]);
        });
        Assert.Contains(rows, r => r.Arguments[2] == "search" && r.Arguments[3] == "outside");
        Assert.Contains(rows, r => r.Arguments[2] == "media");

        // And the server itself enforces it: the page's login cannot write an event (42501: insufficient_privilege).
        await using var investigator = new NpgsqlConnection(served.Db.InvestigatorConnection);
        await investigator.OpenAsync();
        await using var insert = new NpgsqlCommand("UPDATE events SET text = 'x' WHERE id = (SELECT min(id) FROM events)", investigator);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Serve_refuses_before_listening_a_lab_login_that_could_write_and_a_case_the_lab_does_not_hold()
    {
        foreach (var store in new[] { served.Db.WorkerStore, served.Db.OwnerStore })
        {
            var ex = Assert.Throws<CaseOptionException>(() => WebServer.Check(ServedLabCase.LabOptions(store)));
            Assert.Contains("may write to the lab", ex.Message, StringComparison.Ordinal);
            Assert.Contains(LabSchema.InvestigatorRole, ex.Message, StringComparison.Ordinal);
        }

        var missing = ServedLabCase.LabOptions(served.Db.InvestigatorStore) with { Cases = ["no-such-case"] };
        Assert.Throws<StoreConnectionException>(() => WebServer.Check(missing));

        // The CLI: a worker's login is refused with a usage error before anything listens.
        var run = await ServedCase.Cli("serve", "--store", served.Db.WorkerStore, "--case", ServedLabCase.LabCaseName, "--listen", "127.0.0.1:0");
        Assert.Equal(Cli.ExitCodes.Usage, run.ExitCode);
        Assert.Contains("may write to the lab", run.Stderr, StringComparison.Ordinal);
    }

    private static string WithoutFirstSeen(string json) => FirstSeen().Replace(json, string.Empty);

    [GeneratedRegex("\"first_seen_utc\":\"[^\"]*\"")]
    private static partial Regex FirstSeen();

    /// <summary>Every lab table but the audit log: its rows as text, hashed by the server (md5 over the sorted rows).</summary>
    private async Task<Dictionary<string, string>> TableFingerprints()
    {
        await using var c = new NpgsqlConnection(served.Db.OwnerConnection);
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'audit' ORDER BY 1", c))
        await using (var r = await list.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                tables.Add(r.GetString(0));
            }
        }

        Assert.Contains("events", tables);
        Assert.Contains("snapshots", tables);
        var prints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {table} t", c);
            prints[table] = (string)(await cmd.ExecuteScalarAsync())!;
        }

        return prints;
    }

    /// <summary>Every file of the index root with its size and last write time.</summary>
    private List<string> IndexFiles() =>
        [.. Directory.GetFiles(served.IndexRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}")];

    private sealed record AuditRow(string DbUser, string Command, string[] Arguments);

    private async Task<List<AuditRow>> AuditRows(long skip)
    {
        await using var c = new NpgsqlConnection(served.Db.OwnerConnection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT db_user, command, arguments_json FROM audit ORDER BY seq OFFSET @n", c);
        cmd.Parameters.AddWithValue("n", skip);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<AuditRow>();
        while (await r.ReadAsync())
        {
            rows.Add(new AuditRow(r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<string[]>(r.GetString(2))!));
        }

        return rows;
    }
}

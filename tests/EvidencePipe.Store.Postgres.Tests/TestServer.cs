using Npgsql;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>
/// The throwaway server scripts/test-env/postgresql.sh starts: <c>EVIDENCEPIPE_TEST_PG</c> is a superuser connection
/// string or the path of a 0600 file holding one. Absent, a test fails (under CI and outside it) rather than skips,
/// so a run without the server can never pass by not testing.
/// </summary>
internal static class TestServer
{
    public const string Variable = "EVIDENCEPIPE_TEST_PG";

    public static string SuperuserConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            var ci = Environment.GetEnvironmentVariable("CI") == "true" ? "CI=true: " : string.Empty;
            Assert.Fail($"{ci}no PostgreSQL test server: {Variable} is unset. Run the suite with scripts/test.sh, or start one with `bash scripts/test-env/postgresql.sh` and export the {Variable} it prints.");
        }

        return File.Exists(value) ? File.ReadAllText(value).Trim() : value;
    }
}

/// <summary>
/// A fresh database on the test server, and four login roles for it (the lab's two group roles are cluster-wide):
/// a worker, an investigator, a supervisor and the database owner, each with its connection string in a 0600 file.
/// Dropped, with the logins, on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly TestSupport.TempDirectory _dir = new();

    private TestDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
    }

    public string Name { get; }

    public string WorkerUser => Name + "_worker";

    public string InvestigatorUser => Name + "_investigator";

    public string SupervisorUser => Name + "_supervisor";

    /// <summary><c>file:PATH</c> values for <c>--store</c>.</summary>
    public string OwnerStore => "file:" + _dir.Combine("owner");

    public string WorkerStore => "file:" + _dir.Combine("worker");

    public string InvestigatorStore => "file:" + _dir.Combine("investigator");

    public string SupervisorStore => "file:" + _dir.Combine("supervisor");

    public string OwnerConnection { get; private set; } = "";

    public string WorkerConnection { get; private set; } = "";

    public string InvestigatorConnection { get; private set; } = "";

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = TestServer.SuperuserConnectionString();
        var db = new TestDatabase(admin, "ep_" + Guid.NewGuid().ToString("N")[..12]);
        await db.ExecuteAdminAsync($"CREATE DATABASE {db.Name}");
        var owner = new NpgsqlConnectionStringBuilder(admin) { Database = db.Name };
        db.OwnerConnection = owner.ConnectionString;
        // The lab's group roles exist once lab init has run; logins are granted them after (GrantAsync).
        var password = Guid.NewGuid().ToString("N");
        await db.ExecuteAdminAsync($"CREATE ROLE {db.WorkerUser} LOGIN PASSWORD '{password}'; CREATE ROLE {db.InvestigatorUser} LOGIN PASSWORD '{password}'; CREATE ROLE {db.SupervisorUser} LOGIN PASSWORD '{password}'");
        db.WorkerConnection = new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = db.WorkerUser, Password = password }.ConnectionString;
        db.InvestigatorConnection = new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = db.InvestigatorUser, Password = password }.ConnectionString;
        db.WriteSecret("owner", db.OwnerConnection);
        db.WriteSecret("worker", db.WorkerConnection);
        db.WriteSecret("investigator", db.InvestigatorConnection);
        db.WriteSecret("supervisor", new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = db.SupervisorUser, Password = password }.ConnectionString);
        return db;
    }

    /// <summary>After <c>lab init</c>: the worker login gets the worker role, the investigator login the read-only role, the supervisor login the supervisor role.</summary>
    public Task GrantAsync() =>
        ExecuteAdminAsync($"GRANT {LabSchema.WorkerRole} TO {WorkerUser}; GRANT {LabSchema.InvestigatorRole} TO {InvestigatorUser}; GRANT {LabSchema.SupervisorRole} TO {SupervisorUser}");

    /// <summary>Takes the read-only role from the investigator login (GrantAsync gives it back): every view it asks for is refused (42501).</summary>
    public Task RevokeInvestigatorAsync() => ExecuteAdminAsync($"REVOKE {LabSchema.InvestigatorRole} FROM {InvestigatorUser}");

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var c = new NpgsqlConnection(OwnerConnection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await ExecuteAdminAsync($"DROP ROLE IF EXISTS {WorkerUser}; DROP ROLE IF EXISTS {InvestigatorUser}; DROP ROLE IF EXISTS {SupervisorUser}");
        _dir.Dispose();
    }

    private void WriteSecret(string name, string value)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, value);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}

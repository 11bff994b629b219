using System.Text.Json;
using EvidencePipe.Export;
using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>A case in the lab store, by name: its id, its settings (<c>case_meta</c>) and its audit rows.</summary>
public sealed class LabCase
{
    private readonly StoreConnection _store;

    private LabCase(StoreConnection store, int id, string name)
    {
        _store = store;
        Id = id;
        Name = name;
    }

    public int Id { get; }

    public string Name { get; }

    /// <summary>Finds the case (creating it with <paramref name="create"/>); <see cref="StoreConnectionException"/> when it does not exist.</summary>
    public static LabCase Open(StoreConnection store, string name, bool create)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = Connect(store);
        if (create)
        {
            using var insert = new NpgsqlCommand("INSERT INTO cases(name) VALUES(@n) ON CONFLICT (name) DO NOTHING", connection);
            insert.Parameters.AddWithValue("n", name);
            insert.ExecuteNonQuery();
        }

        using var cmd = new NpgsqlCommand("SELECT id FROM cases WHERE name = @n", connection);
        cmd.Parameters.AddWithValue("n", name);
        return cmd.ExecuteScalar() is int id
            ? new LabCase(store, id, name)
            : throw new StoreConnectionException($"the lab store {store.Description} has no case '{name}'");
    }

    /// <summary>The case with this id (a job names its case by id).</summary>
    public static LabCase Open(StoreConnection store, int id)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = Connect(store);
        using var cmd = new NpgsqlCommand("SELECT name FROM cases WHERE id = @i", connection);
        cmd.Parameters.AddWithValue("i", id);
        return cmd.ExecuteScalar() is string name
            ? new LabCase(store, id, name)
            : throw new StoreConnectionException($"the lab store {store.Description} has no case with id {id}");
    }

    /// <summary>Every case, by name in ordinal order.</summary>
    public static IReadOnlyList<LabCase> All(StoreConnection store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = Connect(store);
        using var cmd = new NpgsqlCommand("SELECT id, name FROM cases ORDER BY name COLLATE \"C\"", connection);
        using var r = cmd.ExecuteReader();
        var cases = new List<LabCase>();
        while (r.Read())
        {
            cases.Add(new LabCase(store, r.GetInt32(0), r.GetString(1)));
        }

        return cases;
    }

    /// <summary>How many events the case holds.</summary>
    public long CountEvents()
    {
        using var connection = Connect(_store);
        using var cmd = new NpgsqlCommand("SELECT count(*) FROM events WHERE case_id = @c", connection);
        cmd.Parameters.AddWithValue("c", Id);
        return (long)cmd.ExecuteScalar()!;
    }

    public string? GetMeta(string key)
    {
        using var connection = Connect(_store);
        using var cmd = new NpgsqlCommand("SELECT value FROM case_meta WHERE case_id = @c AND key = @k", connection);
        cmd.Parameters.AddWithValue("c", Id);
        cmd.Parameters.AddWithValue("k", key);
        return cmd.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var connection = Connect(_store);
        using var cmd = new NpgsqlCommand("INSERT INTO case_meta(case_id, key, value) VALUES(@c, @k, @v) ON CONFLICT (case_id, key) DO UPDATE SET value = excluded.value", connection);
        cmd.Parameters.AddWithValue("c", Id);
        cmd.Parameters.AddWithValue("k", key);
        cmd.Parameters.AddWithValue("v", value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Appends a command to the lab's audit log (DESIGN.md "Forensic soundness"), with the database user the server
    /// knows (<c>current_user</c>) beside the operating-system user. <paramref name="caseId"/> null: a lab-wide command.
    /// </summary>
    public static void AppendAudit(StoreConnection store, int? caseId, string command, IReadOnlyList<string> arguments, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = Connect(store);
        using var cmd = new NpgsqlCommand("INSERT INTO audit(case_id, os_user, host, tool_version, command, arguments_json) VALUES(@c, @u, @h, @v, @cmd, @a)", connection);
        cmd.Parameters.AddWithValue("c", caseId is { } id ? id : DBNull.Value);
        cmd.Parameters.AddWithValue("u", Environment.UserName);
        cmd.Parameters.AddWithValue("h", Environment.MachineName);
        cmd.Parameters.AddWithValue("v", toolVersion);
        cmd.Parameters.AddWithValue("cmd", command);
        cmd.Parameters.AddWithValue("a", JsonSerializer.Serialize(arguments.ToArray(), ListJson.Default.StringArray));
        cmd.ExecuteNonQuery();
    }

    /// <summary>The advisory-lock class of a case's snapshot numbers (<see cref="LockCaseCounter"/>).</summary>
    internal const int SnapshotCounter = 0x45500001;

    /// <summary>The advisory-lock class of a case's order numbers.</summary>
    internal const int OrderCounter = 0x45500002;

    /// <summary>
    /// Serialises "the case's next number" (snapshots, orders: numbered per case, 1, 2, …, as a local case numbers
    /// them) until the transaction ends. An advisory lock needs no table privilege, so a read-mostly role can take it.
    /// </summary>
    internal static void LockCaseCounter(NpgsqlConnection connection, int caseId, int counter)
    {
        using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k, @c)", connection);
        cmd.Parameters.AddWithValue("k", counter);
        cmd.Parameters.AddWithValue("c", caseId);
        cmd.ExecuteNonQuery();
    }

    internal static NpgsqlConnection Connect(StoreConnection store)
    {
        var connection = new NpgsqlConnection(store.ConnectionString);
        connection.Open();
        return connection;
    }
}

using System.Globalization;

namespace EvidencePipe.Store.Sqlite;

/// <summary>Snapshots kept by <c>contacts</c> and <c>report</c>, so a later run can say what changed.</summary>
public static class SnapshotQueries
{
    public static long Save(CaseStore store, string command, long eventHighWater, string contactsJson, DateTimeOffset now)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO snapshots(time_utc, command, event_high_water, contacts_json) VALUES($t, $c, $h, $j) RETURNING id";
        cmd.Parameters.AddWithValue("$t", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$c", command);
        cmd.Parameters.AddWithValue("$h", eventHighWater);
        cmd.Parameters.AddWithValue("$j", contactsJson);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The most recent snapshot, or null when no run has kept one.</summary>
    public static StoredSnapshot? Latest(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT id, time_utc, command, event_high_water, contacts_json FROM snapshots ORDER BY id DESC LIMIT 1";
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StoredSnapshot(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4)) : null;
    }
}

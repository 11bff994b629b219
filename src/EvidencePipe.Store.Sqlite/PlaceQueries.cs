using System.Globalization;

using EvidencePipe.Store;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// The case's stored places: added, listed and removed (a removal is recorded, never a deletion), the same shape as
/// <see cref="OrderQueries"/>. The table is made by the first <see cref="Add"/> rather than in <see cref="CaseSchema"/>
/// (the schema is the ingest path's), so a case without places, or a read-only one, is read unchanged.
/// </summary>
public static class PlaceQueries
{
    private const string Table = """
        CREATE TABLE IF NOT EXISTS places(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            latitude REAL NOT NULL,
            longitude REAL NOT NULL,
            radius_m REAL NOT NULL,
            added_utc TEXT NOT NULL,
            removed_utc TEXT)
        """;

    public static long Add(CaseStore store, string name, double latitude, double longitude, double radiusMetres, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var tx = store.Connection.BeginTransaction();
        using (var create = store.Connection.CreateCommand())
        {
            create.Transaction = tx;
            create.CommandText = Table;
            create.ExecuteNonQuery();
        }

        using var cmd = store.Connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO places(name, latitude, longitude, radius_m, added_utc) VALUES($name, $lat, $lon, $radius, $now) RETURNING id";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$lat", latitude);
        cmd.Parameters.AddWithValue("$lon", longitude);
        cmd.Parameters.AddWithValue("$radius", radiusMetres);
        cmd.Parameters.AddWithValue("$now", Utc(now));
        var id = (long)cmd.ExecuteScalar()!;
        tx.Commit();
        return id;
    }

    /// <summary>The places in force for the case's analysis (not removed), in the order they were added; none before the first add.</summary>
    public static IReadOnlyList<StoredPlace> Active(CaseStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var list = new List<StoredPlace>();
        if (!Exists(store))
        {
            return list;
        }

        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT id, name, latitude, longitude, radius_m, added_utc FROM places WHERE removed_utc IS NULL ORDER BY id";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new StoredPlace(r.GetInt64(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetString(5)));
        }

        return list;
    }

    /// <summary>Marks a place removed; false when no active place has that id.</summary>
    public static bool Remove(CaseStore store, long id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!Exists(store))
        {
            return false;
        }

        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "UPDATE places SET removed_utc = $now WHERE id = $id AND removed_utc IS NULL";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$now", Utc(now));
        return cmd.ExecuteNonQuery() == 1;
    }

    private static bool Exists(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'places'";
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

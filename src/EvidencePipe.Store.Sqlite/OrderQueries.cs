using System.Globalization;

namespace EvidencePipe.Store.Sqlite;

/// <summary>The case's stored orders: added, listed and removed (a removal is recorded, never a deletion).</summary>
public static class OrderQueries
{
    public static long Add(CaseStore store, string type, string party, string from, string? to, string? reference, string? conditions, DateTimeOffset now)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO orders(type, party, from_date, to_date, reference, conditions, added_utc)
            VALUES($type, $party, $from, $to, $ref, $cond, $now) RETURNING id
            """;
        cmd.Parameters.AddWithValue("$type", type);
        cmd.Parameters.AddWithValue("$party", party);
        cmd.Parameters.AddWithValue("$from", from);
        cmd.Parameters.AddWithValue("$to", (object?)to ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$ref", (object?)reference ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$cond", (object?)conditions ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$now", Utc(now));
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The orders in force for the case's analysis (not removed), in the order they were added.</summary>
    public static IReadOnlyList<StoredOrder> Active(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT id, type, party, from_date, to_date, reference, conditions, added_utc FROM orders WHERE removed_utc IS NULL ORDER BY id";
        using var r = cmd.ExecuteReader();
        var list = new List<StoredOrder>();
        while (r.Read())
        {
            list.Add(new StoredOrder(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)));
        }

        return list;
    }

    /// <summary>Marks an order removed; false when no active order has that id.</summary>
    public static bool Remove(CaseStore store, long id, DateTimeOffset now)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "UPDATE orders SET removed_utc = $now WHERE id = $id AND removed_utc IS NULL";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$now", Utc(now));
        return cmd.ExecuteNonQuery() == 1;
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

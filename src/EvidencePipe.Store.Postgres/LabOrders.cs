using System.Globalization;
using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// A lab case's stored protective orders (<c>orders add|list|remove --store</c>), as <c>OrderQueries</c> keeps a local
/// case's: numbered per case in the order added, a removal recorded (with the database user), never a deletion.
/// Adding and removing needs <see cref="LabSchema.SupervisorRole"/> (or the database owner); every role may list.
/// </summary>
public static class LabOrders
{
    public static long Add(StoreConnection store, LabCase labCase, string type, string party, string from, string? to, string? reference, string? conditions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(labCase);
        using var connection = LabCase.Connect(store);
        using var tx = connection.BeginTransaction();
        LabCase.LockCaseCounter(connection, labCase.Id, LabCase.OrderCounter);
        using var cmd = new NpgsqlCommand("""
            INSERT INTO orders(case_id, id, type, party, from_date, to_date, reference, conditions, added_utc)
            SELECT @c, coalesce(max(id), 0) + 1, @type, @party, @from, @to, @ref, @cond, @now FROM orders WHERE case_id = @c
            RETURNING id
            """, connection, tx);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("type", type);
        cmd.Parameters.AddWithValue("party", party);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", (object?)to ?? DBNull.Value);
        cmd.Parameters.AddWithValue("ref", (object?)reference ?? DBNull.Value);
        cmd.Parameters.AddWithValue("cond", (object?)conditions ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", Utc(now));
        try
        {
            var id = (long)cmd.ExecuteScalar()!;
            tx.Commit();
            return id;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw Refused(ex);
        }
    }

    /// <summary>The orders in force for the case's analysis (not removed), in the order they were added.</summary>
    public static IReadOnlyList<StoredOrder> Active(StoreConnection store, LabCase labCase)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT id, type, party, from_date, to_date, reference, conditions, added_utc FROM orders
            WHERE case_id = @c AND removed_utc IS NULL ORDER BY id
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredOrder>();
        while (r.Read())
        {
            list.Add(new StoredOrder(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)));
        }

        return list;
    }

    /// <summary>Marks an order removed (with the database user); false when no active order of the case has that id.</summary>
    public static bool Remove(StoreConnection store, LabCase labCase, long id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            UPDATE orders SET removed_utc = @now, removed_by = current_user WHERE case_id = @c AND id = @id AND removed_utc IS NULL
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("now", Utc(now));
        try
        {
            return cmd.ExecuteNonQuery() == 1;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw Refused(ex);
        }
    }

    /// <summary>The server's refusal, saying which role may: what the court ordered is kept by a supervisor.</summary>
    private static PostgresException Refused(PostgresException ex) => new(
        $"{ex.MessageText} (adding or removing a lab case's orders needs the {LabSchema.SupervisorRole} role; investigators and workers may list them)",
        ex.Severity, ex.InvariantSeverity, ex.SqlState);

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

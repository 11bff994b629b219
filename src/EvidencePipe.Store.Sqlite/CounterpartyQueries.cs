namespace EvidencePipe.Store.Sqlite;

/// <summary>Per counter-party identifier: how many events, which way, first and last (UTC ms).</summary>
public sealed record CounterpartyVolume(string Identifier, string? Name, long Events, long Incoming, long Outgoing, long FirstMs, long LastMs);

/// <summary>
/// Counter-parties by volume: the sender of incoming events and the recipients of outgoing ones.
/// A plain count; the scored, person-level ranking belongs to the analysis.
/// </summary>
public static class CounterpartyQueries
{
    public static IReadOnlyList<CounterpartyVolume> ByVolume(CaseStore store, int limit)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = """
            WITH parties(party, direction, time_ms) AS (
                SELECT from_id, direction, time_ms FROM events WHERE direction = 'incoming' AND from_id IS NOT NULL
                UNION ALL
                SELECT j.value, e.direction, e.time_ms FROM events e, json_each(e.to_json) j WHERE e.direction = 'outgoing')
            SELECT p.party,
                   (SELECT n.name FROM identifier_names n WHERE n.identifier = p.party ORDER BY n.basis = 'address-book' DESC, n.name LIMIT 1),
                   count(*), sum(p.direction = 'incoming'), sum(p.direction = 'outgoing'), min(p.time_ms), max(p.time_ms)
            FROM parties p
            GROUP BY p.party
            ORDER BY count(*) DESC, p.party
            LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<CounterpartyVolume>();
        while (r.Read())
        {
            list.Add(new CounterpartyVolume(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)));
        }

        return list;
    }
}

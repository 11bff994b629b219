namespace EvidencePipe.Store.Sqlite;

/// <summary>What the case knows about names and address books, for grouping identifiers into persons.</summary>
public static class PersonQueries
{
    public static IReadOnlyList<(string Identifier, string Name, string Basis)> Names(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT identifier, name, basis FROM identifier_names ORDER BY identifier, name, basis";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string, string)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return list;
    }

    public static IReadOnlyList<(string? Name, IReadOnlyList<string> Identifiers, string Source)> Cards(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT name, identifiers_json, source_path || ' @ ' || locator FROM contact_cards ORDER BY source_path, locator";
        using var r = cmd.ExecuteReader();
        var list = new List<(string?, IReadOnlyList<string>, string)>();
        while (r.Read())
        {
            list.Add((r.IsDBNull(0) ? null : r.GetString(0), StoredJson.ReadIdentifiers(r.GetString(1)), r.GetString(2)));
        }

        return list;
    }

    /// <summary>Events by id (for evidence tables), in time order.</summary>
    public static IReadOnlyList<Model.CommunicationEvent> EventsByIds(CaseStore store, IEnumerable<string> ids)
    {
        var list = new List<Model.CommunicationEvent>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            using var cmd = store.Connection.CreateCommand();
            var names = chunk.Select((id, i) => "$i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            cmd.CommandText = $"SELECT {EventRows.Columns} FROM events e WHERE e.id IN ({string.Join(',', names)})";
            for (var i = 0; i < chunk.Length; i++)
            {
                cmd.Parameters.AddWithValue(names[i], chunk[i]);
            }

            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                list.Add(EventRows.Read(r));
            }
        }

        return list.OrderBy(e => e.Time.Utc).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }
}

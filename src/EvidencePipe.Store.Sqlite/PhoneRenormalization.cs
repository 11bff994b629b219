using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Identifiers;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// Brings a case's <c>tel:</c> identifiers to the current normaliser when the case was made by
/// another (an earlier build's hand-written tables, or another libphonenumber version), so one
/// person is never split between two schemes: <c>tel:+4407700900666</c> written by the old tables
/// and <c>tel:+447700900666</c> written now are the same number. Each stored value is run through
/// the current normaliser with the case's region, and every place an identifier is kept is
/// rewritten in the same transaction (events, identifiers, names, cards, owners), and the store
/// revision is raised so the search index, derived from the events, is rebuilt on its next open.
/// The raw strings are not in the case, so a number an old build expanded wrongly (a national
/// Italian mobile read as a landline) stays as it was stored: re-ingesting the sources fixes that.
/// </summary>
internal static class PhoneRenormalization
{
    public static void Run(SqliteConnection connection, SqliteTransaction tx)
    {
        var recorded = Meta(connection, tx, CaseMetaKeys.PhoneNormaliser);
        if (recorded == PhoneNormalizer.Name)
        {
            return;
        }

        var region = PhoneRegion.TryGet(Meta(connection, tx, CaseMetaKeys.Region) ?? PhoneRegion.Default.Code, out var r) ? r : PhoneRegion.Default;
        var map = Changes(connection, tx, region);
        if (map.Count > 0)
        {
            RewriteEvents(connection, tx, map);
            RewriteIdentifiers(connection, tx, map);
            RewriteCards(connection, tx, map);
            if (Meta(connection, tx, CaseMetaKeys.Owners) is { } owners)
            {
                var ids = (JsonSerializer.Deserialize(owners, ListJson.Default.StringArray) ?? []).Select(o => Map(map, o)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                SetMeta(connection, tx, CaseMetaKeys.Owners, JsonSerializer.Serialize(ids, ListJson.Default.StringArray));
            }
        }

        // Every stored tel: identifier gets its check (valid / possible / impossible …), old ones included.
        Exec(connection, tx, "UPDATE identifiers SET phone_check = NULL WHERE scheme <> 'tel'");
        using (var select = Command(connection, tx, "SELECT identifier FROM identifiers WHERE scheme = 'tel' AND phone_check IS NULL"))
        using (var update = Command(connection, tx, "UPDATE identifiers SET phone_check = $c WHERE identifier = $i"))
        {
            var pending = new List<string>();
            using (var rd = select.ExecuteReader())
            {
                while (rd.Read())
                {
                    pending.Add(rd.GetString(0));
                }
            }

            foreach (var id in pending)
            {
                update.Parameters.Clear();
                update.Parameters.AddWithValue("$c", (object?)PhoneNormalizer.Check(id) ?? DBNull.Value);
                update.Parameters.AddWithValue("$i", id);
                update.ExecuteNonQuery();
            }
        }

        SetMeta(connection, tx, CaseMetaKeys.PhoneNormaliser, PhoneNormalizer.Name);
    }

    private static Dictionary<string, string> Changes(SqliteConnection connection, SqliteTransaction tx, PhoneRegion region)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = Command(connection, tx, """
            SELECT identifier FROM identifiers WHERE identifier LIKE 'tel:%'
            UNION SELECT identifier FROM identifier_names WHERE identifier LIKE 'tel:%'
            """);
        using var rd = cmd.ExecuteReader();
        while (rd.Read())
        {
            var old = rd.GetString(0);
            var now = Identifier.ForPhone(Identifier.ValueOf(old).Replace(";ext=", " ext ", StringComparison.Ordinal), region);
            if (now != old)
            {
                map[old] = now;
            }
        }

        return map;
    }

    private static string Map(Dictionary<string, string> map, string id) => map.TryGetValue(id, out var now) ? now : id;

    private static void RewriteEvents(SqliteConnection connection, SqliteTransaction tx, Dictionary<string, string> map)
    {
        var changed = new List<(long Rowid, string? From, string To, string Names)>();
        using (var select = Command(connection, tx, "SELECT rowid, from_id, to_json, names_json FROM events"))
        using (var rd = select.ExecuteReader())
        {
            while (rd.Read())
            {
                var from = rd.IsDBNull(1) ? null : rd.GetString(1);
                var to = StoredJson.ReadIdentifiers(rd.GetString(2));
                var names = StoredJson.ReadNames(rd.GetString(3));
                var touched = from is not null && map.ContainsKey(from) || to.Any(map.ContainsKey) || names.Keys.Any(map.ContainsKey);
                if (!touched)
                {
                    continue;
                }

                var newNames = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in names)
                {
                    newNames[Map(map, k)] = v;
                }

                changed.Add((rd.GetInt64(0), from is null ? null : Map(map, from),
                    StoredJson.Identifiers(to.Select(t => Map(map, t)).ToList()), StoredJson.Names(newNames)));
            }
        }

        using var update = Command(connection, tx, "UPDATE events SET from_id = $f, to_json = $t, names_json = $n WHERE rowid = $r");
        foreach (var row in changed)
        {
            update.Parameters.Clear();
            update.Parameters.AddWithValue("$f", (object?)row.From ?? DBNull.Value);
            update.Parameters.AddWithValue("$t", row.To);
            update.Parameters.AddWithValue("$n", row.Names);
            update.Parameters.AddWithValue("$r", row.Rowid);
            update.ExecuteNonQuery();
        }

        // The search index is derived from these rows: a new store revision makes it rebuild on its next open.
        var revision = long.TryParse(Meta(connection, tx, CaseMetaKeys.StoreRevision), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0;
        SetMeta(connection, tx, CaseMetaKeys.StoreRevision, (revision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void RewriteIdentifiers(SqliteConnection connection, SqliteTransaction tx, Dictionary<string, string> map)
    {
        using var insert = Command(connection, tx, "INSERT OR IGNORE INTO identifiers(identifier, scheme) VALUES($n, 'tel')");
        using var delete = Command(connection, tx, "DELETE FROM identifiers WHERE identifier = $o");
        using var names = Command(connection, tx, """
            INSERT OR IGNORE INTO identifier_names(identifier, name, basis, source_sha256)
                SELECT $n, name, basis, source_sha256 FROM identifier_names WHERE identifier = $o;
            DELETE FROM identifier_names WHERE identifier = $o;
            """);
        foreach (var (old, now) in map)
        {
            foreach (var cmd in new[] { insert, delete, names })
            {
                cmd.Parameters.Clear();
                if (cmd != delete)
                {
                    cmd.Parameters.AddWithValue("$n", now);
                }

                if (cmd != insert)
                {
                    cmd.Parameters.AddWithValue("$o", old);
                }

                cmd.ExecuteNonQuery();
            }
        }
    }

    private static void RewriteCards(SqliteConnection connection, SqliteTransaction tx, Dictionary<string, string> map)
    {
        var changed = new List<(string Id, string Json)>();
        using (var select = Command(connection, tx, "SELECT id, identifiers_json FROM contact_cards"))
        using (var rd = select.ExecuteReader())
        {
            while (rd.Read())
            {
                var ids = StoredJson.ReadIdentifiers(rd.GetString(1));
                if (ids.Any(map.ContainsKey))
                {
                    changed.Add((rd.GetString(0), StoredJson.Identifiers(ids.Select(i => Map(map, i)).Distinct(StringComparer.Ordinal).ToList())));
                }
            }
        }

        using var update = Command(connection, tx, "UPDATE contact_cards SET identifiers_json = $j WHERE id = $i");
        foreach (var (id, json) in changed)
        {
            update.Parameters.Clear();
            update.Parameters.AddWithValue("$j", json);
            update.Parameters.AddWithValue("$i", id);
            update.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Exec(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var cmd = Command(connection, tx, sql);
        cmd.ExecuteNonQuery();
    }

    private static string? Meta(SqliteConnection connection, SqliteTransaction tx, string key)
    {
        using var cmd = Command(connection, tx, "SELECT value FROM meta WHERE key = $k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    private static void SetMeta(SqliteConnection connection, SqliteTransaction tx, string key, string value)
    {
        using var cmd = Command(connection, tx, "INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }
}

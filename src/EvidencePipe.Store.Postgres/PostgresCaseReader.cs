using EvidencePipe.Model;
using EvidencePipe.Store.Sqlite;
using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// The lab store's <see cref="ICaseReader"/> for one case: the same rows, in the same order, as the SQLite case
/// (ids and paths are <c>COLLATE "C"</c>, so "then id" is ordinal here as there).
/// </summary>
public sealed class PostgresCaseReader(StoreConnection store, LabCase labCase) : ICaseReader
{
    private const string Columns = """
        id, kind, channel, direction, time_ms, time_offset_min, time_basis, time_zone, time_anomaly, from_id, to_json, names_json,
        text, subject, duration_s, call_status, attachments_json, geo_lat, geo_lon, thread, source_sha256, source_path, source_format,
        locator, message_id
        """;

    public string? GetMeta(string key) => labCase.GetMeta(key);

    public IEnumerable<CommunicationEvent> ReadAllOrdered(CancellationToken cancellationToken)
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM events WHERE case_id = @c ORDER BY time_ms, id", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Read(r);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> AttachmentLinks()
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT DISTINCT a.event_id, b.event_id FROM attachment_hashes a
            JOIN attachment_hashes b ON a.case_id = b.case_id AND a.sha256 = b.sha256 AND a.event_id <> b.event_id
            WHERE a.case_id = @c
            ORDER BY 1, 2
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (r.Read())
        {
            var from = r.GetString(0);
            if (!map.TryGetValue(from, out var list))
            {
                map[from] = list = [];
            }

            list.Add(r.GetString(1));
        }

        return map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
    }

    public IEnumerable<PartyRow> ReadParties(CancellationToken cancellationToken)
    {
        // As EventQueries.ReadForAnalysis: undated events have no place on a time line; an incoming event's party is its sender.
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT from_id, direction, CASE WHEN direction = 'incoming' THEN NULL ELSE to_json END, time_ms
            FROM events WHERE case_id = @c AND time_basis <> 'undated' ORDER BY time_ms, id
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new PartyRow(
                r.GetValue(0) as string,
                ModelNames.ParseDirection(r.GetString(1)),
                r.GetValue(2) is string to ? StoredJson.ReadIdentifiers(to) : [],
                r.GetInt64(3));
        }
    }

    private static CommunicationEvent Read(NpgsqlDataReader r)
    {
        var time = new EventTime(
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            TimeSpan.FromMinutes(r.GetInt32(5)),
            EventTime.ParseBasis(r.GetString(6)),
            Text(r, 7),
            EventTime.ParseAnomaly(Text(r, 8)));
        return new CommunicationEvent
        {
            Id = r.GetString(0),
            Kind = ModelNames.ParseKind(r.GetString(1)),
            Channel = r.GetString(2),
            Direction = ModelNames.ParseDirection(r.GetString(3)),
            Time = time,
            From = Text(r, 9),
            To = StoredJson.ReadIdentifiers(r.GetString(10)),
            Names = StoredJson.ReadNames(r.GetString(11)),
            Text = Text(r, 12),
            Subject = Text(r, 13),
            DurationSeconds = r.IsDBNull(14) ? null : r.GetInt32(14),
            CallStatus = ModelNames.ParseCallStatus(Text(r, 15)),
            Attachments = StoredJson.ReadAttachments(r.GetString(16)),
            Geo = r.IsDBNull(17) || r.IsDBNull(18) ? null : new GeoPoint(r.GetDouble(17), r.GetDouble(18)),
            ThreadId = Text(r, 19),
            Source = new SourceRef(r.GetString(20), r.GetString(21), r.GetString(22), r.GetString(23)),
            MessageId = Text(r, 24),
        };
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

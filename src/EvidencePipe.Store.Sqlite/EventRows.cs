using System.Data.Common;
using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// Maps stored event rows back to <see cref="CommunicationEvent"/>: the SQLite case store's and, compiled into
/// EvidencePipe.Store.Postgres as a linked file (as <see cref="StoredJson"/> is), the lab store's, whose
/// columns are the same in the same order.
/// </summary>
internal static class EventRows
{
    public const string Columns = """
        e.id, e.kind, e.channel, e.direction, e.time_ms, e.time_offset_min, e.time_basis, e.time_zone, e.time_anomaly,
        e.from_id, e.to_json, e.names_json, e.text, e.subject, e.duration_s, e.call_status, e.attachments_json,
        e.geo_lat, e.geo_lon, e.thread, e.source_sha256, e.source_path, e.source_format, e.locator, e.message_id
        """;

    /// <summary>How many columns <see cref="Columns"/> selects: a query may add its own after them.</summary>
    public const int ColumnCount = 25;

    /// <summary>
    /// The rows of a <see cref="EventQueries.ReadForAnalysis"/> query, from either engine (the lab's reads the same nine
    /// columns in the same order): each channel name is one shared string, so 10M rows hold a handful.
    /// </summary>
    public static IEnumerable<AnalysisRow> ReadAnalysis(DbDataReader r, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var channel = r.GetString(3);
            if (!channels.TryGetValue(channel, out var shared))
            {
                channels[channel] = shared = channel;
            }

            yield return new AnalysisRow(
                r.GetString(0),
                r.GetInt64(1),
                ModelNames.ParseDirection(r.GetString(2)),
                shared,
                r.GetValue(4) as string,
                r.GetValue(5) is string to ? StoredJson.ReadIdentifiers(to) : [],
                r.GetValue(6) as string,
                ModelNames.ParseCallStatus(r.GetValue(7) as string),
                r.IsDBNull(8) ? null : r.GetInt32(8));
        }
    }

    public static CommunicationEvent Read(DbDataReader r)
    {
        var offset = TimeSpan.FromMinutes(r.GetInt32(5));
        var time = new EventTime(
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            offset,
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

    // One call per column: IsDBNull and GetString each look the column's type up again, and over a
    // million-event read that doubled the cost of the nullable columns.
    private static string? Text(DbDataReader r, int i) => r.GetValue(i) as string; // DBNull is not a string
}

using EvidencePipe.Model;

namespace EvidencePipe.Export;

/// <summary>CSV export (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted).</summary>
public static class EventCsv
{
    public static readonly string[] Header =
    [
        "id", "kind", "channel", "direction", "time", "time_offset", "time_basis", "from", "to", "text", "subject",
        "duration_s", "call_status", "attachments", "geo_lat", "geo_lon", "thread",
        "source_sha256", "source_path", "source_format", "source_locator", "time_zone", "time_anomaly", "message_id",
    ];

    public static void WriteHeader(TextWriter writer) => Rfc4180.WriteRow(writer, Header);

    /// <summary>One event's row; by default spreadsheet-safe (suspect text such as <c>=HYPERLINK(…)</c> is neutralised).</summary>
    public static void Write(TextWriter writer, CommunicationEvent e, CsvText text = CsvText.SpreadsheetSafe)
    {
        var attachments = string.Join(";", e.Attachments.Select(a => $"{a.Name}|{a.MediaType}|{a.Size}|{a.Sha256}"));
        Rfc4180.WriteRow(writer, text,
        [
            e.Id, ModelNames.Of(e.Kind), e.Channel, ModelNames.Of(e.Direction), EventJson.Time(e.Time.Utc),
            EventJson.Offset(e.Time.Offset), e.Time.BasisName, e.From, string.Join(";", e.To), e.Text, e.Subject,
            e.DurationSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture), ModelNames.Of(e.CallStatus), attachments,
            e.Geo is { } g ? EventJson.Number(g.Latitude) : null, e.Geo is { } g2 ? EventJson.Number(g2.Longitude) : null,
            e.ThreadId, e.Source.Sha256, e.Source.Path, e.Source.Format, e.Source.Locator, e.Time.Zone, e.Time.AnomalyName, e.MessageId,
        ]);
    }
}

using System.Globalization;
using System.Text.Json;
using EvidencePipe.Model;

namespace EvidencePipe.Export;

/// <summary>
/// The export representation of an event (DESIGN.md "Contract", JSONL fields) in a fixed field
/// order, so the same case always serialises to the same bytes.
/// </summary>
public static class EventJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Time(DateTimeOffset utc) =>
        utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs.Hours:00}:{abs.Minutes:00}");
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Builds one JSON text with <see cref="WriterOptions"/> (no whitespace, stable order as written).</summary>
    public static string Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteIdentifiers(Utf8JsonWriter w, string property, IReadOnlyList<string> identifiers)
    {
        w.WriteStartArray(property);
        foreach (var id in identifiers)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
    }

    /// <summary>The attachments array value: <c>[{name, media_type, size, sha256}]</c>.</summary>
    public static void WriteAttachments(Utf8JsonWriter w, IReadOnlyList<Attachment> attachments)
    {
        w.WriteStartArray();
        foreach (var a in attachments)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteString("media_type", a.MediaType);
            w.WriteNumber("size", a.Size);
            w.WriteString("sha256", a.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The contract's <c>source{sha256,path,format,locator}</c> object.</summary>
    public static void WriteSource(Utf8JsonWriter w, SourceRef source)
    {
        w.WriteStartObject("source");
        w.WriteString("sha256", source.Sha256);
        w.WriteString("path", source.Path);
        w.WriteString("format", source.Format);
        w.WriteString("locator", source.Locator);
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, CommunicationEvent e, IReadOnlyList<string>? linkedEvents = null)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("kind", ModelNames.Of(e.Kind));
        w.WriteString("channel", e.Channel);
        w.WriteString("direction", ModelNames.Of(e.Direction));
        w.WriteString("time", Time(e.Time.Utc));
        w.WriteString("time_offset", Offset(e.Time.Offset));
        w.WriteString("time_basis", e.Time.BasisName);
        w.WriteString("from", e.From);
        WriteIdentifiers(w, "to", e.To);
        w.WriteString("text", e.Text);
        w.WriteString("subject", e.Subject);
        if (e.DurationSeconds is { } d)
        {
            w.WriteNumber("duration_s", d);
        }
        else
        {
            w.WriteNull("duration_s");
        }

        w.WriteString("call_status", ModelNames.Of(e.CallStatus));
        w.WritePropertyName("attachments");
        WriteAttachments(w, e.Attachments);
        if (e.Geo is { } g)
        {
            w.WriteStartObject("geo");
            w.WriteNumber("lat", g.Latitude);
            w.WriteNumber("lon", g.Longitude);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("geo");
        }

        w.WriteString("thread", e.ThreadId);
        WriteSource(w, e.Source);

        // Extensions beyond the contract's field list.
        w.WriteString("time_zone", e.Time.Zone);
        w.WriteString("time_anomaly", e.Time.AnomalyName);
        w.WriteString("message_id", e.MessageId);
        w.WriteStartObject("names");
        foreach (var (id, name) in e.Names.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(id, name);
        }

        w.WriteEndObject();
        WriteIdentifiers(w, "linked_events", linkedEvents ?? []);
        w.WriteEndObject();
    }

    /// <summary>
    /// One GeoJSON Feature (RFC 7946 §3.2) for an event with a position: coordinates are
    /// [longitude, latitude] per §3.1.1; properties id, time, channel and source.
    /// </summary>
    public static void WriteFeature(Utf8JsonWriter w, CommunicationEvent e)
    {
        if (e.Geo is not { } g)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("geometry");
        w.WriteString("type", "Point");
        w.WriteStartArray("coordinates");
        w.WriteNumberValue(g.Longitude);
        w.WriteNumberValue(g.Latitude);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("id", e.Id);
        w.WriteString("time", Time(e.Time.Utc));
        w.WriteString("channel", e.Channel);
        w.WriteString("kind", ModelNames.Of(e.Kind));
        w.WriteString("text", e.Text);
        WriteSource(w, e.Source);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

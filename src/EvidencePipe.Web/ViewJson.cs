using System.Globalization;
using System.Text.Json;
using EvidencePipe.Analysis;
using EvidencePipe.Export;
using EvidencePipe.Model;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Web;

/// <summary>
/// The JSON of the page's own views (histogram, event detail, conversation, evidence), written once for local and lab
/// cases alike, so a lab case answers with the same bytes as the same evidence ingested locally (its case named, not
/// a directory). Search and contacts answer with the CLI's own writers (<see cref="WebJson"/>).
/// </summary>
internal static class ViewJson
{
    /// <summary><c>/api/cases</c>: the user, the tool version and each case served (its key, display name and time zone).</summary>
    public static string Cases(string user, string toolVersion, IEnumerable<(string Case, string Name, string TimeZone)> cases) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("user", user);
        w.WriteString("tool_version", toolVersion);
        w.WriteStartArray("cases");
        foreach (var (key, name, zone) in cases)
        {
            w.WriteStartObject();
            w.WriteString("case", key);
            w.WriteString("name", name);
            w.WriteString("time_zone", zone);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Histogram(IReadOnlyList<(DateOnly Day, long Count)> days) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("total", days.Sum(d => d.Count));
        w.WriteStartArray("days");
        foreach (var (day, count) in days)
        {
            w.WriteStartObject();
            w.WriteString("day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Per-case day counts summed into one list in day order.</summary>
    public static IReadOnlyList<(DateOnly Day, long Count)> SumDays(IEnumerable<IReadOnlyDictionary<DateOnly, long>> perCase)
    {
        var days = new SortedDictionary<DateOnly, long>();
        foreach (var (day, count) in perCase.SelectMany(d => d))
        {
            days[day] = days.GetValueOrDefault(day) + count;
        }

        return days.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary><c>/api/events/{id}</c>: the event as <c>export --format jsonl</c> writes it, with its provenance.</summary>
    public static string EventDetail(
        string caseName, string timeZone, CommunicationEvent e, IReadOnlyList<string>? links, SourceDetail? source,
        IReadOnlyList<DiagnosticRow> diagnostics, IReadOnlyDictionary<string, ExhibitFile> media) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("case", caseName);
        w.WriteString("time_zone", timeZone);
        w.WritePropertyName("event");
        EventJson.Write(w, e, links);
        w.WriteStartObject("exhibit");
        if (source is not null)
        {
            w.WriteString("sha256", e.Source.Sha256);
            w.WriteString("path", e.Source.Path);
            w.WriteString("absolute_path", source.AbsolutePath);
            w.WriteString("container_entry", source.ContainerEntry);
            w.WriteNumber("size", source.Size);
            w.WriteString("format", source.Format);
            w.WriteString("status", source.Status);
            w.WriteNumber("records_read", source.RecordsRead);
            w.WriteNumber("records_recovered", source.RecordsRecovered);
            w.WriteNumber("records_skipped", source.RecordsSkipped);
            w.WriteString("first_seen_utc", source.FirstSeenUtc);
        }

        w.WriteEndObject();
        w.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("locator", d.Locator);
            w.WriteString("severity", d.Severity);
            w.WriteString("reason", d.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMedia(w, caseName, media);
        w.WriteEndObject();
    });

    /// <summary><c>/api/conversation</c>: the person, the total and the page of events (oldest first) as export lines.</summary>
    public static string Conversation(
        string caseName, string timeZone, ContactReport contact, string? owner, long total, IReadOnlyList<CommunicationEvent> events,
        IReadOnlyDictionary<string, IReadOnlyList<string>> links, IReadOnlyDictionary<string, ExhibitFile> media) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("case", caseName);
        w.WriteString("time_zone", timeZone);
        w.WriteString("person", contact.Person.Label);
        w.WriteString("person_id", contact.Person.Id);
        EventJson.WriteIdentifiers(w, "identifiers", contact.Person.Identifiers);
        w.WriteString("owner", owner);
        w.WriteNumber("total", total);
        w.WriteStartArray("events");
        foreach (var e in events)
        {
            EventJson.Write(w, e, links.GetValueOrDefault(e.Id));
        }

        w.WriteEndArray();
        WriteMedia(w, caseName, media);
        w.WriteEndObject();
    });

    /// <summary><c>/api/evidence</c>: one indicator of one person and the events that made it fire.</summary>
    public static string Evidence(
        string caseName, string timeZone, ContactReport contact, Indicator indicator, IReadOnlyList<CommunicationEvent> events,
        IReadOnlyDictionary<string, ExhibitFile> media) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("case", caseName);
        w.WriteString("time_zone", timeZone);
        w.WriteString("person", contact.Person.Label);
        w.WriteString("person_id", contact.Person.Id);
        w.WriteString("code", indicator.Code);
        w.WriteString("detail", indicator.Detail);
        w.WriteNumber("total", indicator.Evidence.Count);
        w.WriteStartArray("events");
        foreach (var e in events)
        {
            EventJson.Write(w, e);
        }

        w.WriteEndArray();
        WriteMedia(w, caseName, media);
        w.WriteEndObject();
    });

    /// <summary>
    /// The search that finds a person's conversation: every identifier the person groups as sender or recipient, so a
    /// conversation spans SMS, WhatsApp, e-mail and calls alike. Identifiers are quoted as one party value.
    /// </summary>
    public static string ConversationQuery(ContactReport contact)
    {
        var ids = contact.Person.Identifiers.Where(i => !i.Contains('"', StringComparison.Ordinal));
        return string.Join(" OR ", ids.SelectMany(i => new[] { $"from:\"{i}\"", $"to:\"{i}\"" }));
    }

    /// <summary>The SHA-256s a set of events may show as photos: their attachments' and their own source files'.</summary>
    public static IEnumerable<string> MediaHashes(IEnumerable<CommunicationEvent> events) =>
        events.SelectMany(e => e.Attachments.Select(a => a.Sha256).Append(e.Source.Sha256)).OfType<string>();

    /// <summary>
    /// <c>"media"</c>: the photos and videos among the events' attachments (a photo's or screenshot's own file is its
    /// attachment, and a sent copy shares its SHA-256) that the case holds as exhibit files, keyed by SHA-256, with
    /// how the page may show each (<see cref="ExhibitMediaType"/>) and where to fetch it.
    /// </summary>
    private static void WriteMedia(Utf8JsonWriter w, string caseName, IReadOnlyDictionary<string, ExhibitFile> media)
    {
        w.WriteStartObject("media");
        foreach (var (sha, file) in media.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var type = ExhibitMediaType.ForFormat(file.Format);
            w.WriteStartObject(sha);
            w.WriteString("name", file.FileName);
            w.WriteString("path", file.Path);
            w.WriteNumber("size", file.Size);
            w.WriteString("content_type", type.ContentType);
            w.WriteBoolean("inline", type.Inline);
            w.WriteString("url", $"media/{sha}?case={Uri.EscapeDataString(caseName)}");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}

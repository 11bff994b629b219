using System.Text;

namespace EvidencePipe.Model;

/// <summary>
/// An application installed on the device, kept as an event of kind <see cref="EventKind.App"/>: the subject is the
/// package name (Android) or bundle id (iOS) — what the tracking-app list matches — and the text names the app, its
/// version and installer and its first-install and last-update times (UTC) where the source recorded them. The event's
/// time is the first install; without one the event is undated (a last update alone is in the text, not taken for the install).
/// </summary>
public static class InstalledApp
{
    public static CommunicationEvent Event(
        string id, string appId, string? name, string? version, string? installer, EventTime? installed, EventTime? updated, SourceRef source)
    {
        var text = new StringBuilder("installed app ").Append(appId);
        if (name is { Length: > 0 })
        {
            text.Append(" (").Append(name).Append(')');
        }

        if (version is { Length: > 0 })
        {
            text.Append(" version ").Append(version);
        }

        if (installer is { Length: > 0 })
        {
            text.Append("; installer ").Append(installer);
        }

        text.Append("; first installed ").Append(installed is { } i ? Iso(i) : "not recorded");
        text.Append("; last updated ").Append(updated is { } u ? Iso(u) : "not recorded");
        return new CommunicationEvent
        {
            Id = id,
            Kind = EventKind.App,
            Channel = Channels.App,
            Direction = Direction.Unknown,
            Time = installed ?? EventTime.Undated,
            Subject = appId,
            Text = text.ToString(),
            Source = source,
        };
    }

    private static string Iso(EventTime t) => t.Utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// Turns one row of the incident log into an <see cref="EventKind.Incident"/> event: the victim's
/// words verbatim as its text, where / witnesses / how it affected them in its subject, the person
/// named in "who" as its sender (so the row joins that person's timeline, occasions and order
/// breaches), the date and time read in the case zone. Rows that cannot be dated are skipped with a
/// diagnostic naming the row; nothing is guessed silently.
/// </summary>
internal static class IncidentRow
{
    /// <summary>A row with no time is placed at midday of its date and says so (the victim did not record the time).</summary>
    public static readonly TimeOnly NoTime = new(12, 0);

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d.M.yyyy", "d-M-yyyy", "d/M/yy", "yyyy/M/d"];
    private static readonly string[] TimeFormats = ["H:mm", "H:mm:ss", "H.mm", "HHmm", "h:mm tt", "h:mmtt", "h tt", "htt", "h.mm tt"];

    /// <param name="cells">The row's text per column role; <paramref name="date"/>/<paramref name="time"/> when the sheet stored real date or time values.</param>
    public static CommunicationEvent? ToEvent(IReadOnlyDictionary<IncidentColumn, string> cells, DateOnly? date, TimeOnly? time, string locator, ReadContext context, LocalTimeSequence times)
    {
        string Cell(IncidentColumn c) => cells.TryGetValue(c, out var v) ? v.Trim() : string.Empty;
        var what = Cell(IncidentColumn.What);
        var dateText = Cell(IncidentColumn.Date);
        date ??= ParseDate(dateText);
        if (date is { Year: < 1900 or > 2200 } far)
        {
            context.SkippedRecord(locator, $"the date {far.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is outside 1900–2200 (a typing error?)");
            return null;
        }

        if (date is null)
        {
            context.SkippedRecord(locator, dateText.Length == 0 ? "no date in the row" : $"the date '{Short(dateText)}' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
            return null;
        }

        var notes = new List<string>();
        var timeText = Cell(IncidentColumn.Time);
        time ??= ParseTime(timeText);
        if (time is null)
        {
            if (timeText.Length > 0)
            {
                context.RecoveredRecord(locator, $"the time '{Short(timeText)}' is not a time (HH:MM); the row is placed at 12:00");
            }

            notes.Add("time not recorded, placed at 12:00");
        }

        if (what.Length == 0)
        {
            context.Note(locator, "the row says nothing under 'what happened'");
        }

        var who = Cell(IncidentColumn.Who);
        var from = who.Length == 0 ? null : IdentifierOf(who, context);
        if (from is null)
        {
            context.Note(locator, "no one is named under 'who': the incident is on the timeline but counts for no person");
        }

        var subject = new StringBuilder("incident log");
        foreach (var (label, column) in new[] { ("where", IncidentColumn.Where), ("witnesses", IncidentColumn.Witnesses), ("how it affected me", IncidentColumn.Effect) })
        {
            var value = Cell(column);
            if (value.Length > 0)
            {
                subject.Append(" · ").Append(label).Append(": ").Append(value);
            }
        }

        foreach (var note in notes)
        {
            subject.Append(" · ").Append(note);
        }

        var isOwner = from is not null && context.Settings.IsOwner(from);
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Incident,
            Channel = Channels.Incident,
            Direction = from is null || isOwner ? Direction.Unknown : Direction.Incoming,
            Time = times.Next(date.Value.ToDateTime(time ?? NoTime)),
            From = from,
            Names = from is not null && from.StartsWith(Identifier.Name, StringComparison.Ordinal)
                ? new SortedDictionary<string, string>(StringComparer.Ordinal) { [from] = who }
                : new SortedDictionary<string, string>(StringComparer.Ordinal),
            Text = what.Length == 0 ? null : what,
            Subject = subject.ToString(),
            ThreadId = "incident-log:" + context.Source.Sha256[..Math.Min(12, context.Source.Sha256.Length)],
            Source = context.Locate(locator),
        };
    }

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static TimeOnly? ParseTime(string text)
    {
        var t = text.Trim().Replace("a.m.", "AM", StringComparison.OrdinalIgnoreCase).Replace("p.m.", "PM", StringComparison.OrdinalIgnoreCase).ToUpperInvariant();
        return t.Length > 0 && TimeOnly.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v : null;
    }

    /// <summary>"who": an identifier as typed (tel:, email:, name:, handle:), an e-mail address, a number, or a name.</summary>
    private static string? IdentifierOf(string who, ReadContext context)
    {
        if (who.StartsWith(Identifier.Tel, StringComparison.OrdinalIgnoreCase) || who.StartsWith(Identifier.Email, StringComparison.OrdinalIgnoreCase)
            || who.StartsWith(Identifier.Name, StringComparison.OrdinalIgnoreCase) || who.StartsWith(Identifier.Handle, StringComparison.OrdinalIgnoreCase))
        {
            return Identifier.Parse(who, context.Region);
        }

        return who.Contains('@', StringComparison.Ordinal) && !who.Contains(' ', StringComparison.Ordinal)
            ? Identifier.ForEmail(who)
            : SenderIdentity.Of(who, context);
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

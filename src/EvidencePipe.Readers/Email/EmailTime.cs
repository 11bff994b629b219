using MimeKit;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// When a message was sent. The <c>Date</c> field (RFC 5322 §3.6.1) when it is readable and sane;
/// otherwise, in order, the mbox <c>From_</c> line's date, the first (newest) <c>Received</c> field's
/// date (RFC 5321 §4.4: after its last ';'), and a time the container knows (maildir file name,
/// emlx property list). Which one was used is noted as a diagnostic, so the basis is on record.
/// With none of them the message is still an event (its parties and words are evidence), with time
/// basis <c>undated</c> (DESIGN.md event model: no event is dropped for lack of a time), reported as
/// recovered. The date text is read by <see cref="MailDate"/>, kept from the previous parser because
/// it pins which broken dates are refused (hour 27) and whether a zone was stated.
/// </summary>
internal static class EmailTime
{
    /// <summary>Years outside this range are taken as a broken clock, not a real send time.</summary>
    private const int MinYear = 1970;
    private const int MaxYear = 2099;

    public static EventTime Resolve(ParsedMail message, EmailEnvelope envelope, ReadContext context, string locator, ICollection<string> problems)
    {
        var date = message.Header(HeaderId.Date);
        if (TryRead(date, context, out var fromDate, out var zoneless))
        {
            if (zoneless)
            {
                context.Note(locator, $"Date '{date}' states no UTC offset: read as local time in {context.TimeZone.Id}");
            }

            return fromDate;
        }

        var why = date is null ? "no Date field" : $"unusable Date '{date}'";
        if (TryRead(envelope.FromLineDate, context, out var fromLine, out _))
        {
            context.Note(locator, $"{why}: time taken from the mbox From_ line date '{envelope.FromLineDate}'");
            return fromLine;
        }

        var received = message.Header(HeaderId.Received);
        var semicolon = received?.LastIndexOf(';') ?? -1;
        if (semicolon >= 0 && TryRead(received![(semicolon + 1)..], context, out var fromReceived, out _))
        {
            context.Note(locator, $"{why}: time taken from the first Received field '{received[(semicolon + 1)..].Trim()}'");
            return fromReceived;
        }

        if (envelope.ContainerTime is { } containerTime)
        {
            context.Note(locator, $"{why}: time taken from {envelope.ContainerTimeBasis}");
            return containerTime;
        }

        problems.Add($"{why}, no dated From_ line or Received field: kept as an undated event");
        return EventTime.Undated;
    }

    private static bool TryRead(string? text, ReadContext context, out EventTime time, out bool zoneless)
    {
        time = default;
        zoneless = false;
        if (!MailDate.TryParse(text, out var value))
        {
            return false;
        }

        var year = value.Value.UtcDateTime.Year;
        if (year is < MinYear or > MaxYear)
        {
            return false;
        }

        zoneless = !value.HasZone;
        time = value.HasZone ? EventTime.FromExplicit(value.Value) : context.TimeZone.FromLocal(value.Value.DateTime);
        return true;
    }
}

/// <summary>What the container knows about a message besides its bytes.</summary>
/// <param name="FromLineDate">The date part of the mbox From_ line, if any.</param>
/// <param name="ContainerTime">A delivery time from the container (maildir file name, emlx plist).</param>
/// <param name="ContainerTimeBasis">Where <paramref name="ContainerTime"/> came from, for the diagnostic.</param>
internal sealed record EmailEnvelope(string? FromLineDate, EventTime? ContainerTime, string? ContainerTimeBasis)
{
    public static EmailEnvelope None { get; } = new(null, null, null);
}

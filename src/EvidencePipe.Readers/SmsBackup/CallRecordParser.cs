using System.Globalization;
using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// One <c>&lt;call&gt;</c>: <c>number</c>, <c>duration</c> (seconds), <c>date</c> (epoch ms),
/// <c>type</c> (CallLog.Calls.*_TYPE: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected,
/// 6 blocked, 7 answered externally), <c>presentation</c> (CallLog.Calls.PRESENTATION_*:
/// 1 allowed, 2 restricted, 3 unknown, 4 payphone), <c>contact_name</c>.
/// </summary>
internal sealed class CallRecordParser(SbrIdentifiers identifiers, CallLogLayout layout) : ISbrRecordParser
{
    public CallRecordParser(SbrIdentifiers identifiers)
        : this(identifiers, CallLogLayout.SmsBackupRestore)
    {
    }

    public string ElementName => layout.Element;

    public SbrRecordOutcome Parse(XmlReader reader, string locator, ReadContext context, CancellationToken cancellationToken)
    {
        var e = Read(reader, locator, context, identifiers, layout);
        var damage = SbrXml.TryConsumeElement(reader, cancellationToken);
        return new SbrRecordOutcome(e, damage);
    }

    private static CommunicationEvent? Read(XmlReader reader, string locator, ReadContext context, SbrIdentifiers identifiers, CallLogLayout layout)
    {
        // Calls have no date_sent: without a date there is no time.
        var time = SbrTime.Resolve(SbrAttributes.Get(reader, "date"), null, locator, context);
        if (time is null)
        {
            return null;
        }

        var type = SbrAttributes.GetInt(reader, "type");
        var (direction, status, channel) = AndroidCallLog.Describe(type);
        if (direction == Direction.Unknown)
        {
            context.Note(locator, type is null ? "call type missing: direction and outcome unknown" : Invariant($"call type {type} is not a known Android value: direction and outcome unknown"));
        }

        var duration = Duration(reader, locator, context, layout.Duration);
        if (direction == Direction.Outgoing && duration > 0)
        {
            // Android records no outcome for outgoing calls; a connected duration means it was answered.
            status = CallStatus.Answered;
        }

        var party = Party(reader, locator, context, identifiers);
        var owner = SbrParties.OwnerList(context);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (SbrAttributes.ContactName(reader, layout.ContactName) is { } name)
        {
            names[party] = name;
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = channel,
            Direction = direction,
            Time = time.Value,
            From = direction == Direction.Outgoing ? SbrParties.SingleOwner(context) : direction == Direction.Incoming ? party : null,
            To = direction == Direction.Incoming ? owner : [party],
            Names = names,
            DurationSeconds = duration,
            CallStatus = status,
            Source = context.Locate(locator),
        };
    }


    private static int? Duration(XmlReader reader, string locator, ReadContext context, string attribute)
    {
        var raw = SbrAttributes.Get(reader, attribute);
        if (raw is null)
        {
            return null;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        context.RecoveredRecord(locator, $"{attribute} '{SbrAttributes.Clip(raw)}' is not a number of seconds: left out");
        return null;
    }

    /// <summary>
    /// The other party: withheld, unknown and payphone callers (by <c>presentation</c>, or by the
    /// legacy Android placeholder numbers -2, -1 and -3) get their pseudo-identifier.
    /// </summary>
    private static string Party(XmlReader reader, string locator, ReadContext context, SbrIdentifiers identifiers)
    {
        var number = SbrAttributes.Get(reader, "number")?.Trim();
        var presentation = SbrAttributes.GetInt(reader, "presentation");
        var special = (presentation, number) switch
        {
            (2, _) or (_, "-2") => AndroidCallLog.Withheld,
            (3, _) or (_, "-1") => AndroidCallLog.UnknownNumber,
            (4, _) or (_, "-3") => AndroidCallLog.Payphone,
            _ => null,
        };
        if (special is not null)
        {
            return special;
        }

        if (identifiers.Identify(number) is { } id)
        {
            return id;
        }

        context.RecoveredRecord(locator, $"number missing though presentation is {(presentation?.ToString(CultureInfo.InvariantCulture) ?? "absent")}: the other party is recorded as {AndroidCallLog.UnknownNumber}");
        return AndroidCallLog.UnknownNumber;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

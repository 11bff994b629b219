using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// One <c>&lt;sms&gt;</c>: <c>address</c> is the other party (several for a group send),
/// <c>type</c> the folder, <c>date</c> epoch ms, <c>body</c>, <c>subject</c>, <c>contact_name</c>.
/// </summary>
internal sealed class SmsRecordParser(SbrIdentifiers identifiers) : ISbrRecordParser
{
    public string ElementName => SmsBackupFormats.Sms;

    public SbrRecordOutcome Parse(XmlReader reader, string locator, ReadContext context, CancellationToken cancellationToken)
    {
        var e = Read(reader, locator, context, identifiers);
        var damage = SbrXml.TryConsumeElement(reader, cancellationToken);
        return new SbrRecordOutcome(e, damage);
    }

    private static CommunicationEvent? Read(XmlReader reader, string locator, ReadContext context, SbrIdentifiers identifiers)
    {
        var time = SbrTime.Resolve(SbrAttributes.Get(reader, "date"), SbrAttributes.Get(reader, "date_sent"), locator, context);
        if (time is null)
        {
            return null;
        }

        var (direction, note) = SbrMessageBox.Describe(SbrAttributes.GetInt(reader, "type"));
        if (note is not null)
        {
            context.Note(locator, note);
        }

        var addressParts = SbrParties.Split(SbrAttributes.Get(reader, "address"));
        var parties = SbrParties.Identify(addressParts, identifiers);
        if (parties.Count == 0)
        {
            context.RecoveredRecord(locator, "address missing: the other party is unknown");
        }

        var (from, to) = Assign(direction, parties, context);
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.Sms,
            Direction = direction,
            Time = time.Value,
            From = from,
            To = to,
            Names = SbrParties.Names(addressParts, SbrAttributes.ContactName(reader), identifiers),
            Text = SbrAttributes.Get(reader, "body"),
            Subject = SbrAttributes.Get(reader, "subject"),
            ThreadId = SbrAttributes.ThreadId(reader),
            Source = context.Locate(locator),
        };
    }

    /// <summary>
    /// Incoming: the address sent it to the owner. Outgoing: the owner sent it to every address.
    /// Unknown direction: the addresses are listed as recipients and nobody is named sender.
    /// </summary>
    private static (string? From, IReadOnlyList<string> To) Assign(Direction direction, List<string> parties, ReadContext context)
    {
        if (direction == Direction.Incoming && parties.Count > 0)
        {
            // The other addresses, then the owner: built by hand, this runs for every incoming SMS.
            var to = new List<string>(parties.Count);
            for (var i = 1; i < parties.Count; i++)
            {
                to.Add(parties[i]);
            }

            if (SbrParties.SingleOwner(context) is { } owner)
            {
                to.Add(owner);
            }

            return (parties[0], to);
        }

        if (direction == Direction.Incoming)
        {
            return (null, SbrParties.OwnerList(context));
        }

        return (direction == Direction.Outgoing ? SbrParties.SingleOwner(context) : null, parties);
    }
}

using System.Text;
using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// One <c>&lt;mms&gt;</c> with its <c>&lt;parts&gt;&lt;part/&gt;</c> and <c>&lt;addrs&gt;&lt;addr/&gt;</c>.
/// <c>addr type</c> values are the MMS PDU header field codes (OMA-TS-MMS_ENC §7.3 / Android
/// PduHeaders): 137 From, 151 To, 130 Cc, 129 Bcc. <c>msg_box</c> gives the folder; when it is
/// missing <c>m_type</c> (PduHeaders MESSAGE_TYPE_*: 128 send-req, 130 notification-ind,
/// 132 retrieve-conf) gives the direction.
/// </summary>
internal sealed class MmsRecordParser(SbrIdentifiers identifiers) : ISbrRecordParser
{
    private const int AddrFrom = 137;
    private const int MessageTypeSendReq = 128;
    private const int MessageTypeNotificationInd = 130;
    private const int MessageTypeRetrieveConf = 132;

    /// <summary>Android's placeholder for "this device" in the From header of sent MMS (PduHeaders / MmsSms).</summary>
    private const string InsertAddressToken = "insert-address-token";

    public string ElementName => SmsBackupFormats.Mms;

    public SbrRecordOutcome Parse(XmlReader reader, string locator, ReadContext context, CancellationToken cancellationToken)
    {
        var time = SbrTime.Resolve(SbrAttributes.Get(reader, "date"), SbrAttributes.Get(reader, "date_sent"), locator, context);
        if (time is null)
        {
            return new SbrRecordOutcome(null, SbrXml.TryConsumeElement(reader, cancellationToken));
        }

        var header = new Header(
            SbrAttributes.GetInt(reader, "msg_box"),
            SbrAttributes.GetInt(reader, "m_type"),
            SbrParties.Split(SbrAttributes.Get(reader, "address")),
            SbrAttributes.ContactName(reader),
            SbrAttributes.Get(reader, "sub"),
            SbrAttributes.ThreadId(reader));
        var body = new Body();
        XmlException? damage = null;
        try
        {
            ReadChildren(reader, locator, context, body, cancellationToken);
        }
        catch (XmlException ex)
        {
            damage = ex;
            context.RecoveredRecord(locator, $"record cut off by XML damage at {SbrXml.Where(ex)}: kept {body.PartCount} part(s) and {body.Addrs.Count} addr(s) read before it; the rest of this message is missing");
        }

        return new SbrRecordOutcome(Build(header, body, time.Value, locator, context, identifiers), damage);
    }

    private static void ReadChildren(XmlReader reader, string locator, ReadContext context, Body body, CancellationToken cancellationToken)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "part":
                    ReadPart(reader, locator, context, body);
                    break;
                case "addr":
                    if (SbrAttributes.Get(reader, "address") is { } address && address != InsertAddressToken)
                    {
                        body.Addrs.Add((SbrAttributes.GetInt(reader, "type"), address));
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// <c>ct</c> is the part's MIME type; text/plain parts carry their text in <c>text</c>, binary
    /// parts their bytes base64 in <c>data</c> (SyncTech field list). The SMIL part only lays out
    /// the slide show (OMA-TS-MMS_CONF §8.1), so it is neither text nor attachment.
    /// </summary>
    private static void ReadPart(XmlReader reader, string locator, ReadContext context, Body body)
    {
        body.PartCount++;
        var contentType = SbrAttributes.Get(reader, "ct") is { } ct ? ct.Split(';')[0].Trim().ToLowerInvariant() : null;
        if (contentType == "application/smil")
        {
            return;
        }

        var text = SbrAttributes.Get(reader, "text");
        var data = SbrAttributes.Get(reader, "data");
        if (contentType is "text/plain" or null && data is null)
        {
            if (text is not null)
            {
                body.Text.Add(text);
            }

            return;
        }

        var name = SbrAttributes.Get(reader, "name") ?? SbrAttributes.Get(reader, "fn") ?? SbrAttributes.Get(reader, "cl");
        var what = $"part {body.PartCount} ({name ?? "unnamed"}, {contentType})";
        if (data is not null)
        {
            if (Base64Digest.TryDigest(data, out var size, out var sha256))
            {
                body.Attachments.Add(new Attachment(name, contentType, size, sha256));
            }
            else
            {
                body.Attachments.Add(new Attachment(name, contentType, 0, null));
                context.RecoveredRecord(locator, $"{what}: data is not valid base64; attachment listed without size or hash");
            }
        }
        else if (text is not null)
        {
            // Other text types (vCard, vCalendar) keep their content in `text`: hash its UTF-8 bytes.
            var bytes = Encoding.UTF8.GetBytes(text);
            body.Attachments.Add(new Attachment(name, contentType, bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
        }
        else
        {
            body.Attachments.Add(new Attachment(name, contentType, 0, null));
            context.Note(locator, $"{what}: no content in the backup (attachments not saved); listed without size or hash");
        }
    }

    private static CommunicationEvent Build(Header header, Body body, EventTime time, string locator, ReadContext context, SbrIdentifiers identifiers)
    {
        var direction = Direction(header, body, locator, context, identifiers);
        if (header.MessageType == MessageTypeNotificationInd)
        {
            context.Note(locator, "MMS notification only (m_type 130): the message content was never downloaded");
        }

        var (from, to) = Parties(direction, header, body, context, identifiers);
        if (from is null && to.Count == 0)
        {
            context.RecoveredRecord(locator, "no address or addrs: the other party is unknown");
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.Mms,
            Direction = direction,
            Time = time,
            From = from,
            To = to,
            Names = SbrParties.Names(header.AddressParts, header.ContactName, identifiers),
            Text = body.Text.Count == 0 ? null : string.Join('\n', body.Text),
            Subject = header.Subject,
            Attachments = body.Attachments,
            ThreadId = header.ThreadId,
            Source = context.Locate(locator),
        };
    }

    private static Direction Direction(Header header, Body body, string locator, ReadContext context, SbrIdentifiers identifiers)
    {
        if (header.MessageBox is not null)
        {
            var (direction, note) = SbrMessageBox.Describe(header.MessageBox);
            if (note is not null)
            {
                context.Note(locator, note);
            }

            if (direction != Model.Direction.Unknown)
            {
                return direction;
            }
        }

        switch (header.MessageType)
        {
            case MessageTypeSendReq:
                return Model.Direction.Outgoing;
            case MessageTypeRetrieveConf or MessageTypeNotificationInd:
                return Model.Direction.Incoming;
        }

        // Last resort: an owner identifier in the From header means the owner sent it.
        var sender = body.Addrs.Where(a => a.Type == AddrFrom).Select(a => identifiers.Identify(a.Address)).FirstOrDefault();
        if (context.Settings.IsOwner(sender))
        {
            return Model.Direction.Outgoing;
        }

        if (body.Addrs.Any(a => a.Type != AddrFrom && context.Settings.IsOwner(identifiers.Identify(a.Address))))
        {
            return Model.Direction.Incoming;
        }

        context.Note(locator, "neither msg_box nor m_type says whether this MMS was sent or received: direction unknown");
        return Model.Direction.Unknown;
    }

    /// <summary>
    /// The addrs are the message's own headers, so they win over the summary <c>address</c>
    /// attribute: From is the 137 addr, To every other addr (To, Cc, Bcc) in file order without
    /// repeats. Without addrs, the owner and <c>address</c> fill in as for SMS.
    /// </summary>
    private static (string? From, IReadOnlyList<string> To) Parties(Direction direction, Header header, Body body, ReadContext context, SbrIdentifiers identifiers)
    {
        var sender = body.Addrs.Where(a => a.Type == AddrFrom).Select(a => identifiers.Identify(a.Address)).FirstOrDefault(id => id is not null);
        var others = SbrParties.Identify(body.Addrs.Where(a => a.Type != AddrFrom).Select(a => a.Address), identifiers);
        others.RemoveAll(id => id == sender);
        var attributed = SbrParties.Identify(header.AddressParts, identifiers);

        switch (direction)
        {
            case Model.Direction.Incoming:
            {
                var from = sender ?? attributed.FirstOrDefault();
                IReadOnlyList<string> to = others.Count > 0 ? others : [.. attributed.Where(id => id != from), .. SbrParties.OwnerList(context)];
                return (from, to);
            }

            case Model.Direction.Outgoing:
            {
                var from = sender ?? SbrParties.SingleOwner(context);
                IReadOnlyList<string> to = others.Count > 0 ? others : [.. attributed.Where(id => id != from)];
                return (from, to);
            }

            default:
                return (sender, others.Count > 0 ? others : attributed);
        }
    }

    private sealed record Header(int? MessageBox, int? MessageType, List<string> AddressParts, string? ContactName, string? Subject, string? ThreadId);

    private sealed class Body
    {
        public int PartCount { get; set; }

        public List<string> Text { get; } = [];

        public List<Attachment> Attachments { get; } = [];

        public List<(int? Type, string Address)> Addrs { get; } = [];
    }
}

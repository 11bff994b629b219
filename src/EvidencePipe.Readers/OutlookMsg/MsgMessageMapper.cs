using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Identifiers;
using EvidencePipe.Readers.Email;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// Maps the message objects of a .msg file to email events: sender (SMTP address from
/// PidTagSenderSmtpAddress, else PidTagSenderEmailAddress when its type is SMTP, else the sent-
/// representing equivalents; an Exchange-only sender keeps its X.500 address as
/// <c>handle:exchange:…</c>), recipients (PidTagSmtpAddress, else PidTagEmailAddress), subject, body
/// (PidTagBody, else PidTagHtml to text, else PidTagRtfCompressed decompressed and stripped to text),
/// time (PidTagClientSubmitTime, else PidTagMessageDeliveryTime, else PidTagCreationTime, each UTC),
/// message id and thread (PidTagInternetReferences' first id, else PidTagInReplyToId, else the
/// message id, as for RFC 5322 mail) and attachments (PidTagAttachDataBinary hashed as it is read).
/// </summary>
internal static class MsgMessageMapper
{
    private const string RecipientPrefix = "__recip_version1.0_#";
    private const string AttachmentPrefix = "__attach_version1.0_#";
    private const string EmbeddedMessage = "__substg1.0_3701000D";

    /// <summary>Attached messages nested deeper than this are listed, not read (a hostile file could nest without end).</summary>
    private const int MaxDepth = 8;

    public static List<CommunicationEvent> ReadAll(CompoundFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var events = new List<CommunicationEvent>();
        Read(file, file.Root, MsgObjectKind.TopLevelMessage, "message", null, 0, context, events, cancellationToken);
        return events;
    }

    private static void Read(CompoundFile file, CfbEntry storage, MsgObjectKind kind, string locator, string? parentThread, int depth, ReadContext context, List<CommunicationEvent> events, CancellationToken cancellationToken)
    {
        MsgProperties message;
        try
        {
            message = new MsgProperties(file, storage, kind, cancellationToken);
        }
        catch (CompoundFileException ex)
        {
            context.SkippedRecord(locator, $"message properties could not be read ({ex.Message})");
            return;
        }

        if (message.MissingPropertiesStream)
        {
            context.RecoveredRecord(locator, "no __properties_version1.0 stream: times and other fixed-size properties are missing");
        }

        var time = TimeOf(message, locator, context);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var from = Sender(message, names, context, locator);
        var to = Recipients(file, message, names, context, locator, cancellationToken);
        var messageId = Safe(() => message.String(MsgTags.InternetMessageId), context, locator, "message id")?.Trim();
        var thread = parentThread ?? ThreadOf(message, messageId, context, locator);
        var body = Body(message, context, locator);
        var attachments = new List<Attachment>();
        var embedded = new List<(CfbEntry Storage, string Locator)>();
        var index = 0;
        foreach (var attachment in message.Storages(AttachmentPrefix))
        {
            var attachmentLocator = string.Create(CultureInfo.InvariantCulture, $"{locator}/attachment[{index++}]");
            if (ReadAttachment(file, attachment, attachmentLocator, context, cancellationToken) is { } a)
            {
                attachments.Add(a.Attachment);
                if (a.Embedded is { } e)
                {
                    embedded.Add((e, attachmentLocator + "/message"));
                }
            }
        }

        if (time is { } t)
        {
            events.Add(new CommunicationEvent
            {
                Id = context.EventId(locator),
                Kind = EventKind.Email,
                Channel = Channels.Email,
                Direction = context.Settings.IsOwner(from) ? Direction.Outgoing : to.Any(context.Settings.IsOwner) ? Direction.Incoming : Direction.Unknown,
                Time = t,
                From = from,
                To = to,
                Names = names,
                Subject = Safe(() => message.String(MsgTags.Subject), context, locator, "subject"),
                Text = body,
                Attachments = attachments,
                ThreadId = thread,
                MessageId = messageId,
                Source = context.Locate(locator),
            });
        }

        foreach (var (child, childLocator) in embedded)
        {
            if (depth + 1 >= MaxDepth)
            {
                context.RecoveredRecord(childLocator, $"attached message nested more than {MaxDepth} deep: listed as an attachment, not read");
                continue;
            }

            Read(file, child, MsgObjectKind.EmbeddedMessage, childLocator, thread ?? context.EventId(locator), depth + 1, context, events, cancellationToken);
        }
    }

    private static EventTime? TimeOf(MsgProperties message, string locator, ReadContext context)
    {
        if (message.Time(MsgTags.ClientSubmitTime) is { } sent)
        {
            return EventTime.FromExplicit(sent);
        }

        if (message.Time(MsgTags.MessageDeliveryTime) is { } delivered)
        {
            context.Note(locator, "no submit time (PidTagClientSubmitTime): the delivery time is used");
            return EventTime.FromExplicit(delivered);
        }

        if (message.Time(MsgTags.CreationTime) is { } created)
        {
            context.RecoveredRecord(locator, "no submit or delivery time: the item's creation time (PidTagCreationTime) is used — it may be when the .msg was saved, not when the message was sent");
            return EventTime.FromExplicit(created);
        }

        context.SkippedRecord(locator, "no submit, delivery or creation time: the message has no time and is not recorded");
        return null;
    }

    private static string? Sender(MsgProperties message, SortedDictionary<string, string> names, ReadContext context, string locator)
    {
        var smtp = Safe(() => message.String(MsgTags.SenderSmtpAddress), context, locator, "sender SMTP address")
            ?? SmtpOnly(message, MsgTags.SenderAddress, MsgTags.SenderAddressType, context, locator)
            ?? Safe(() => message.String(MsgTags.SentRepresentingSmtpAddress), context, locator, "sent-representing SMTP address")
            ?? SmtpOnly(message, MsgTags.SentRepresentingAddress, MsgTags.SentRepresentingAddressType, context, locator);
        var id = smtp is not null ? Identifier.ForEmail(smtp)
            : Safe(() => message.String(MsgTags.SenderAddress) ?? message.String(MsgTags.SentRepresentingAddress), context, locator, "sender address") is { } other ? Identifier.ForHandle("exchange", other)
            : null;
        var name = Safe(() => message.String(MsgTags.SenderName) ?? message.String(MsgTags.SentRepresentingName), context, locator, "sender name");
        if (id is not null && name is not null)
        {
            names.TryAdd(id, name);
        }

        return id;
    }

    private static List<string> Recipients(CompoundFile file, MsgProperties message, SortedDictionary<string, string> names, ReadContext context, string locator, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        var index = 0;
        foreach (var storage in message.Storages(RecipientPrefix))
        {
            var recipientLocator = string.Create(CultureInfo.InvariantCulture, $"{locator}/recipient[{index++}]");
            try
            {
                var recipient = new MsgProperties(file, storage, MsgObjectKind.RecipientOrAttachment, cancellationToken);
                var smtp = recipient.String(MsgTags.SmtpAddress) ?? SmtpOnly(recipient, MsgTags.EmailAddress, MsgTags.AddressType, context, recipientLocator);
                var id = smtp is not null ? Identifier.ForEmail(smtp) : recipient.String(MsgTags.EmailAddress) is { } other ? Identifier.ForHandle("exchange", other) : null;
                if (id is null)
                {
                    context.RecoveredRecord(recipientLocator, "recipient without an address: left out");
                    continue;
                }

                if (recipient.String(MsgTags.DisplayName) is { } name)
                {
                    names.TryAdd(id, name);
                }

                if (!result.Contains(id))
                {
                    result.Add(id);
                }
            }
            catch (CompoundFileException ex)
            {
                context.RecoveredRecord(recipientLocator, $"recipient could not be read ({ex.Message}): left out");
            }
        }

        return result;
    }

    private static string? SmtpOnly(MsgProperties message, ushort address, ushort type, ReadContext context, string locator)
    {
        var value = Safe(() => message.String(address), context, locator, "address");
        var kind = Safe(() => message.String(type), context, locator, "address type");
        return value is not null && (kind is null ? value.Contains('@', StringComparison.Ordinal) : kind.Equals("SMTP", StringComparison.OrdinalIgnoreCase)) ? value : null;
    }

    private static string? ThreadOf(MsgProperties message, string? messageId, ReadContext context, string locator)
    {
        var references = Safe(() => message.String(MsgTags.InternetReferences), context, locator, "references");
        var inReplyTo = Safe(() => message.String(MsgTags.InReplyTo), context, locator, "in-reply-to");
        return EmailEventBuilder.ThreadOf(references, inReplyTo, messageId);
    }

    private static string? Body(MsgProperties message, ReadContext context, string locator)
    {
        // A body of white space only (Outlook writes " \r\n" when the content is in the RTF) gives way to the richer bodies.
        var plain = Safe(() => message.String(MsgTags.Body), context, locator, "plain-text body");
        if (!string.IsNullOrWhiteSpace(plain))
        {
            return plain;
        }

        if (Safe(() => message.String(MsgTags.Html) ?? (message.Binary(MsgTags.Html) is { } html ? MailCharsets.DecodeUnlabelled(html) : null), context, locator, "HTML body") is { } htmlText)
        {
            return HtmlText.ToText(htmlText);
        }

        if (Safe(() => message.Binary(MsgTags.RtfCompressed), context, locator, "RTF body") is { } compressed)
        {
            var rtf = CompressedRtf.Decompress(compressed, out var problem);
            if (problem is not null)
            {
                context.RecoveredRecord(locator, $"RTF body: {problem}");
            }

            if (rtf is not null && RtfText.ToText(rtf) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return plain;
    }

    private static (Attachment Attachment, CfbEntry? Embedded)? ReadAttachment(CompoundFile file, CfbEntry storage, string locator, ReadContext context, CancellationToken cancellationToken)
    {
        try
        {
            var properties = new MsgProperties(file, storage, MsgObjectKind.RecipientOrAttachment, cancellationToken);
            var name = properties.String(MsgTags.AttachLongFilename) ?? properties.String(MsgTags.AttachFilename) ?? properties.String(MsgTags.DisplayName);
            var mime = properties.String(MsgTags.AttachMimeTag);
            if (file.Child(storage, EmbeddedMessage) is { Type: CfbEntryType.Storage } embedded)
            {
                // An attached message is a storage, not bytes: it is read as its own event instead of hashed.
                context.Note(locator, $"attached message '{name}': read as its own event at {locator}/message");
                return (new Attachment(name, "application/vnd.ms-outlook", 0, null), embedded);
            }

            if (properties.Stream(MsgTags.AttachData, MsgProperties.TypeBinary) is not { } data)
            {
                context.Note(locator, $"attachment '{name}' has no data in the file (by reference or OLE object): listed without a hash");
                return (new Attachment(name, mime, 0, null), null);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            file.Walk(data, chunk =>
            {
                hash.AppendData(chunk);
                size += chunk.Length;
            }, cancellationToken);
            return (new Attachment(name, mime, size, Convert.ToHexStringLower(hash.GetHashAndReset())), null);
        }
        catch (CompoundFileException ex)
        {
            context.RecoveredRecord(locator, $"attachment could not be read ({ex.Message}): left out");
            return null;
        }
    }

    /// <summary>One property read; damage to its stream costs that property, with a recovered diagnostic, not the message.</summary>
    private static string? Safe(Func<string?> read, ReadContext context, string locator, string what)
    {
        try
        {
            return read();
        }
        catch (CompoundFileException ex)
        {
            context.RecoveredRecord(locator, $"{what} could not be read ({ex.Message}): left out");
            return null;
        }
    }

    private static byte[]? Safe(Func<byte[]?> read, ReadContext context, string locator, string what)
    {
        try
        {
            return read();
        }
        catch (CompoundFileException ex)
        {
            context.RecoveredRecord(locator, $"{what} could not be read ({ex.Message}): left out");
            return null;
        }
    }
}

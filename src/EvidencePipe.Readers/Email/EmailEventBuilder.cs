using System.Text;
using EvidencePipe.Identifiers;
using EvidencePipe.Mime;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Turns one parsed message into an email event: From (From, else Sender), To = To + Cc + Bcc,
/// decoded Subject, body text and attachments (<see cref="MessageContent"/>), a thread id (the root
/// of References, else In-Reply-To, else the message's own Message-ID, RFC 5322 §3.6.4), display
/// names, and the direction from the case owners' email identifiers. Parser problems become one
/// "recovered" diagnostic per message.
/// </summary>
internal static class EmailEventBuilder
{
    private const int MaxReasonsListed = 8;

    public static CommunicationEvent? Build(ReadOnlyMemory<byte> bytes, long fileOffset, EmailEnvelope envelope, ReadContext context, string locator)
    {
        try
        {
            return BuildCore(bytes, fileOffset, envelope, context, locator);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The parser is written never to throw; should a defect slip through, one message is lost, not the file.
            context.SkippedRecord(locator, $"message could not be parsed ({ex.GetType().Name}: {ex.Message})");
            return null;
        }
    }

    private static CommunicationEvent? BuildCore(ReadOnlyMemory<byte> bytes, long fileOffset, EmailEnvelope envelope, ReadContext context, string locator)
    {
        var problems = new MimeProblems();
        var message = MimeParser.Parse(bytes, problems);
        var headers = message.Headers;
        var time = EmailTime.Resolve(headers, envelope, context, locator);
        if (time is null)
        {
            return null;
        }

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var from = Mailboxes(headers["From"] ?? headers["Sender"], problems, names).FirstOrDefault();
        var to = new List<string>();
        foreach (var field in (string[])["To", "Cc", "Bcc"])
        {
            foreach (var header in headers.All(field))
            {
                foreach (var id in Mailboxes(header.Value, problems, names))
                {
                    if (!to.Contains(id))
                    {
                        to.Add(id);
                    }
                }
            }
        }

        var content = MessageContent.Extract(message, problems);
        var subject = headers["Subject"] is { } rawSubject ? EncodedWords.Decode(rawSubject, problems) : null;
        var evt = new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Email,
            Channel = Channels.Email,
            Direction = DirectionOf(from, to, context.Settings),
            Time = time.Value,
            From = from,
            To = to,
            Names = names,
            Subject = subject,
            Text = content.Text,
            Attachments = [.. content.Attachments.Select(a => new Attachment(a.Name, a.MediaType, a.Size, a.Sha256))],
            ThreadId = ThreadOf(headers),
            MessageId = FirstId(headers["Message-ID"]) is { } own ? "<" + own + ">" : null,
            Source = context.Locate(locator),
        };

        if (problems.Count > 0)
        {
            context.RecoveredRecord(locator, Describe(problems, fileOffset));
        }

        return evt;
    }

    private static IEnumerable<string> Mailboxes(string? value, MimeProblems problems, SortedDictionary<string, string> names)
    {
        foreach (var mailbox in AddressParser.Parse(value, problems))
        {
            // Every address field value is an email identifier, even a local-only one ("root").
            var id = Identifier.ForEmail(mailbox.Address);
            if (mailbox.Name is { Length: > 0 } name && !names.ContainsKey(id))
            {
                names[id] = name;
            }

            yield return id;
        }
    }

    private static Direction DirectionOf(string? from, List<string> to, CaseSettings settings)
    {
        if (settings.IsOwner(from))
        {
            return Direction.Outgoing;
        }

        return to.Any(settings.IsOwner) ? Direction.Incoming : Direction.Unknown;
    }

    private static string? ThreadOf(HeaderList headers)
    {
        var root = FirstId(headers["References"]) ?? FirstId(headers["In-Reply-To"]) ?? FirstId(headers["Message-ID"]);
        return root is null ? null : "<" + root + ">";
    }

    private static string? FirstId(string? value) => MessageIds.Parse(value) is { Count: > 0 } ids ? ids[0] : null;

    private static string Describe(MimeProblems problems, long fileOffset)
    {
        var sb = new StringBuilder();
        sb.Append(problems.Count).Append(" MIME problem(s) worked around: ");
        var listed = 0;
        foreach (var problem in problems.Items)
        {
            if (listed++ == MaxReasonsListed)
            {
                sb.Append("; …");
                break;
            }

            if (listed > 1)
            {
                sb.Append("; ");
            }

            sb.Append(problem.Offset >= 0 ? $"file byte {fileOffset + problem.Offset}: " : "in a decoded embedded message: ").Append(problem.Reason);
        }

        return sb.ToString();
    }
}

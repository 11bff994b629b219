using System.Runtime.InteropServices;
using System.Text;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using MimeKit;
using MimeKit.Utils;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Turns one message's bytes into an email event. MimeKit parses the message (RFC 5322 header and
/// addresses, RFC 2045-2049 bodies, RFC 2047 encoded words, RFC 2231 parameters); this type maps it:
/// From (From, else Sender), To = To + Cc + Bcc, decoded Subject, body text and attachments
/// (<see cref="MessageContent"/>), a thread id (the root of References, else In-Reply-To, else the
/// message's own Message-ID, RFC 5322 §3.6.4), display names, the direction from the case owners'
/// email identifiers, and the time (<see cref="EmailTime"/>). What had to be worked around (a
/// charset fallback, a multipart without parts, no usable date) becomes one "recovered" diagnostic.
/// </summary>
internal static class EmailEventBuilder
{
    private const int MaxReasonsListed = 8;

    /// <summary>
    /// Tolerant parsing, as evidence needs: addresses without a domain ("root"), unquoted specials in
    /// parameters and encoded words, and raw 8-bit header text decoded as UTF-8 when valid, else
    /// Windows-1252 (the same rule as unlabelled bodies).
    /// </summary>
    private static readonly ParserOptions Options = CreateOptions();

    /// <summary>
    /// The event of one message. <paramref name="messageModel"/> true parses every message into MimeKit's
    /// <see cref="MimeMessage"/> (the reference the lean reading is compared with in the tests); false reads
    /// the top-level entity and only the address fields the event needs (<see cref="ParsedMail"/>).
    /// </summary>
    public static CommunicationEvent? Build(ReadOnlyMemory<byte> bytes, EmailEnvelope envelope, ReadContext context, string locator, CancellationToken cancellationToken, bool messageModel = false)
    {
        try
        {
            return BuildCore(bytes, envelope, context, locator, messageModel, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // MimeKit throws FormatException when there is no header at all; one message is lost, not the file.
            context.SkippedRecord(locator, $"message could not be parsed ({ex.GetType().Name}: {ex.Message})");
            return null;
        }
    }

    private static ParserOptions CreateOptions()
    {
        // The code-page provider must be registered before MimeKit first resolves a charset (it caches
        // the answer): ISO-2022-JP and GB2312 encoded words were left undecoded otherwise.
        var fallback = MailCharsets.Windows1252;
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Looser;
        options.ParameterComplianceMode = RfcComplianceMode.Looser;
        options.Rfc2047ComplianceMode = RfcComplianceMode.Looser;
        options.AllowAddressesWithoutDomain = true;
        options.MaxMimeDepth = MessageContent.MaxDepth;
        options.CharsetEncoding = fallback;
        return options;
    }

    /// <summary>Longest top-level header line passed to MimeKit (see <see cref="HeaderTermination.CapHeaderLines"/>).</summary>
    private const int MaxHeaderLine = 64 * 1024;

    private static ParsedMail Parse(ReadOnlyMemory<byte> bytes, ICollection<string> problems, bool messageModel, CancellationToken cancellationToken)
    {
        bytes = HeaderTermination.CapHeaderLines(bytes, MaxHeaderLine, problems);
        bytes = Utf7EncodedWords.Rewrite(bytes, problems);
        var lean = !messageModel;
        for (var attempt = 0; ; attempt++)
        {
            var parsed = ParseOnce(bytes, lean, cancellationToken);
            if (parsed is null)
            {
                // The lean reading declined this message: it is parsed again into a MimeMessage, as every message was.
                lean = false;
                attempt--;
                continue;
            }

            if (parsed.Unterminated.Count == 0 || attempt == MaxHeaderRepairs)
            {
                return parsed;
            }

            parsed.Dispose();
            foreach (var offset in parsed.Unterminated)
            {
                problems.Add($"message byte {offset}: header block ended without an empty line: the body starts at the first line that is not a header field");
            }

            bytes = HeaderTermination.InsertEmptyLines(bytes.Span, parsed.Unterminated);
        }
    }

    private const int MaxHeaderRepairs = 4;

    private static ParsedMail? ParseOnce(ReadOnlyMemory<byte> bytes, bool lean, CancellationToken cancellationToken)
    {
        var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        var session = _session ??= new ParseSession();
        return session.Parse(stream, bytes, lean, cancellationToken);
    }

    /// <summary>One MimeKit parser per thread, reused message after message (it holds sizeable read and header buffers).</summary>
    [ThreadStatic]
    private static ParseSession? _session;

    /// <summary>
    /// A reusable parser and what its events collect for the message being parsed: where each embedded
    /// message's body lies (hashed as it was sent, not as MimeKit would re-write it) and the header blocks
    /// that end without their empty line.
    /// </summary>
    private sealed class ParseSession
    {
        private static readonly Dictionary<MimeEntity, (long Start, long End)> NoEmbedded = new(ReferenceEqualityComparer.Instance);

        private readonly MimeParser _parser;
        private readonly SinglePartReader _single = new(Options);
        private ReadOnlyMemory<byte> _bytes;
        private Dictionary<MimeEntity, (long Start, long End)>? _embedded;
        private List<long>? _unterminated;

        public ParseSession()
        {
            _parser = new MimeParser(Options, Stream.Null, MimeFormat.Entity, persistent: true);
            _parser.MimeEntityEnd += (_, e) =>
            {
                if (e.Entity is MessagePart)
                {
                    (_embedded ??= new Dictionary<MimeEntity, (long Start, long End)>(ReferenceEqualityComparer.Instance))[e.Entity] = (e.HeadersEndOffset, e.EndOffset);
                }

                Check(e.BeginOffset, e.HeadersEndOffset);
            };
            _parser.MimeMessageEnd += (_, e) => Check(e.BeginOffset, e.HeadersEndOffset);
        }

        /// <summary>
        /// The parsed message; null when <paramref name="lean"/> and the lean reading declines it (see
        /// <see cref="ParsedMail.TryLean"/>; MimeKit's own error for a message without a header is the
        /// message parser's, so that one is left to it too).
        /// </summary>
        public ParsedMail? Parse(MemoryStream stream, ReadOnlyMemory<byte> bytes, bool lean, CancellationToken cancellationToken)
        {
            // Persistent: part contents stay slices of the message's bytes (no copy); the message is disposed
            // before the caller's buffer is reused.
            _parser.SetStream(stream, MimeFormat.Entity, persistent: true);
            _bytes = bytes;
            _embedded = null;
            _unterminated = null;
            try
            {
                if (!lean)
                {
                    var message = _parser.ParseMessage(cancellationToken);
                    return ParsedMail.Of(message, Raw(bytes), Unterminated());
                }

                if (_single.TryRead(stream, bytes.Span, cancellationToken) is { } single
                    && ParsedMail.TrySingle(_single.Headers, single, Options, Raw(bytes)) is { } mail)
                {
                    return mail;
                }

                stream.Position = 0;
                MimeEntity entity;
                try
                {
                    entity = _parser.ParseEntity(cancellationToken);
                }
                catch (FormatException)
                {
                    return null;
                }

                return ParsedMail.TryLean(entity, Options, Raw(bytes), Unterminated());
            }
            finally
            {
                _bytes = default;
                _parser.SetStream(Stream.Null, MimeFormat.Entity, persistent: true);
            }
        }

        private RawBodies Raw(ReadOnlyMemory<byte> bytes) => new(bytes, _embedded ?? NoEmbedded);

        private IReadOnlyList<long> Unterminated() => _unterminated ?? (IReadOnlyList<long>)[];

        private void Check(long begin, long headersEnd)
        {
            if (HeaderTermination.FirstNonFieldLine(_bytes.Span, begin, headersEnd) is var at and >= 0 && !(_unterminated?.Contains(at) ?? false))
            {
                (_unterminated ??= []).Add(at);
            }
        }
    }

    private static CommunicationEvent BuildCore(ReadOnlyMemory<byte> bytes, EmailEnvelope envelope, ReadContext context, string locator, bool messageModel, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        using var message = Parse(bytes, problems, messageModel, cancellationToken);
        var time = EmailTime.Resolve(message, envelope, context, locator, problems);

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var from = FirstMailbox(message.From, names);
        var to = new List<string>();
        foreach (var list in message.Recipients)
        {
            AddMailboxes(list, names, to);
        }

        var content = message.Single is { } single
            ? MessageContent.SingleText(message.Raw.Bytes.Span[single.ContentBegin..single.ContentEnd], single, problems)
            : MessageContent.Extract(message.Body, message.Raw, problems);
        // The message's own id is read once: it is both MessageId and the thread id of a message that starts a thread.
        var ownId = FirstId(message.Header(HeaderId.MessageId));
        var evt = new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Email,
            Channel = Channels.Email,
            Direction = DirectionOf(from, to, context.Settings),
            Time = time,
            From = from,
            To = to,
            Names = names,
            Subject = message.Subject,
            Text = content.Text,
            Attachments = content.Attachments.Count == 0 ? [] : [.. content.Attachments.Select(a => new Attachment(a.Name, a.MediaType, a.Size, a.Sha256))],
            ThreadId = ThreadOf(message, ownId),
            MessageId = ownId is null ? null : "<" + ownId + ">",
            Source = context.Locate(locator),
        };

        if (problems.Count > 0)
        {
            context.RecoveredRecord(locator, Describe(problems));
        }

        return evt;
    }

    // The two walks below visit the mailboxes in the order InternetAddressList.Mailboxes yields them (a group's
    // members in its place, groups within groups too) without an enumerator object per list.

    /// <summary>The first mailbox of <paramref name="list"/> that has an address, as an email identifier (its name recorded).</summary>
    private static string? FirstMailbox(InternetAddressList list, SortedDictionary<string, string> names)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if ((list[i] is GroupAddress group ? FirstMailbox(group.Members, names) : Mailbox((MailboxAddress)list[i], names)) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Adds each mailbox of <paramref name="list"/> that has an address to <paramref name="to"/> once, its name recorded.</summary>
    private static void AddMailboxes(InternetAddressList list, SortedDictionary<string, string> names, List<string> to)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var address = list[i];
            if (address is GroupAddress group)
            {
                AddMailboxes(group.Members, names, to);
            }
            else if (Mailbox((MailboxAddress)address, names) is { } id && !to.Contains(id))
            {
                to.Add(id);
            }
        }
    }

    /// <summary>The mailbox's email identifier (null when it has no address), its display name recorded first.</summary>
    private static string? Mailbox(MailboxAddress mailbox, SortedDictionary<string, string> names)
    {
        if (string.IsNullOrWhiteSpace(mailbox.Address))
        {
            return null;
        }

        // Every address field value is an email identifier, even a local-only one ("root").
        var id = Identifier.ForEmail(mailbox.Address);
        if (mailbox.Name?.Trim() is { Length: > 0 } name && !names.ContainsKey(id))
        {
            names[id] = name;
        }

        return id;
    }

    private static Direction DirectionOf(string? from, List<string> to, CaseSettings settings)
    {
        if (settings.IsOwner(from))
        {
            return Direction.Outgoing;
        }

        foreach (var id in to)
        {
            if (settings.IsOwner(id))
            {
                return Direction.Incoming;
            }
        }

        return Direction.Unknown;
    }

    private static string? ThreadOf(ParsedMail message, string? ownId)
    {
        var root = FirstId(message.Header(HeaderId.References)) ?? FirstId(message.Header(HeaderId.InReplyTo)) ?? ownId;
        return root is null ? null : "<" + root + ">";
    }

    /// <summary>A thread id: the root of References, else In-Reply-To, else the message's own id (also used for Outlook .msg).</summary>
    internal static string? ThreadOf(string? references, string? inReplyTo, string? messageId)
    {
        var root = FirstId(references) ?? FirstId(inReplyTo) ?? FirstId(messageId);
        return root is null ? null : "<" + root + ">";
    }

    /// <summary>The first msg-id of a field (RFC 5322 §3.6.4), by MimeKit; a field with none (broken mailers) gives its first word.</summary>
    internal static string? FirstId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return PlainMsgId(value) ?? FirstIdByMimeKit(value);
    }

    /// <summary>
    /// A field that starts with a msg-id in its plain form, <c>&lt;dot-atom-text@dot-atom-text&gt;</c> of ASCII
    /// letters, digits and atext specials (RFC 5322 §3.2.3, §3.6.4): the id is the text between the brackets,
    /// exactly what MimeKit's parser returns for it (<c>EmailEventBuilderTests</c> compares the two over
    /// every field of every email fixture). Taken without the parser, which
    /// builds a pooled buffer per atom and was a tenth of the parse time of a plain message. Anything else
    /// (comments, quoted local parts, domain literals, obsolete forms, non-ASCII, punycode) returns null and
    /// goes to MimeKit.
    /// </summary>
    internal static string? PlainMsgId(string value)
    {
        var span = value.AsSpan().TrimStart(" \t\r\n");
        if (span.Length < 5 || span[0] != '<')
        {
            return null;
        }

        var close = span.IndexOf('>');
        if (close < 0)
        {
            return null;
        }

        var inner = span[1..close];
        var at = inner.IndexOf('@');
        if (at <= 0 || inner[(at + 1)..].Contains('@'))
        {
            return null;
        }

        var domain = inner[(at + 1)..];
        if (!IsDotAtom(inner[..at], LocalAtext) || !IsDotAtom(domain, DomainLabel) || domain.Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return inner.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> LocalAtext =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~");

    private static readonly System.Buffers.SearchValues<char> DomainLabel =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Atoms of <paramref name="atext"/> joined by single dots, none empty.</summary>
    private static bool IsDotAtom(ReadOnlySpan<char> text, System.Buffers.SearchValues<char> atext)
    {
        if (text.IsEmpty || text[0] == '.' || text[^1] == '.' || text.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != '.' && !atext.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first msg-id as MimeKit reads it, else the first word.</summary>
    internal static string? FirstIdByMimeKit(string value)
    {
        foreach (var id in MimeUtils.EnumerateReferences(value))
        {
            if (id.Trim() is { Length: > 0 } trimmed)
            {
                return trimmed;
            }
        }

        return value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words[0] : null;
    }

    private static string Describe(List<string> problems)
    {
        var sb = new StringBuilder();
        sb.Append(problems.Count).Append(" problem(s) worked around: ");
        for (var i = 0; i < problems.Count; i++)
        {
            if (i == MaxReasonsListed)
            {
                sb.Append("; …");
                break;
            }

            if (i > 0)
            {
                sb.Append("; ");
            }

            sb.Append(problems[i]);
        }

        return sb.ToString();
    }
}

/// <summary>The message's bytes and where MimeKit found each embedded message's body in them.</summary>
internal sealed record RawBodies(ReadOnlyMemory<byte> Bytes, IReadOnlyDictionary<MimeEntity, (long Start, long End)> Embedded)
{
    /// <summary>The body bytes of an embedded message as they are in the file, or empty when unknown.</summary>
    public ReadOnlySpan<byte> Of(MimeEntity entity)
    {
        if (!Embedded.TryGetValue(entity, out var range) || range.Start < 0 || range.End < range.Start || range.End > Bytes.Length)
        {
            return [];
        }

        return Bytes.Span[(int)range.Start..(int)range.End];
    }
}

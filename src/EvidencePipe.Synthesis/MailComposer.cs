using System.Globalization;
using System.Text;
using EvidencePipe.Reading;
using MimeKit;
using MimeKit.Utils;

namespace EvidencePipe.Synthesis;

/// <summary>
/// Turns one generated email event into a realistic RFC 5322 message for the owner's mailbox:
/// From/To with display names, a Date in the sender's local time with its numeric offset, a
/// Message-ID unique within the case and fixed by the seed, replies threaded with In-Reply-To and
/// References (RFC 5322 §3.6.4) and quoting the message answered, a UTF-8 text/plain body in 8bit,
/// 7bit or quoted-printable, and now and then a multipart/alternative with an HTML part
/// (RFC 2046 §5.1.4). Called in time order, so a reply always follows what it answers.
/// </summary>
internal sealed class MailComposer(SplitMix64 random, Func<DateTimeOffset, DateTimeOffset> toCaseZone)
{
    /// <summary>References keep the thread root and the latest ids, as mail clients trim them, so the field stays bounded.</summary>
    private const int MaxReferences = 10;

    static MailComposer()
    {
        // Before MimeKit's first use in this process, which fixes its charset table (see TextEncodings).
        TextEncodings.EnsureRegistered();
    }

    /// <summary>LF line ends, as the mailbox is written (RFC 4155 §2).</summary>
    private static readonly FormatOptions Unix = new() { NewLineFormat = NewLineFormat.Unix };

    private readonly Dictionary<string, MailThread> _threads = new(StringComparer.Ordinal);
    private int _sequence;

    /// <summary>The message, its envelope sender (for the From_ line) and when the mailbox received it.</summary>
    public readonly record struct Composed(string EnvelopeSender, DateTimeOffset Received, string Message);

    private sealed class MailThread(string subject)
    {
        public string Subject { get; } = subject;

        public List<string> Ids { get; } = [];

        public List<string> LastLines { get; set; } = [];

        public bool LastFromOwner { get; set; }

        public DateTimeOffset LastDate { get; set; }

        public string LastSender { get; set; } = string.Empty;
    }

    /// <summary><paramref name="sent"/> carries the case-local offset of the moment it was sent.</summary>
    public Composed Compose(CaseSynthesizer.Persona who, bool incoming, int day, DateTimeOffset sent)
    {
        var id = NextMessageId(incoming ? Domain(who.Email) : Domain(CaseSynthesizer.OwnerEmail), sent);
        _threads.TryGetValue(who.ShortName, out var thread);
        var reply = thread is not null && random.NextDouble() < (who.Stalker ? 0.45 : 0.55);
        var (subject, paragraphs) = Content(who, incoming, day);
        if (!reply)
        {
            thread = new MailThread(subject);
            _threads[who.ShortName] = thread;
        }

        var own = OwnLines(who, incoming, paragraphs);
        var body = new List<string>(own);
        var quoting = reply && thread!.LastFromOwner == incoming && random.NextDouble() < 0.65;
        if (quoting)
        {
            // Top-posted reply with the answered message quoted below an attribution line.
            body.Add(string.Empty);
            body.Add(string.Create(CultureInfo.InvariantCulture, $"On {thread!.LastDate:ddd, d MMM yyyy} at {thread.LastDate:HH:mm}, {thread.LastSender} wrote:"));

            // Priya's mail program quotes with a bare '>' (no space), which is how ">From " lines arise in real mailboxes.
            var prefix = incoming && who.ShortName == "Priya" ? ">" : "> ";
            body.AddRange(thread.LastLines.Select(l => l.Length == 0 ? ">" : prefix + l));
        }

        var from = incoming ? new MailboxAddress(who.EmailName, who.Email) : new MailboxAddress(CaseSynthesizer.OwnerEmailName, CaseSynthesizer.OwnerEmail);
        var to = incoming ? new MailboxAddress(CaseSynthesizer.OwnerEmailName, CaseSynthesizer.OwnerEmail) : new MailboxAddress(who.EmailName, who.Email);
        var received = incoming ? sent.AddSeconds(random.Next(2, 120)) : sent;

        // MimeKit writes the message (RFC 5322 fields, RFC 2047 words, RFC 2045 transfer encodings); the
        // default constructor's own fields (a random Message-ID, the current Date) are cleared so the
        // output is fixed by the seed, and fields are added in the order a real server and client write them.
        var message = new MimeMessage();
        message.Headers.Clear();
        if (incoming)
        {
            // A trace field from the receiving server (RFC 5321 §4.4); 192.0.2.0/24 is TEST-NET-1 (RFC 5737).
            var domain = Domain(who.Email);
            var octet = domain switch { "example.com" => 25, "example.net" => 41, _ => 57 };
            var queueId = random.NextUInt64().ToString("X12", CultureInfo.InvariantCulture)[..12];
            message.Headers.Add(HeaderId.Received, string.Create(CultureInfo.InvariantCulture,
                $"from mail.{domain} (mail.{domain} [192.0.2.{octet}]) by mx.example.org (Postfix) with ESMTPS id {queueId} for <{CaseSynthesizer.OwnerEmail}>; {DateUtils.FormatDate(toCaseZone(received))}"));
        }

        message.MessageId = id[1..^1];
        message.Date = sent;
        message.MimeVersion = new Version(1, 0);
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = reply ? "Re: " + thread!.Subject : thread!.Subject;
        if (reply)
        {
            message.InReplyTo = thread.Ids[^1][1..^1];
            foreach (var reference in thread.Ids)
            {
                message.References.Add(reference[1..^1]);
            }
        }

        message.Body = Body(body, own, quoting ? thread : null, id);

        thread.Ids.Add(id);
        if (thread.Ids.Count > MaxReferences)
        {
            thread.Ids.RemoveAt(1);
        }

        thread.LastLines = own;
        thread.LastFromOwner = !incoming;
        thread.LastDate = sent;
        thread.LastSender = from.ToString();
        return new Composed(incoming ? who.Email : CaseSynthesizer.OwnerEmail, received, Write(message));
    }

    /// <summary>The message as mailbox text: LF line ends (RFC 4155 §2), the UTF-8 of 8bit parts as written.</summary>
    private static string Write(MimeMessage message)
    {
        using var stream = new MemoryStream(2048);
        message.WriteTo(Unix, stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private MimeEntity Body(List<string> body, List<string> own, MailThread? quoted, string id)
    {
        var text = string.Join('\n', body) + "\n";
        var ascii = Ascii.IsValid(text);
        var roll = random.NextDouble();
        if (roll < 0.12)
        {
            // RFC 2046 §5.1.1: a boundary that cannot occur in the parts ("=_" never appears in quoted-printable).
            var boundary = "=_ep" + id.AsSpan(1, id.IndexOf('@', StringComparison.Ordinal) - 1).ToString().Replace(".", "_", StringComparison.Ordinal);
            var html = new TextPart("html") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
            html.SetText(Encoding.UTF8, Html(own, quoted));
            var alternative = new MultipartAlternative { Boundary = boundary, Preamble = "This is a multi-part message in MIME format." };
            alternative.Add(TextPart(text, ascii ? ContentEncoding.SevenBit : ContentEncoding.QuotedPrintable));
            alternative.Add(html);
            return alternative;
        }

        return TextPart(text, roll < 0.27 ? ContentEncoding.QuotedPrintable : ascii ? ContentEncoding.SevenBit : ContentEncoding.EightBit);
    }

    private static TextPart TextPart(string text, ContentEncoding encoding)
    {
        var part = new TextPart("plain") { ContentTransferEncoding = encoding };
        part.SetText(Encoding.UTF8, text);
        return part;
    }

    private static string Html(List<string> own, MailThread? quoted)
    {
        var sb = new StringBuilder("<html>\n<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>\n<body>\n");
        foreach (var paragraph in Paragraphs(own))
        {
            sb.Append("<p>").AppendJoin("<br>\n", paragraph.Select(MailEncoding.Html)).Append("</p>\n");
        }

        if (quoted is not null)
        {
            sb.Append("<div>On ").Append(quoted.LastDate.ToString("ddd, d MMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture)).Append(", ")
              .Append(MailEncoding.Html(quoted.LastSender)).Append(" wrote:</div>\n<blockquote type=\"cite\">\n");
            foreach (var paragraph in Paragraphs(quoted.LastLines))
            {
                sb.Append("<p>").AppendJoin("<br>\n", paragraph.Select(MailEncoding.Html)).Append("</p>\n");
            }

            sb.Append("</blockquote>\n");
        }

        return sb.Append("</body>\n</html>").ToString();
    }

    private static IEnumerable<List<string>> Paragraphs(List<string> lines)
    {
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    yield return current;
                    current = [];
                }

                continue;
            }

            current.Add(line);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>
    /// RFC 5322 §3.6.4 msg-id: the sending time, a sequence number that makes it unique in the case,
    /// and a random part fixed by the seed, at the sender's domain.
    /// </summary>
    private string NextMessageId(string domain, DateTimeOffset sent) =>
        string.Create(CultureInfo.InvariantCulture, $"<{sent.UtcDateTime:yyyyMMddHHmmss}.{++_sequence:x}.{random.NextUInt64() >> 32:x8}@{domain}>");

    private static string Domain(string address) => address[(address.IndexOf('@', StringComparison.Ordinal) + 1)..];

    /// <summary>The subject a new thread would get and the paragraphs of this message.</summary>
    private (string Subject, List<string> Paragraphs) Content(CaseSynthesizer.Persona who, bool incoming, int day)
    {
        if (!who.Stalker)
        {
            var (subject, body) = random.Pick(incoming ? Pool(who).Mail : OwnerMail);
            return (subject, [body]);
        }

        if (!incoming)
        {
            return (random.Pick(day < 40 ? OwnerToStalkerSubjectsEarly : OwnerToStalkerSubjectsLate),
                [random.Pick(day < 40 ? OwnerToStalkerEarly : CaseSynthesizer.Refusals)]);
        }

        // The stalker's mail carries one to three of the phase's messages, as his texts do, so the same pattern rises.
        var phase = day < 40 ? CaseSynthesizer.StalkerEarly : day < 75 ? CaseSynthesizer.StalkerMiddle : CaseSynthesizer.StalkerLate;
        var subjects = day < 40 ? StalkerSubjectsEarly : day < 75 ? StalkerSubjectsMiddle : StalkerSubjectsLate;
        var paragraphs = new List<string>();
        for (var n = random.Next(1, 4); paragraphs.Count < n;)
        {
            var text = random.Pick(phase);
            if (!paragraphs.Contains(text))
            {
                paragraphs.Add(text);
            }
        }

        return (random.Pick(subjects), paragraphs);
    }

    /// <summary>Greeting, the paragraphs word-wrapped, sign-off — the message's own text, without quotes.</summary>
    private List<string> OwnLines(CaseSynthesizer.Persona who, bool incoming, List<string> paragraphs)
    {
        var lines = new List<string>();
        var pool = who.Stalker ? null : Pool(who);
        lines.Add(incoming
            ? random.Pick(who.Stalker ? StalkerGreetings : pool!.Greetings)
            : who.Stalker ? "Jordan," : $"Hi {who.ShortName},");
        lines.Add(string.Empty);
        foreach (var paragraph in paragraphs)
        {
            lines.AddRange(MailEncoding.Wrap(paragraph));
            lines.Add(string.Empty);
        }

        lines.Add(incoming
            ? random.Pick(who.Stalker ? StalkerSignOffs : pool!.SignOffs)
            : who.ShortName is "Sam" or "Mum" ? "A x" : "Alex");
        return lines;
    }

    private sealed record TextPool((string Subject, string Body)[] Mail, string[] Greetings, string[] SignOffs);

    private static TextPool Pool(CaseSynthesizer.Persona who) => who.ShortName switch
    {
        "Sam" => SamPool,
        "Mum" => MumPool,
        _ => PriyaPool,
    };

    private static readonly string[] OwnerToStalkerSubjectsEarly = ["Sorry", "Busy", "This week"];

    private static readonly string[] OwnerToStalkerSubjectsLate = ["Please stop", "Stop", "No more"];

    private static readonly string[] StalkerGreetings = ["Alex,", "Alex", "Hey,"];

    private static readonly string[] StalkerSignOffs = ["J", "Jordan", "J x"];

    private static readonly string[] OwnerToStalkerEarly = ["ok", "I'm busy, talk later", "Fine."];

    private static readonly string[] StalkerSubjectsEarly = ["Hi", "Can we talk?", "Thinking of you", "Coffee?", "Us"];

    private static readonly string[] StalkerSubjectsMiddle = ["Why are you ignoring me?", "Answer me", "We need to talk", "Today", "Who is he?"];

    private static readonly string[] StalkerSubjectsLate = ["Last chance", "Read this", "I'm not going away", "Tonight", "You know why"];

    private static readonly TextPool SamPool = new(
        [
            ("Dinner on Friday", "Booked the table at Luigi's for 7:30 on Friday. Let me know if that's too early and I'll move it."),
            ("Photos from Saturday", "Here are the photos from Saturday — the one of you on the pier is my favourite."),
            ("Flat viewing", "From what I remember the flat is the second left after the station. Viewing is at 11:00, I'll meet you outside the café."),
            ("Tickets booked 🎉", "Tickets are booked for the 14th, £42 each. I'll forward the confirmation when it comes through."),
            ("Holiday ideas", "Shall we look at Lisbon or Porto for May? I found a lovely little hotel near the river for under €90 a night."),
            ("Gas bill", "Can you check the gas bill when you get a minute? I think they've charged us twice."),
        ],
        ["Hi love,", "Hey you,", "Hi,"],
        ["S x", "Sam x", "Sam"]);

    private static readonly TextPool MumPool = new(
        [
            ("Sunday lunch", "Dad is doing a roast on Sunday, come at 1 if you can. Bring a pudding!"),
            ("Gran's birthday", "Don't forget Gran turns 90 on the 20th. I've ordered a cake from the bakery on the high street."),
            ("The recipe you asked for", "Here's the crumble recipe: 200g flour, 100g butter, 75g sugar. Bake at 180°C for about 40 minutes."),
            ("Easter", "Will you be home for Easter? Your room is made up and the heating works again."),
            ("Devon", "From Tuesday we're away in Devon for a week, ring the landline at the cottage if you need us."),
            ("Photos of the garden", "The daffodils are out at last. Dad says hello and asks if you still have his drill."),
        ],
        ["Hello darling,", "Hi Alex,", "Darling,"],
        ["Love, Mum x", "Mum x", "Love Mum"]);

    private static readonly TextPool PriyaPool = new(
        [
            ("Book club", "Book club is at mine on Wednesday. We're reading the new Zadie Smith, no spoilers please."),
            ("Running club", "From Monday the club meets at 7 instead of 6, same place by the lido."),
            ("Notes from Thursday", "I meant to attach the notes from Thursday but forgot — I'll bring a printed copy instead."),
            ("Quiz night", "Quiz night at the Crown on the 12th? We need a fifth person and you're our music expert."),
            ("Zoë's leaving do", "Zoë's leaving drinks are on Friday from 6 at the Anchor. She'd love to see you there."),
            ("Saturday", "Lovely to see you on Saturday, hope the naïve art exhibition was worth the queue!"),
        ],
        ["Hi Alex,", "Hiya,", "Alex,"],
        ["P", "Priya", "P x"]);

    private static readonly (string Subject, string Body)[] OwnerMail =
    [
        ("Thank you!", "Thanks so much, that sounds perfect."),
        ("Next week", "From next week I'm on the late shift, so evenings are tricky until the 20th."),
        ("Count me in", "Yes please, count me in. I'll bring something to eat."),
        ("Tonight", "I'll be there around 7. Can't wait!"),
        ("Quick question", "Could you send me the address again? I've lost the message."),
        ("Sorry!", "Sorry for the slow reply — work has been mad. Let's catch up properly soon."),
    ];
}

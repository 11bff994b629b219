using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// The second pass: turns lines into events. A message is complete when the next header (or the end
/// of the file) is seen, so at most one message is held at a time. Lines that belong to no message
/// are reported, never dropped silently.
/// </summary>
internal sealed class ChatEmitter
{
    private readonly ReadContext _context;
    private readonly ChatParties _parties;
    private readonly DateOrder _order;
    private readonly WhatsAppReaderOptions _options;
    private PendingMessage? _message;
    private PendingSkip? _skip;
    private PreambleRun? _preamble;

    public ChatEmitter(ReadContext context, ChatParties parties, DateOrder order, WhatsAppReaderOptions options)
    {
        _context = context;
        _parties = parties;
        _order = order;
        _options = options;
    }

    public long Headers { get; private set; }

    public static string Locator(long line) => $"line {line}";

    /// <summary>Takes one line; returns the message it completed, if any.</summary>
    public CommunicationEvent? Accept(ChatLine line)
    {
        var locator = Locator(line.Number);
        if (line.InvalidUtf8)
        {
            _context.RecoveredRecord(locator, "invalid UTF-8 byte sequence(s) replaced with U+FFFD");
        }

        if (line.Truncated)
        {
            _context.RecoveredRecord(locator, $"line of {line.ByteLength} bytes cut to its first {_options.MaxLineBytes} bytes; the rest is left out");
        }

        if (WhatsAppText.CountControls(line.Text) is > 0 and var controls)
        {
            _context.RecoveredRecord(locator, $"{controls} control character(s) (NUL or other C0) removed from the line: damage, not text WhatsApp writes");
        }

        var text = WhatsAppText.Clean(line.Text);
        var header = ChatHeaderParser.Parse(text);
        switch (header.Kind)
        {
            case HeaderKind.Valid:
            {
                var done = Complete();
                Headers++;
                var (sender, firstText) = MessageBody.Split(header.Body);
                _message = new PendingMessage(line.Number, header, sender, firstText, _options.MaxMessageChars);
                return done;
            }

            case HeaderKind.Invalid:
            {
                var done = Complete();
                _skip = new PendingSkip(line.Number, header.Problem ?? "unreadable date or time", WhatsAppText.Preview(text));
                return done;
            }

            default:
                Continue(line.Number, text);
                return null;
        }
    }

    /// <summary>Called at the end of the file (or where reading stopped): the last message, if any.</summary>
    public CommunicationEvent? Finish() => Complete();

    private void Continue(long number, string text)
    {
        if (_message is not null)
        {
            if (ChatHeaderParser.LooksLikeHeader(text))
            {
                // Kept with the message before it (nothing is lost) but shown to the examiner: it may
                // be a header damaged in transfer, or a message that merely starts with a date.
                _context.Note(Locator(number), $"line starts like a message header but is not one; kept as text of the message at line {_message.Line}: '{WhatsAppText.Preview(text)}'");
            }

            _message.Append(text);
        }
        else if (_skip is not null)
        {
            _skip.Lines++;
        }
        else if (!string.IsNullOrWhiteSpace(text))
        {
            _preamble ??= new PreambleRun(number, WhatsAppText.Preview(text));
            _preamble.Last = number;
            _preamble.Count++;
        }
    }

    private CommunicationEvent? Complete()
    {
        if (_preamble is { } preamble)
        {
            _preamble = null;
            _context.SkippedRecord(Locator(preamble.First), $"{preamble.Count} non-empty line(s) before the first message header (lines {preamble.First}-{preamble.Last}) belong to no message: '{preamble.Preview}'");
        }

        if (_skip is { } skip)
        {
            _skip = null;
            var tail = skip.Lines > 0 ? $"; its {skip.Lines} following line(s) are skipped with it" : string.Empty;
            _context.SkippedRecord(Locator(skip.Line), $"message header with {skip.Problem}: '{skip.Preview}'{tail}");
        }

        if (_message is not { } message)
        {
            return null;
        }

        _message = null;
        return ToEvent(message);
    }

    private CommunicationEvent ToEvent(PendingMessage message)
    {
        var locator = Locator(message.Line);
        var local = message.Header.Resolve(_order, out var swapped);
        if (swapped)
        {
            var other = _order == DateOrder.DayFirst ? DateOrder.MonthFirst : DateOrder.DayFirst;
            _context.RecoveredRecord(locator, $"date '{message.Header.DateText}' is not a date {ChatSurvey.Describe(_order)}; read {ChatSurvey.Describe(other)}");
        }

        if (message.Cut)
        {
            _context.RecoveredRecord(locator, $"message text longer than {_options.MaxMessageChars} characters; cut there, {message.DroppedLines} further line(s) left out");
        }

        var senderName = message.Sender;
        string? from = null;
        string? display = null;
        if (senderName is not null)
        {
            from = SenderIdentity.Of(senderName, _context);
            display = SenderIdentity.Display(senderName);
        }
        else if (MessageBody.NameBeforeBareColon(message.Header.Body) is { } bare && _parties.IsParticipant(SenderIdentity.Of(bare, _context)))
        {
            // "John Doe:." — WhatsApp always writes ": " after a sender, so this is kept unattributed,
            // but the examiner is told it names a participant.
            _context.Note(locator, $"'{WhatsAppText.Preview(message.Header.Body)}' names participant '{bare}' but lacks the ': ' separator; kept as a system line (no sender)");
        }

        var (to, names) = _parties.For(from, display);
        var text = message.Text();
        var attachment = MediaPlaceholder.Detect(FirstLine(text));
        return new CommunicationEvent
        {
            Id = _context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.WhatsApp,
            Direction = DirectionOf(from),
            Time = _context.TimeZone.FromLocal(local),
            From = from,
            To = to,
            Names = names,
            Text = text,
            Attachments = attachment is null ? [] : [attachment],
            ThreadId = _parties.ThreadId,
            Source = _context.Locate(locator),
        };
    }

    private Direction DirectionOf(string? from)
    {
        if (from is null)
        {
            return Direction.Unknown;
        }

        if (_context.Settings.IsOwner(from))
        {
            return Direction.Outgoing;
        }

        return _parties.OwnerKnown ? Direction.Incoming : Direction.Unknown;
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    /// <summary>A message being gathered: its header line and its continuation lines, within the text cap.</summary>
    private sealed class PendingMessage
    {
        private readonly int _maxChars;
        private readonly string _first;
        private StringBuilder? _continuation;

        public PendingMessage(long line, ChatHeader header, string? sender, string firstText, int maxChars)
        {
            Line = line;
            Header = header;
            Sender = sender;
            _maxChars = maxChars;
            Cut = firstText.Length > maxChars;
            _first = Cut ? firstText[..maxChars] : firstText;
        }

        public long Line { get; }

        public ChatHeader Header { get; }

        public string? Sender { get; }

        public bool Cut { get; private set; }

        public long DroppedLines { get; private set; }

        public void Append(string text)
        {
            _continuation ??= new StringBuilder();
            if (Cut || _first.Length + _continuation.Length + 1 + text.Length > _maxChars)
            {
                Cut = true;
                DroppedLines++;
                return;
            }

            _continuation.Append('\n').Append(text);
        }

        public string Text() => _continuation is null ? _first : _first + _continuation.ToString();
    }

    private sealed class PendingSkip(long line, string problem, string preview)
    {
        public long Line { get; } = line;

        public string Problem { get; } = problem;

        public string Preview { get; } = preview;

        public long Lines { get; set; }
    }

    private sealed class PreambleRun(long first, string preview)
    {
        public long First { get; } = first;

        public string Preview { get; } = preview;

        public long Last { get; set; }

        public long Count { get; set; }
    }
}

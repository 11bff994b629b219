using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;
using EvidencePipe.Time;

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
    private readonly SenderDirectory _senders;
    private readonly LocalTimeSequence _times;
    private PendingMessage? _message;
    private PendingSkip? _skip;
    private PreambleRun? _preamble;

    public ChatEmitter(ReadContext context, ChatParties parties, DateOrder order, WhatsAppReaderOptions options, SenderDirectory senders)
    {
        _context = context;
        _parties = parties;
        _order = order;
        _options = options;
        _senders = senders;
        _times = new LocalTimeSequence(context.TimeZone);
    }

    public long Headers { get; private set; }

    public static string Locator(long line) => $"line {line}";

    /// <summary>
    /// Takes the line just read by <paramref name="lines"/> (cleaned in its buffer); returns the
    /// message it completed, if any. Strings are made only for what an event or diagnostic keeps.
    /// </summary>
    public CommunicationEvent? Accept(ChatLineReader lines)
    {
        var number = lines.LineNumber;
        if (lines.InvalidUtf8)
        {
            _context.RecoveredRecord(Locator(number), "invalid UTF-8 byte sequence(s) replaced with U+FFFD");
        }

        if (lines.Truncated)
        {
            _context.RecoveredRecord(Locator(number), $"line of {lines.ByteLength} bytes cut to its first {_options.MaxLineBytes} bytes; the rest is left out");
        }

        var raw = lines.Text;
        if (WhatsAppText.CountControls(raw) is > 0 and var controls)
        {
            _context.RecoveredRecord(Locator(number), $"{controls} control character(s) (NUL or other C0) removed from the line: damage, not text WhatsApp writes");
        }

        ReadOnlySpan<char> text = raw[..WhatsAppText.Clean(raw)];
        var header = ChatHeaderParser.Parse(text);
        switch (header.Kind)
        {
            case HeaderKind.Valid:
            {
                var done = Complete();
                Headers++;
                _message = Begin(number, header, text);
                return done;
            }

            case HeaderKind.Invalid:
            {
                var done = Complete();
                _skip = new PendingSkip(number, header.Problem ?? "unreadable date or time", WhatsAppText.Preview(text));
                return done;
            }

            default:
                Continue(number, text);
                return null;
        }
    }

    /// <summary>Called at the end of the file (or where reading stopped): the last message, if any.</summary>
    public CommunicationEvent? Finish() => Complete();

    /// <summary>
    /// A message from its header line. The date order is already decided, so the wall-clock time is
    /// resolved here and the date text kept only when it has to be reported as swapped.
    /// </summary>
    private PendingMessage Begin(long number, ChatHeader header, ReadOnlySpan<char> text)
    {
        var local = header.Resolve(_order, out var swapped);
        var dateText = swapped ? header.DateText(text) : null;
        var body = text[header.Body];
        if (MessageBody.TrySplit(body, out var name, out var rest))
        {
            return new PendingMessage(number, local, dateText, _senders.Get(body[name]), null, body[rest].ToString(), _options.MaxMessageChars);
        }

        // A notice: its whole body is the text, and is kept uncut for the bare-colon check.
        var notice = body.ToString();
        return new PendingMessage(number, local, dateText, null, notice, notice, _options.MaxMessageChars);
    }

    private void Continue(long number, ReadOnlySpan<char> text)
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
        else if (!text.IsWhiteSpace())
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
        if (message.SwappedDateText is { } swappedDate)
        {
            var other = _order == DateOrder.DayFirst ? DateOrder.MonthFirst : DateOrder.DayFirst;
            _context.RecoveredRecord(locator, $"date '{swappedDate}' is not a date {ChatSurvey.Describe(_order)}; read {ChatSurvey.Describe(other)}");
        }

        if (message.Cut)
        {
            _context.RecoveredRecord(locator, $"message text longer than {_options.MaxMessageChars} characters; cut there, {message.DroppedLines} further line(s) left out");
        }

        string? from = null;
        string? display = null;
        if (message.Sender is { } sender)
        {
            from = sender.Id;
            display = sender.Display;
        }
        else if (MessageBody.NameBeforeBareColon(message.Notice!) is { } bare && _parties.IsParticipant(SenderIdentity.Of(bare, _context)))
        {
            // "John Doe:." — WhatsApp always writes ": " after a sender, so this is kept unattributed,
            // but the examiner is told it names a participant.
            _context.Note(locator, $"'{WhatsAppText.Preview(message.Notice!)}' names participant '{bare}' but lacks the ': ' separator; kept as a system line (no sender)");
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
            Time = _times.Next(message.Local),
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

    private static ReadOnlySpan<char> FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text.AsSpan(0, newline);
    }

    /// <summary>A message being gathered: its header line and its continuation lines, within the text cap.</summary>
    private sealed class PendingMessage
    {
        private readonly int _maxChars;
        private readonly string _first;
        private StringBuilder? _continuation;

        public PendingMessage(long line, DateTime local, string? swappedDateText, Sender? sender, string? notice, string firstText, int maxChars)
        {
            Line = line;
            Local = local;
            SwappedDateText = swappedDateText;
            Sender = sender;
            Notice = notice;
            _maxChars = maxChars;
            Cut = firstText.Length > maxChars;
            _first = Cut ? firstText[..maxChars] : firstText;
        }

        public long Line { get; }

        /// <summary>The header's wall-clock time in the file's date order.</summary>
        public DateTime Local { get; }

        /// <summary>The header's date text when only the other date order made it a date; else null.</summary>
        public string? SwappedDateText { get; }

        public Sender? Sender { get; }

        /// <summary>The whole header body of a message without a sender (a notice); null when there is a sender.</summary>
        public string? Notice { get; }

        public bool Cut { get; private set; }

        public long DroppedLines { get; private set; }

        public void Append(ReadOnlySpan<char> text)
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

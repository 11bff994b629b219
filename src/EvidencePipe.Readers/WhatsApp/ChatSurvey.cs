using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// The first of the reader's two streaming passes: gathers what must be known before any event can
/// be emitted — which date order the file uses and who takes part — without keeping any messages.
/// </summary>
internal sealed class ChatSurvey
{
    private ChatSurvey()
    {
    }

    /// <summary>Senders seen (identifier → display name as first written), ordinal order for determinism.</summary>
    public SortedDictionary<string, string> Participants { get; } = new(StringComparer.Ordinal);

    public bool ParticipantsCapped { get; private set; }

    public long Headers { get; private set; }

    public long Lines { get; private set; }

    /// <summary>Headers whose date reads differently day-first and month-first (e.g. <c>01/02/20</c>).</summary>
    public long OrderDependent { get; private set; }

    /// <summary>First header whose date is only a real date day-first (e.g. <c>20/01/19</c>).</summary>
    public (long Line, string Date)? DayFirstEvidence { get; private set; }

    /// <summary>First header whose date is only a real date month-first (e.g. <c>01/20/19</c>).</summary>
    public (long Line, string Date)? MonthFirstEvidence { get; private set; }

    /// <summary>
    /// Reads the whole file once, synchronously (a local file on a dedicated parse worker), looking
    /// only at header lines; each line is cleaned and parsed in the line reader's buffer.
    /// </summary>
    public static ChatSurvey Take(EvidenceSource source, ReadContext context, WhatsAppReaderOptions options, SenderDirectory senders, CancellationToken cancellationToken)
    {
        var survey = new ChatSurvey();
        try
        {
            using var stream = source.OpenRead();
            var lines = new ChatLineReader(stream, options.MaxLineBytes, EvidenceSource.BufferSize);
            while (lines.MoveNext(cancellationToken))
            {
                var text = lines.Text;
                survey.Observe(lines.LineNumber, text[..WhatsAppText.Clean(text)], context, options, senders);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The emitting pass meets the same failure and reports it where it happens; here the
            // decision is simply taken on what could be read.
            context.Note("file", $"first pass over the file stopped after {survey.Lines} line(s) ({ex.GetType().Name}: {ex.Message}); date order and participants are decided on that part");
        }

        return survey;
    }

    /// <summary>
    /// The file's date order: any first field above 12 proves day-first, any second field above 12
    /// proves month-first. When neither or both are proven the configured default is taken and a note
    /// names the file, because every date in it could then be misread.
    /// </summary>
    public DateOrder DecideOrder(ReadContext context, WhatsAppReaderOptions options)
    {
        var fallback = options.UndecidableDateOrder;
        var fileName = context.Source.FileName;
        if (DayFirstEvidence is { } day && MonthFirstEvidence is { } month)
        {
            context.Note("file", $"date order in '{fileName}' is undecidable: line {day.Line} ('{day.Date}') is only a date day-first and line {month.Line} ('{month.Date}') only month-first; assumed {Describe(fallback)}");
            return fallback;
        }

        if (DayFirstEvidence is not null)
        {
            return DateOrder.DayFirst;
        }

        if (MonthFirstEvidence is not null)
        {
            return DateOrder.MonthFirst;
        }

        if (OrderDependent > 0)
        {
            context.Note("file", $"date order in '{fileName}' is undecidable: no date has a day or month field above 12, and {OrderDependent} date(s) read differently in the two orders; assumed {Describe(fallback)}");
        }

        return fallback;
    }

    public static string Describe(DateOrder order) => order == DateOrder.DayFirst ? "day-first (dd/mm)" : "month-first (mm/dd)";

    private void Observe(long lineNumber, ReadOnlySpan<char> text, ReadContext context, WhatsAppReaderOptions options, SenderDirectory senders)
    {
        Lines++;
        var header = ChatHeaderParser.Parse(text);
        if (header.Kind != HeaderKind.Valid)
        {
            return;
        }

        Headers++;
        if (header.DayFirst is { } d && header.MonthFirst is { } m && d != m)
        {
            OrderDependent++;
        }

        // Only the first proof is kept, so the date text is only made for that one.
        if (header.ProvesDayFirst)
        {
            DayFirstEvidence ??= (lineNumber, header.DateText(text));
        }
        else if (header.ProvesMonthFirst)
        {
            MonthFirstEvidence ??= (lineNumber, header.DateText(text));
        }

        var body = text[header.Body];
        if (!MessageBody.TrySplit(body, out var name, out _))
        {
            return;
        }

        var sender = senders.Get(body[name]);
        var id = sender.Id;
        if (Participants.ContainsKey(id))
        {
            return;
        }

        if (Participants.Count >= options.MaxParticipants)
        {
            if (!ParticipantsCapped)
            {
                ParticipantsCapped = true;
                context.Note($"line {lineNumber}", $"more than {options.MaxParticipants} distinct senders; later new senders are not listed as recipients");
            }

            return;
        }

        Participants.Add(id, sender.Display);
    }
}

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

    public static async Task<ChatSurvey> TakeAsync(EvidenceSource source, ReadContext context, WhatsAppReaderOptions options, CancellationToken cancellationToken)
    {
        var survey = new ChatSurvey();
        try
        {
            var stream = source.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                var lines = new ChatLineReader(stream, options.MaxLineBytes, EvidenceSource.BufferSize);
                while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    survey.Observe(line, context, options);
                }
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

    private void Observe(ChatLine line, ReadContext context, WhatsAppReaderOptions options)
    {
        Lines++;
        var header = ChatHeaderParser.Parse(WhatsAppText.Clean(line.Text));
        if (header.Kind != HeaderKind.Valid)
        {
            return;
        }

        Headers++;
        if (header.DayFirst is { } d && header.MonthFirst is { } m && d != m)
        {
            OrderDependent++;
        }

        if (header.ProvesDayFirst)
        {
            DayFirstEvidence ??= (line.Number, header.DateText);
        }
        else if (header.ProvesMonthFirst)
        {
            MonthFirstEvidence ??= (line.Number, header.DateText);
        }

        var (sender, _) = MessageBody.Split(header.Body);
        if (sender is null)
        {
            return;
        }

        var id = SenderIdentity.Of(sender, context);
        if (Participants.ContainsKey(id))
        {
            return;
        }

        if (Participants.Count >= options.MaxParticipants)
        {
            if (!ParticipantsCapped)
            {
                ParticipantsCapped = true;
                context.Note($"line {line.Number}", $"more than {options.MaxParticipants} distinct senders; later new senders are not listed as recipients");
            }

            return;
        }

        Participants.Add(id, SenderIdentity.Display(sender));
    }
}

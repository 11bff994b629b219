using System.Runtime.CompilerServices;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Reads a WhatsApp "Export chat" text file (Android and iOS layouts, any of the date/time styles
/// the apps write) into message events. The file is streamed twice: a first pass decides the date
/// order and the participants, a second emits events, so no more than one message is held at once.
/// Times are naive wall-clock times of the exporting phone and are placed in the case time zone.
/// Both passes read synchronously: the reader runs on a dedicated parse worker over a local file,
/// where a blocking read is far cheaper than an async state machine per line. The cancellation token
/// is checked for every line (the pipeline's per-source time budget relies on it).
/// </summary>
public sealed class WhatsAppTextReader : IEvidenceReader
{
    public const string FormatName = "whatsapp-text";

    private readonly WhatsAppReaderOptions _options;

    public WhatsAppTextReader()
        : this(WhatsAppReaderOptions.Default)
    {
    }

    public WhatsAppTextReader(WhatsAppReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var senders = new SenderDirectory(context);
        var survey = ChatSurvey.Take(source, context, _options, senders, cancellationToken);
        var order = survey.DecideOrder(context, _options);
        var emitter = new ChatEmitter(context, new ChatParties(survey, context), order, _options, senders);

        var stream = TryOpen(source, context);
        if (stream is null)
        {
            yield break;
        }

        using (stream)
        {
            var lines = new ChatLineReader(stream, _options.MaxLineBytes, EvidenceSource.BufferSize);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TryMoveNext(lines, cancellationToken, out var more, out var error))
                {
                    // Whatever was read before the failure is still emitted below.
                    context.SkippedRecord(ChatEmitter.Locator(lines.LineNumber + 1), $"reading stopped: {error}");
                    break;
                }

                if (!more)
                {
                    break;
                }

                if (emitter.Accept(lines) is { } done)
                {
                    yield return new EventRecord(done);
                }
            }

            if (emitter.Finish() is { } last)
            {
                yield return new EventRecord(last);
            }

            if (emitter.Headers == 0)
            {
                context.Note("file", $"no WhatsApp message header found in {lines.LineNumber} line(s)");
            }
        }
    }

    private static Stream? TryOpen(EvidenceSource source, ReadContext context)
    {
        try
        {
            return source.OpenRead();
        }
        catch (Exception ex)
        {
            context.SkippedRecord("file", $"cannot open: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Reads the next line; false (with the reason) when reading failed, <paramref name="more"/> false at the end.</summary>
    private static bool TryMoveNext(ChatLineReader lines, CancellationToken cancellationToken, out bool more, out string? error)
    {
        try
        {
            more = lines.MoveNext(cancellationToken);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            more = false;
            error = $"{ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }
}

using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Reads a WhatsApp "Export chat" text file (Android and iOS layouts, any of the date/time styles
/// the apps write) into message events. The file is streamed twice: a first pass decides the date
/// order and the participants, a second emits events, so no more than one message is held at once.
/// Times are naive wall-clock times of the exporting phone and are placed in the case time zone.
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
        var survey = await ChatSurvey.TakeAsync(source, context, _options, cancellationToken).ConfigureAwait(false);
        var order = survey.DecideOrder(context, _options);
        var emitter = new ChatEmitter(context, new ChatParties(survey, context), order, _options);

        var stream = TryOpen(source, context);
        if (stream is null)
        {
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            var lines = new ChatLineReader(stream, _options.MaxLineBytes, EvidenceSource.BufferSize);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (line, error) = await NextAsync(lines, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    // Whatever was read before the failure is still emitted below.
                    context.SkippedRecord(ChatEmitter.Locator(lines.LineNumber + 1), $"reading stopped: {error}");
                    break;
                }

                if (line is not { } current)
                {
                    break;
                }

                if (emitter.Accept(current) is { } done)
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

    private static async ValueTask<(ChatLine? Line, string? Error)> NextAsync(ChatLineReader lines, CancellationToken cancellationToken)
    {
        try
        {
            return (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

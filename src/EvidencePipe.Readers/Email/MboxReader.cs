using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Reads a Unix mailbox (mboxo, mboxrd, Content-Length mboxcl2) as a stream, one message in memory
/// at a time. A From_ line is <c>From </c>, an envelope sender and optionally an asctime date
/// (<see cref="HeaderSniffing.IsFromLine"/>), so an unescaped "From Russia with love" in a body does
/// not split a message. Each message is an email event at locator <c>mbox byte N</c>, N being the
/// offset of its From_ line; the From_ date is the fallback when the Date field is unusable.
/// </summary>
public sealed class MboxReader : IEvidenceReader
{
    public string Format => EmailFormats.Mbox;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = source.OpenRead();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.SkippedRecord("file", $"could not open the mailbox: {ex.Message}");
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            var lines = new LineReader(stream);
            var message = new MboxMessageBuffer();
            var first = true;
            var messages = 0;
            long end = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlyMemory<byte> memory;
                string? error = null;
                try
                {
                    memory = await lines.NextAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    memory = default;
                    error = ex.Message;
                }

                if (error is not null)
                {
                    context.SkippedRecord(MboxMessageBuffer.Locator(end), $"reading stopped: {error}; messages before this point were read");
                    break;
                }

                if (memory.IsEmpty)
                {
                    break;
                }

                var offset = lines.LineOffset;
                end = offset + memory.Length;
                if (first && memory.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    memory = memory[3..];
                    offset += 3;
                }

                first = false;
                var isFromLine = HeaderSniffing.IsFromLine(memory.Span);
                if (isFromLine && message.AcceptsSeparatorAt(offset))
                {
                    foreach (var evt in Emit(message.Finish(offset, context), context, cancellationToken))
                    {
                        messages++;
                        yield return evt;
                    }

                    message.Start(offset, offset + memory.Length, MboxMessageBuffer.DateOf(memory.Span));
                    continue;
                }

                if (!message.Started)
                {
                    if (memory.Span.TrimEnd("\r\n"u8).IsEmpty)
                    {
                        continue;
                    }

                    context.Note(MboxMessageBuffer.Locator(offset), "text before the first From_ line: read as a message without one");
                    message.Start(offset, offset, null);
                }

                message.Append(memory.Span, offset, isFromLine);
            }

            foreach (var evt in Emit(message.Finish(end, context), context, cancellationToken))
            {
                messages++;
                yield return evt;
            }

            if (messages == 0 && context.Skipped == 0)
            {
                context.Note("file", "no message found in the mailbox");
            }
        }
    }

    private static IEnumerable<EvidenceRecord> Emit(List<MboxPiece> pieces, ReadContext context, CancellationToken cancellationToken)
    {
        foreach (var piece in pieces)
        {
            var locator = MboxMessageBuffer.Locator(piece.Offset);
            if (piece.Bytes.Span.TrimEnd("\r\n \t"u8).IsEmpty)
            {
                context.SkippedRecord(locator, "empty message after the From_ line");
                continue;
            }

            var envelope = new EmailEnvelope(piece.FromLineDate, null, null);
            if (EmailEventBuilder.Build(piece.Bytes, envelope, context, locator, cancellationToken) is { } evt)
            {
                yield return new EventRecord(evt);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Streams a vCard file (vCard 2.1 from the IMC, RFC 2425/2426 for 3.0, RFC 6350 for 4.0) into one
/// <see cref="ContactRecord"/> per card, located as <c>vcard[i] line L</c>. Damage is reported and
/// reading goes on; a card cut off by the end of the file is still yielded.
/// </summary>
public sealed class VCardReader : IEvidenceReader
{
    public const string FormatName = "vcard";

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = TryOpen(source, context);
        if (stream is null)
        {
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            var physical = new PhysicalLineReader(stream);
            var lines = new ContentLineReader(physical);
            var assembler = new VCardCardAssembler(context);
            var cards = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = await TryReadAsync(lines, physical, context, cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                var card = TryAccept(assembler, line, context);
                if (card is not null)
                {
                    cards++;
                    yield return new ContactRecord(card);
                }
            }

            var last = assembler.Finish(physical.EndedWithoutTerminator);
            if (last is not null)
            {
                cards++;
                yield return new ContactRecord(last);
            }

            // An empty or card-less file must not pass for an address book that was read (issue 8: nothing
            // silent); damage already reported line by line says enough.
            if (cards == 0 && context.Diagnostics.Count == 0 && context.DiagnosticsSuppressed == 0)
            {
                context.Note("file", $"no vCard (BEGIN:VCARD) found in {physical.LineNumber} line(s)");
            }
        }
    }

    private static Stream? TryOpen(EvidenceSource source, ReadContext context)
    {
        try
        {
            return source.OpenRead();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.SkippedRecord("file", $"could not open the file: {ex.Message}");
            return null;
        }
    }

    private static async ValueTask<ContentLine?> TryReadAsync(
        ContentLineReader lines, PhysicalLineReader physical, ReadContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await lines.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.SkippedRecord($"line {physical.LineNumber + 1}", $"reading stopped, the rest of the file could not be read: {ex.Message}");
            return null;
        }
    }

    private static Model.ContactCard? TryAccept(VCardCardAssembler assembler, ContentLine line, ReadContext context)
    {
        try
        {
            return assembler.Accept(line);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect here must cost one line, not the file.
            context.Note($"line {line.LineNumber}", $"{line.Name ?? "line"} could not be interpreted: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }
}

using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace EvidencePipe.Readers.Pdf;

/// <summary>
/// PDF print-outs and exports (PdfPig 0.1.16): one <see cref="EventKind.Media"/> event per page on
/// channel <c>document</c>, locator <c>page N</c>, its text in reading order
/// (<see cref="ContentOrderTextExtractor"/>), searchable like any message. A page with no text layer
/// but an image (a scan) is read by OCR (<see cref="OcrEngine"/>) and marked <c>ocr · confidence N%</c>.
/// The time is the document's (<see cref="PdfDocumentTime"/>), its basis named in every subject.
/// Damaged, truncated or encrypted files give diagnostics (per page where only a page fails); nothing
/// is thrown.
/// </summary>
public sealed class PdfReader : IEvidenceReader
{
    public const string FormatName = "pdf";

    public const string Channel = "document";

    private const string FileLocator = "file";

    private readonly OcrEngine? _ocr;

    public PdfReader()
    {
    }

    /// <param name="ocr">Reads image-only pages; null leaves them without text (noted).</param>
    public PdfReader(OcrEngine? ocr) => _ocr = ocr;

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LocalEvidenceFile local;
        try
        {
            local = source.OpenLocalFile();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            context.SkippedRecord(FileLocator, $"could not open the file: {ex.Message}");
            yield break;
        }

        using (local)
        {
            var document = Open(local.Path, context);
            if (document is null)
            {
                yield break;
            }

            using (document)
            {
                var time = PdfDocumentTime.Resolve(document.Information, source, context);
                if (time is null)
                {
                    context.SkippedRecord(FileLocator, "no date in the PDF and no file-system time inside a container: its pages cannot be placed on the timeline");
                    yield break;
                }

                var pageCount = SafePageCount(document, context);
                var sizes = PdfPageSizes.Read(document);
                var title = Clean(document.Information.Title);
                for (var number = 1; number <= pageCount; number++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var locator = "page " + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (sizes is not null && sizes.Count == pageCount && sizes[number - 1] > PdfPageSizes.MaxContentBytes)
                    {
                        context.SkippedRecord(locator, FormattableString.Invariant($"the page's content stream is {sizes[number - 1]:N0} bytes, over the {PdfPageSizes.MaxContentBytes:N0}-byte cap for text extraction; its text is not read"));
                        continue;
                    }

                    var page = PdfPages.Read(document, number, locator, context);
                    if (page is null)
                    {
                        continue;
                    }

                    string? text = page.Value.Text;
                    string? ocrNote = null;
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        (text, ocrNote) = await PdfPages.OcrAsync(_ocr, local.Path, number, page.Value.Images, locator, context, cancellationToken).ConfigureAwait(false);
                        if (text is null)
                        {
                            continue;
                        }
                    }

                    var subject = $"PDF page {number} of {pageCount}" + (title is null ? string.Empty : " · " + title)
                        + (ocrNote is null ? string.Empty : " · " + ocrNote) + " · time from " + time.Value.Basis;
                    yield return new EventRecord(new CommunicationEvent
                    {
                        Id = context.EventId(locator),
                        Kind = EventKind.Media,
                        Channel = Channel,
                        Direction = Direction.Unknown,
                        Time = time.Value.Time,
                        Text = text,
                        Subject = subject,
                        Attachments = [new Attachment(source.FileName, "application/pdf", source.Length, source.Sha256)],
                        Source = context.Locate(locator),
                    });
                }
            }
        }
    }

    private static PdfDocument? Open(string path, ReadContext context)
    {
        // Lenient parsing recovers what it can of damaged cross-reference tables (ISO 32000-1 §7.5.4).
        var options = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        try
        {
            return PdfDocument.Open(path, options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            if (ex is UglyToad.PdfPig.Core.PdfDocumentFormatException && PdfRepair.TryReopen(path, options) is { } repaired)
            {
                context.RecoveredRecord(FileLocator, $"the PDF's trailer could not be used ({ex.Message}); a truncated copy? Its objects were found by scanning and a trailer naming its catalog was supplied in memory: pages may be missing");
                return repaired;
            }

            var reason = ex is UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException
                ? "the PDF is encrypted and needs a password; it is listed with its hash only"
                : $"the PDF could not be opened ({ex.GetType().Name}: {ex.Message}); it is listed with its hash only";
            context.SkippedRecord(FileLocator, reason);
            return null;
        }
    }

    private static int SafePageCount(PdfDocument document, ReadContext context)
    {
        try
        {
            return document.NumberOfPages;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            context.SkippedRecord(FileLocator, $"the PDF's page tree could not be read ({ex.GetType().Name}: {ex.Message})");
            return 0;
        }
    }

    private static string? Clean(string? value)
    {
        var s = value?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }
}

using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace EvidencePipe.Readers.Pdf;

/// <summary>One page's text layer and, for pages without one, its images for OCR.</summary>
internal static class PdfPages
{
    // A page image smaller than this holds no readable text (icons, rules, logos).
    private const int MinOcrPixels = 100 * 30;

    public readonly record struct PageContent(string Text, IReadOnlyList<byte[]> Images);

    public static PageContent? Read(PdfDocument document, int number, string locator, ReadContext context)
    {
        try
        {
            var page = document.GetPage(number);
            var text = ContentOrderTextExtractor.GetText(page).Trim();
            if (text.Length > 0)
            {
                return new PageContent(text, []);
            }

            // No text layer: keep the page's largest images, encoded as a file tesseract reads.
            var images = page.GetImages()
                .Where(i => (long)i.WidthInSamples * i.HeightInSamples >= MinOcrPixels)
                .OrderByDescending(i => (long)i.WidthInSamples * i.HeightInSamples)
                .Select(Encode)
                .OfType<byte[]>()
                .Take(1)
                .ToList();
            return new PageContent(string.Empty, images);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            context.SkippedRecord(locator, $"the page could not be read ({ex.GetType().Name}: {ex.Message})");
            return null;
        }
    }

    /// <summary>A DCTDecode image's raw bytes are a JPEG file (ISO 32000-1 §7.4.8); others are re-encoded as PNG by PdfPig.</summary>
    private static byte[]? Encode(UglyToad.PdfPig.Content.IPdfImage image)
    {
        var raw = image.RawBytes;
        if (raw.Length > 3 && raw[0] == 0xFF && raw[1] == 0xD8 && raw[2] == 0xFF)
        {
            return raw.ToArray();
        }

        return image.TryGetPng(out var png) ? png : null;
    }

    /// <summary>
    /// The OCR text of an image-only page and its <c>ocr · confidence</c> mark, or (null, null) with a note.
    /// The page is rasterised whole when pdftoppm is present (every image, and text drawn as outlines);
    /// else its largest embedded image is read.
    /// </summary>
    public static async Task<(string? Text, string? Mark)> OcrAsync(
        OcrEngine? ocr, string pdfPath, int number, IReadOnlyList<byte[]> images, string locator, ReadContext context, CancellationToken cancellationToken)
    {
        var rasterize = ocr is { CanRasterizePdf: true };
        if (images.Count == 0 && !rasterize)
        {
            context.Note(locator, "the page has no text layer and no image large enough to OCR (with poppler-utils' pdftoppm the page itself would be rasterised and read)");
            return (null, null);
        }

        if (ocr is null || !ocr.IsAvailable)
        {
            if (ocr?.UnavailableNotice is { } notice)
            {
                context.NoteOncePerRun(locator, notice);
            }

            context.Note(locator, "the page is an image only (a scan) and was not OCR'd");
            return (null, null);
        }

        OcrOutcome outcome;
        if (rasterize)
        {
            outcome = await ocr.RecognizePdfPageAsync(pdfPath, number, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A private temporary file, never beside the evidence; deleted when done.
            var path = Path.Combine(Path.GetTempPath(), "evidencepipe-ocr-" + Guid.NewGuid().ToString("N"));
            try
            {
                await File.WriteAllBytesAsync(path, images[0], cancellationToken).ConfigureAwait(false);
                outcome = await ocr.RecognizeAsync(path, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(path);
            }
        }

        if (outcome.Page is not { } page)
        {
            context.RecoveredRecord(locator, $"the page is an image only and OCR failed ({outcome.Failure})");
            return (null, null);
        }

        var words = page.Words.ToList();
        if (words.Count == 0)
        {
            context.Note(locator, "the page is an image only and OCR found no text in it");
            return (null, null);
        }

        if (OcrConfidence.IsLow(words))
        {
            context.Note(locator, FormattableString.Invariant($"OCR text is low confidence (mean {OcrConfidence.Mean(words):0}% < {OcrConfidence.LowThreshold:0}%): check it against the page"));
        }

        return (page.Text, OcrConfidence.Describe(words));
    }
}

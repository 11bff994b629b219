using System.Globalization;

namespace EvidencePipe.Readers.Ocr;

/// <summary>What the dark-theme check did to one image before OCR: nothing (light), converted, or failed.</summary>
/// <param name="MeanLuminance">The image's mean grey level, 0 (black) to 1 (white), or null when the check failed.</param>
/// <param name="PreparedPath">The converted image tesseract should read, or null to read the original.</param>
/// <param name="Problem">Why the check or conversion failed (the original is then read as it is).</param>
internal sealed record DarkThemeResult(double? MeanLuminance, string? PreparedPath, string? Problem)
{
    public bool Converted => PreparedPath is not null;

    /// <summary>The provenance line an event read from the converted image carries.</summary>
    public string? Provenance => Converted
        ? string.Create(CultureInfo.InvariantCulture, $"dark theme (mean luminance {MeanLuminance:0.00}): OCR of the image converted to inverted greyscale by ImageMagick")
        : null;
}

/// <summary>
/// Dark-theme screenshots (light text on dark bubbles) made readable for Tesseract. Tesseract 5.3
/// binarises the page once (Otsu) and on a near-black screenshot drops light text on coloured bubbles —
/// WhatsApp's dark-green outgoing bubble, iOS's blue one — so the image is first converted by ImageMagick
/// (Debian <c>imagemagick</c>), run like tesseract through <see cref="CappedProcess"/>:
/// <list type="number">
/// <item>its mean grey level is measured (<c>-colorspace Gray -format "%[fx:mean] %w" info:</c>, with the width); below
/// <see cref="DarkBelow"/> the screenshot is dark-themed (light screenshots are read as they are);</item>
/// <item>a dark one becomes the least of its R, G and B channels, inverted: app text is near white in
/// every channel while bubbles are dark in at least one, so text turns black and every bubble and
/// background turns light. Luma greyscale alone loses white on blue (iOS): luma of #0B84FE is mid-grey.</item>
/// <item>That loses saturated text on a grey bubble — a WhatsApp group's sender names (#1F7AEC blue,
/// #E542A3 pink…): their least channel is as dark as the bubble's. So pixels of high chroma (HCL chroma
/// over <see cref="SaturatedAbove"/>: the names; not the white or grey text, not WhatsApp's dark-green
/// outgoing bubble) are also taken from the greatest channel, inverted, through a local adaptive
/// threshold (<c>-lat</c>, a window of 1/<see cref="WindowFraction"/> of the image's width, 15% under the
/// local mean: a name differs from its bubble by far more, a bubble's edge from the background by less),
/// and a pixel is black if either reading makes it so. A saturated bubble (iOS blue) has no contrast in its
/// greatest channel, so only its text, from the least channel, is black there.</item>
/// </list>
/// The evidence is never passed to ImageMagick by its own name: a private temporary link with a fixed
/// name and the coder named explicitly (<c>png:</c>, <c>jpeg:</c>…) so neither a file name with
/// brackets nor content of another format (MVG, SVG, the ImageTragick lesson) is interpreted; only the
/// first frame is read. ImageMagick's own limits (<c>-limit</c>, and Debian's policy.xml, which refuses
/// images over 16K pixels a side) apply on top of the process caps; a refusal is reported, and the
/// original is then OCR'd as it is.
/// </summary>
internal static class DarkTheme
{
    /// <summary>Mean grey level under which a screenshot is taken as dark-themed (light themes measure 0.8–0.97).</summary>
    public const double DarkBelow = 0.5;

    /// <summary>HCL chroma over which a pixel may be saturated text (names measure 0.60–0.80, WhatsApp's outgoing #005C4B 0.36).</summary>
    public const double SaturatedAbove = 0.45;

    /// <summary>The local threshold's window is the image's width over this (31 pixels on a 720-pixel screenshot).</summary>
    public const int WindowFraction = 23;

    public static async Task<DarkThemeResult> PrepareAsync(string imageMagick, string imagePath, string coder, string workDirectory, OcrLimits limits, CancellationToken cancellationToken)
    {
        var input = Path.Combine(workDirectory, "input");
        try
        {
            File.CreateSymbolicLink(input, Path.GetFullPath(imagePath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(imagePath, input);
        }

        var source = coder + ":" + input + "[0]";
        var probe = await CappedProcess.RunAsync("ImageMagick", imageMagick, [.. Limits(limits), source, "-colorspace", "Gray", "-format", "%[fx:mean] %w", "info:"], limits, cancellationToken).ConfigureAwait(false);
        if (Failure(probe) is { } probeFailure)
        {
            return new DarkThemeResult(null, null, probeFailure);
        }

        var measured = probe.Stdout.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (measured.Length != 2 || !double.TryParse(measured[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var mean) || mean is < 0 or > 1
            || !int.TryParse(measured[1], NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width < 1)
        {
            return new DarkThemeResult(null, null, $"ImageMagick gave no mean luminance ('{probe.Stdout.Trim()}')");
        }

        if (mean >= DarkBelow)
        {
            return new DarkThemeResult(mean, null, null);
        }

        var prepared = Path.Combine(workDirectory, "prepared.png");
        var convert = await CappedProcess.RunAsync("ImageMagick", imageMagick,
            [.. Limits(limits), source, .. ConversionArguments(width), "png:" + prepared], limits, cancellationToken).ConfigureAwait(false);
        if (Failure(convert) is { } convertFailure)
        {
            return new DarkThemeResult(mean, null, convertFailure);
        }

        return File.Exists(prepared)
            ? new DarkThemeResult(mean, prepared, null)
            : new DarkThemeResult(mean, null, "ImageMagick wrote no converted image");
    }

    /// <summary>The conversion of a dark screenshot <paramref name="width"/> pixels wide, between its input and output (see the type's summary).</summary>
    internal static string[] ConversionArguments(int width)
    {
        var window = Math.Max(3, width / WindowFraction).ToString(CultureInfo.InvariantCulture);
        var chroma = (SaturatedAbove * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        return
        [
            "-alpha", "off", "-colorspace", "sRGB",
            // 1: least channel, inverted (all text but saturated names).
            "(", "-clone", "0", "-channel", "RGB", "-separate", "+channel", "-evaluate-sequence", "Min", "-negate", ")",
            // 2: greatest channel, inverted, thresholded against its neighbourhood (saturated names on grey bubbles).
            "(", "-clone", "0", "-channel", "RGB", "-separate", "+channel", "-evaluate-sequence", "Max", "-negate", "-lat", window + "x" + window + "-15%", ")",
            // 3: white where chroma is low, so 2 counts only on saturated pixels.
            "(", "-clone", "0", "-colorspace", "HCL", "-channel", "G", "-separate", "+channel", "-threshold", chroma, "-negate", ")",
            "-delete", "0",
            "(", "-clone", "1", "-clone", "2", "-compose", "Lighten", "-composite", ")", "-delete", "1,2",
            "-compose", "Darken", "-composite", "-depth", "8",
        ];
    }

    /// <summary>ImageMagick's own resource limits, inside the process caps: one thread (the OCR workers give the parallelism), its time budget.</summary>
    private static string[] Limits(OcrLimits limits) =>
    [
        "-limit", "thread", "1",
        "-limit", "time", Math.Max(1, (int)Math.Ceiling(limits.TimeBudget.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
    ];

    private static string? Failure(CappedRun run)
    {
        if (run.Failure is not null)
        {
            return run.Failure;
        }

        if (run.ExitCode == 0)
        {
            return null;
        }

        // Debian's /etc/ImageMagick-6/policy.xml: "not authorized" (a refused coder) or "exceeds limit" (width, height, area).
        var policy = run.Stderr.Contains("not authorized", StringComparison.OrdinalIgnoreCase)
            || run.Stderr.Contains("exceeds limit", StringComparison.OrdinalIgnoreCase)
            || run.Stderr.Contains("ResourceLimit", StringComparison.Ordinal);
        return policy
            ? $"ImageMagick's security policy (policy.xml) or resource limits refused the image: {run.ErrorTail()}"
            : $"ImageMagick exited with code {run.ExitCode}: {run.ErrorTail()}";
    }
}

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
/// <item>its mean grey level is measured (<c>-colorspace Gray -format %[fx:mean] info:</c>); below
/// <see cref="DarkBelow"/> the screenshot is dark-themed (light screenshots are read as they are);</item>
/// <item>a dark one becomes the least of its R, G and B channels, inverted: app text is near white in
/// every channel while bubbles are dark in at least one, so text turns black and every bubble and
/// background turns light. Luma greyscale alone loses white on blue (iOS): luma of #0B84FE is mid-grey.</item>
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
        var probe = await CappedProcess.RunAsync("ImageMagick", imageMagick, [.. Limits(limits), source, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"], limits, cancellationToken).ConfigureAwait(false);
        if (Failure(probe) is { } probeFailure)
        {
            return new DarkThemeResult(null, null, probeFailure);
        }

        if (!double.TryParse(probe.Stdout.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var mean) || mean is < 0 or > 1)
        {
            return new DarkThemeResult(null, null, $"ImageMagick gave no mean luminance ('{probe.Stdout.Trim()}')");
        }

        if (mean >= DarkBelow)
        {
            return new DarkThemeResult(mean, null, null);
        }

        var prepared = Path.Combine(workDirectory, "prepared.png");
        var convert = await CappedProcess.RunAsync("ImageMagick", imageMagick,
            [.. Limits(limits), source, "-alpha", "off", "-colorspace", "sRGB", "-channel", "RGB", "-separate", "+channel",
                "-evaluate-sequence", "Min", "-negate", "-depth", "8", "png:" + prepared], limits, cancellationToken).ConfigureAwait(false);
        if (Failure(convert) is { } convertFailure)
        {
            return new DarkThemeResult(mean, null, convertFailure);
        }

        return File.Exists(prepared)
            ? new DarkThemeResult(mean, prepared, null)
            : new DarkThemeResult(mean, null, "ImageMagick wrote no converted image");
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

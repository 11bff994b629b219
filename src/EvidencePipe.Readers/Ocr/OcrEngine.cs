using System.Globalization;

namespace EvidencePipe.Readers.Ocr;

/// <summary>Limits on one OCR process and on how many run at once.</summary>
/// <param name="TimeBudget">Wall-clock budget for one image; past it the process tree is killed.</param>
/// <param name="MemoryLimitMiB">Address-space cap (<c>ulimit -v</c>) of the tesseract process.</param>
/// <param name="Workers">OCR processes at once: OCR has its own workers, apart from the ingest workers.</param>
public sealed record OcrLimits(TimeSpan TimeBudget, int MemoryLimitMiB, int Workers)
{
    public static OcrLimits Default { get; } = new(TimeSpan.FromSeconds(60), 1536, Math.Max(1, Environment.ProcessorCount / 2));
}

/// <summary>What one OCR run gave: a page, or the reason there is none.</summary>
public sealed record OcrOutcome(OcrPage? Page, string? Failure)
{
    /// <summary>How the image was converted before OCR (a dark-theme screenshot), for the events' provenance; null when read as it is.</summary>
    public string? Conversion { get; init; }

    /// <summary>Why the dark-theme check could not be made (the image was then read as it is).</summary>
    public string? ConversionProblem { get; init; }
}

/// <summary>
/// Runs Tesseract 5 (Debian <c>tesseract-ocr</c> + <c>tesseract-ocr-eng</c>) as a separate process per
/// image, the way mature forensic tools isolate third-party parsers: a crash, hang or memory blow-up in
/// tesseract costs that one image, never the ingest. Each run has a time budget (the process tree is
/// killed past it) and an address-space cap (<c>ulimit -v</c> through <c>/bin/sh</c>), and at most
/// <see cref="OcrLimits.Workers"/> run at once. Output is TSV (word boxes and confidences, <see cref="TesseractTsv"/>).
/// The executable is found on PATH, or named by <c>EVIDENCEPIPE_TESSERACT</c> (<c>off</c> disables OCR).
/// </summary>
public sealed class OcrEngine : IDisposable
{
    public const string ExecutableVariable = "EVIDENCEPIPE_TESSERACT";

    /// <summary>Names pdftoppm (poppler-utils), or <c>off</c>; else it is found on PATH.</summary>
    public const string RasterizerVariable = "EVIDENCEPIPE_PDFTOPPM";

    /// <summary>Names ImageMagick (<c>magick</c> or <c>convert</c>), or <c>off</c>; else it is found on PATH (dark-theme screenshots, <see cref="DarkTheme"/>).</summary>
    public const string ConverterVariable = "EVIDENCEPIPE_IMAGEMAGICK";

    private readonly string? _executable;
    private readonly string? _pdftoppm;
    private readonly string? _imageMagick;
    private readonly string _unavailableReason;
    private readonly string _converterUnavailableReason;
    private readonly SemaphoreSlim _workers;

    /// <param name="pdftoppm">Rasterises PDF pages for OCR; null leaves image-only pages to their largest embedded image.</param>
    /// <param name="imageMagick">Converts dark-theme screenshots before OCR (<see cref="DarkTheme"/>); null reads them as they are.</param>
    public OcrEngine(string? executable, OcrLimits limits, string? unavailableReason = null, string? pdftoppm = null,
        string? imageMagick = null, string? converterUnavailableReason = null)
    {
        _executable = executable;
        _pdftoppm = pdftoppm;
        _imageMagick = imageMagick;
        _converterUnavailableReason = converterUnavailableReason ?? "ImageMagick (magick or convert) was not found on PATH";
        Limits = limits;
        _workers = new SemaphoreSlim(limits.Workers, limits.Workers);
        _unavailableReason = unavailableReason ?? "tesseract was not found on PATH";
    }

    public OcrLimits Limits { get; }

    public bool IsAvailable => _executable is not null;

    /// <summary>Whether a PDF page can be rasterised and OCR'd whole (tesseract and pdftoppm both present).</summary>
    public bool CanRasterizePdf => _executable is not null && _pdftoppm is not null;

    /// <summary>Whether dark-theme screenshots are converted before OCR (ImageMagick present).</summary>
    public bool CanConvertDarkTheme => _imageMagick is not null;

    /// <summary>The engine for a run: tesseract from <c>EVIDENCEPIPE_TESSERACT</c> or PATH, pdftoppm from <c>EVIDENCEPIPE_PDFTOPPM</c> or PATH.</summary>
    public static OcrEngine FromEnvironment(OcrLimits? limits = null)
    {
        limits ??= OcrLimits.Default;
        var (tesseract, reason) = Find(ExecutableVariable, "tesseract");
        var (pdftoppm, _) = Find(RasterizerVariable, "pdftoppm");
        // ImageMagick 7 is "magick"; Debian 12 ships ImageMagick 6, whose command is "convert" (on Windows
        // "convert" is the FAT-to-NTFS tool, so only "magick" is looked for there).
        var (magick, magickReason) = Find(ConverterVariable, "magick");
        if (magick is null && magickReason is null && !OperatingSystem.IsWindows())
        {
            (magick, magickReason) = Find(ConverterVariable, "convert");
        }

        return new OcrEngine(tesseract, limits, reason, pdftoppm, magick, magickReason);
    }

    /// <summary>The tool named by the variable (<c>off</c> disables it), else found on PATH; null with the reason when absent.</summary>
    private static (string? Path, string? Reason) Find(string variable, string tool)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (string.Equals(configured, "off", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"{(tool == "tesseract" ? "OCR" : tool)} is switched off ({variable}=off)");
        }

        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? (configured, null) : (null, $"{variable} names '{configured}', which does not exist");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? tool + ".exe" : tool))
            .FirstOrDefault(File.Exists);
        return (onPath, null);
    }

    /// <summary>
    /// The diagnostic a run gives when OCR cannot run, or null when it can: a once-per-run note
    /// (<see cref="Reading.ReadContext.NoteOncePerRun"/>), so a folder of screenshots gives it once, on the
    /// first of them by path; the run continues without OCR text.
    /// </summary>
    public string? UnavailableNotice =>
        IsAvailable
            ? null
            : $"OCR unavailable: {_unavailableReason}; screenshots and image-only PDF pages are listed without their text in this run (install Debian tesseract-ocr and tesseract-ocr-eng)";

    /// <summary>
    /// The diagnostic a run gives when dark-theme screenshots cannot be converted (ImageMagick absent), or null:
    /// a once-per-run note; those screenshots are still OCR'd as they are.
    /// </summary>
    public string? ConverterUnavailableNotice =>
        !IsAvailable || CanConvertDarkTheme
            ? null
            : $"dark-theme screenshots cannot be converted: {_converterUnavailableReason}; they are OCR'd as they are and light text on dark bubbles may be missed in this run (install Debian imagemagick)";

    /// <summary>
    /// A screenshot: its theme checked first (<see cref="DarkTheme"/>) and a dark one OCR'd from its
    /// converted copy, the conversion named in the outcome; light ones, and all when ImageMagick is
    /// absent or fails, are OCR'd as they are. <paramref name="coder"/> is ImageMagick's name for the
    /// format the content was sniffed as (<c>png</c>, <c>jpeg</c>, <c>webp</c>, <c>tiff</c>).
    /// </summary>
    public async Task<OcrOutcome> RecognizeScreenshotAsync(string imagePath, string coder, CancellationToken cancellationToken)
    {
        if (_executable is null || _imageMagick is null)
        {
            return await RecognizeAsync(imagePath, cancellationToken).ConfigureAwait(false);
        }

        await _workers.WaitAsync(cancellationToken).ConfigureAwait(false);
        // A private temporary directory, never beside the evidence; deleted when done.
        var directory = Directory.CreateTempSubdirectory("evidencepipe-shot-");
        try
        {
            var theme = await DarkTheme.PrepareAsync(_imageMagick, imagePath, coder, directory.FullName, Limits, cancellationToken).ConfigureAwait(false);
            var outcome = await RunAsync(_executable, theme.PreparedPath ?? imagePath, cancellationToken).ConfigureAwait(false);
            return outcome with { Conversion = theme.Provenance, ConversionProblem = theme.Problem };
        }
        finally
        {
            _workers.Release();
            directory.Delete(recursive: true);
        }
    }

    public async Task<OcrOutcome> RecognizeAsync(string imagePath, CancellationToken cancellationToken)
    {
        if (_executable is null)
        {
            return new OcrOutcome(null, _unavailableReason);
        }

        await _workers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(_executable, imagePath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _workers.Release();
        }
    }

    /// <summary>
    /// One PDF page rasterised by pdftoppm (poppler-utils; 300 dpi greyscale, the resolution Tesseract's
    /// documentation recommends) and OCR'd: the whole page as printed — every image on it and text
    /// drawn as vector outlines — not only its largest embedded image. Both tools run capped.
    /// </summary>
    public async Task<OcrOutcome> RecognizePdfPageAsync(string pdfPath, int page, CancellationToken cancellationToken)
    {
        if (_executable is null || _pdftoppm is null)
        {
            return new OcrOutcome(null, _executable is null ? _unavailableReason : "pdftoppm was not found");
        }

        await _workers.WaitAsync(cancellationToken).ConfigureAwait(false);
        // A private temporary directory, never beside the evidence; deleted when done.
        var directory = Directory.CreateTempSubdirectory("evidencepipe-pdf-");
        try
        {
            var prefix = Path.Combine(directory.FullName, "page");
            var number = page.ToString(CultureInfo.InvariantCulture);
            var raster = await CappedProcess.RunAsync("pdftoppm", _pdftoppm,
                ["-f", number, "-l", number, "-r", "300", "-gray", "-png", "-singlefile", pdfPath, prefix], Limits, cancellationToken).ConfigureAwait(false);
            if (raster.Failure is not null)
            {
                return new OcrOutcome(null, raster.Failure);
            }

            if (raster.ExitCode != 0 || !File.Exists(prefix + ".png"))
            {
                return new OcrOutcome(null, $"pdftoppm exited with code {raster.ExitCode}: {raster.ErrorTail()}");
            }

            return await RunAsync(_executable, prefix + ".png", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _workers.Release();
            directory.Delete(recursive: true);
        }
    }

    private async Task<OcrOutcome> RunAsync(string executable, string imagePath, CancellationToken cancellationToken)
    {
        var run = await CappedProcess.RunAsync("tesseract", executable, [imagePath, "stdout", "-l", "eng", "--psm", "3", "tsv"], Limits, cancellationToken).ConfigureAwait(false);
        if (run.Failure is not null)
        {
            return new OcrOutcome(null, run.Failure);
        }

        return run.ExitCode != 0
            ? new OcrOutcome(null, $"tesseract exited with code {run.ExitCode}: {run.ErrorTail()}")
            : new OcrOutcome(TesseractTsv.Parse(run.Stdout), null);
    }

    public void Dispose() => _workers.Dispose();
}

using System.Diagnostics;
using System.Text;

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
public sealed record OcrOutcome(OcrPage? Page, string? Failure);

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

    private readonly string? _executable;
    private readonly string _unavailableReason;
    private readonly SemaphoreSlim _workers;
    private int _unavailableReported;

    public OcrEngine(string? executable, OcrLimits limits, string? unavailableReason = null)
    {
        _executable = executable;
        Limits = limits;
        _workers = new SemaphoreSlim(limits.Workers, limits.Workers);
        _unavailableReason = unavailableReason ?? "tesseract was not found on PATH";
    }

    public OcrLimits Limits { get; }

    public bool IsAvailable => _executable is not null;

    /// <summary>The engine for a run: tesseract from <c>EVIDENCEPIPE_TESSERACT</c> or PATH.</summary>
    public static OcrEngine FromEnvironment(OcrLimits? limits = null)
    {
        limits ??= OcrLimits.Default;
        var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (string.Equals(configured, "off", StringComparison.OrdinalIgnoreCase))
        {
            return new OcrEngine(null, limits, $"OCR is switched off ({ExecutableVariable}=off)");
        }

        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? new OcrEngine(configured, limits) : new OcrEngine(null, limits, $"{ExecutableVariable} names '{configured}', which does not exist");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "tesseract.exe" : "tesseract"))
            .FirstOrDefault(File.Exists);
        return new OcrEngine(onPath, limits);
    }

    /// <summary>
    /// The one diagnostic a run gives when OCR cannot run: returned to the first caller only, so a
    /// folder of screenshots does not repeat it; the run continues without OCR text.
    /// </summary>
    public string? TakeUnavailableNotice() =>
        IsAvailable || Interlocked.Exchange(ref _unavailableReported, 1) == 1
            ? null
            : $"OCR unavailable: {_unavailableReason}; screenshots and image-only PDF pages are listed without their text in this run (install Debian tesseract-ocr and tesseract-ocr-eng)";

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

    private async Task<OcrOutcome> RunAsync(string executable, string imagePath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = executable;
        }
        else
        {
            // sh -c 'ulimit -v KB; exec "$@"' KB tesseract …: the cap applies to tesseract alone.
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("ulimit -v \"$0\" && exec \"$@\"");
            start.ArgumentList.Add((Limits.MemoryLimitMiB * 1024L).ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add(executable);
        }

        foreach (var argument in new[] { imagePath, "stdout", "-l", "eng", "--psm", "3", "tsv" })
        {
            start.ArgumentList.Add(argument);
        }

        // One thread per process: parallelism comes from the OCR workers, not from OpenMP inside each.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limits.TimeBudget);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new OcrOutcome(null, $"tesseract could not be started: {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var tsv = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    return new OcrOutcome(null, $"tesseract exited with code {process.ExitCode}: {Tail(errors)}");
                }

                return new OcrOutcome(TesseractTsv.Parse(tsv), null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill(process);
                return new OcrOutcome(null, FormattableString.Invariant($"tesseract exceeded its time budget of {Limits.TimeBudget.TotalSeconds:0} s and was stopped"));
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string Tail(string errors)
    {
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : string.Join(" | ", lines.TakeLast(3));
    }

    public void Dispose() => _workers.Dispose();
}

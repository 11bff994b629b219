using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EvidencePipe.Readers.Ocr;

/// <summary>What a capped run of an outside tool gave: its exit code and output, or why it has none.</summary>
internal sealed record CappedRun(int ExitCode, string Stdout, string Stderr, string? Failure)
{
    /// <summary>The last lines of the tool's error output, for a one-line diagnostic.</summary>
    public string ErrorTail()
    {
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : string.Join(" | ", lines.TakeLast(3));
    }
}

/// <summary>
/// Runs an outside parser (tesseract, pdftoppm) as its own process, the way mature forensic tools
/// isolate third-party parsers: a crash, hang or memory blow-up costs that one input, never the
/// ingest. A time budget (the process tree is killed past it) and an address-space cap
/// (<c>ulimit -v</c> through <c>/bin/sh</c>, so it applies to the tool alone) bound every run.
/// </summary>
internal static class CappedProcess
{
    public static async Task<CappedRun> RunAsync(string tool, string executable, IEnumerable<string> arguments, OcrLimits limits, CancellationToken cancellationToken)
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
            // sh -c 'ulimit -v KB; exec "$@"' KB tool …: the cap applies to the tool alone.
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("ulimit -v \"$0\" && exec \"$@\"");
            start.ArgumentList.Add((limits.MemoryLimitMiB * 1024L).ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // One thread per process: parallelism comes from the OCR workers, not from OpenMP inside each.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.TimeBudget);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new CappedRun(-1, string.Empty, string.Empty, $"{tool} could not be started: {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                return new CappedRun(process.ExitCode, output, errors, null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill(process);
                return new CappedRun(-1, string.Empty, string.Empty,
                    FormattableString.Invariant($"{tool} exceeded its time budget of {limits.TimeBudget.TotalSeconds:0} s and was stopped"));
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
}

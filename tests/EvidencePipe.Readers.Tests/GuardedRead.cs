using System.Diagnostics;
using System.Security.Cryptography;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests;

/// <summary>What happened when one reader read one hostile or mutated file.</summary>
internal sealed record GuardedRead(
    int Records, ReadContext Context, Exception? Escaped, bool Hung, long AllocatedBytes, TimeSpan Elapsed)
{
    public int DiagnosticCount => Context.Diagnostics.Count + Context.DiagnosticsSuppressed;

    /// <summary>One line for a failure message: what escaped, or how the read ended.</summary>
    public string Describe() => Hung
        ? $"HUNG (no result within the time limit after {Elapsed.TotalSeconds:0.0} s)"
        : Escaped is not null
            ? $"ESCAPED {Escaped.GetType().Name}: {Escaped.Message}\n{Escaped.StackTrace}"
            : $"{Records} records, {DiagnosticCount} diagnostics, {AllocatedBytes / (1 << 20)} MiB allocated";
}

/// <summary>
/// Runs a reader the way the pipeline does (hash, then read with a cancellation token), but catches
/// whatever escapes it and enforces a time limit, so the hostile and fuzz suites can report a faulty
/// reader instead of crashing or hanging the test run.
/// </summary>
internal static class ReaderGuard
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static async Task<GuardedRead> ReadAsync(IEvidenceReader reader, string path, TimeSpan? timeout = null, CaseSettings? settings = null)
    {
        var limit = UnderLoad(timeout ?? DefaultTimeout);
        string sha;
        long length;
        await using (var stream = EvidenceSource.OpenEvidence(path))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            length = stream.Length;
        }

        var source = new EvidenceSource(Path.GetFullPath(path), Path.GetFileName(path), length, sha, reader.Format);
        var context = new ReadContext(source, settings ?? CaseSettings.Default);
        using var cts = new CancellationTokenSource(limit);
        var records = 0;

        // Allocation during the read is an upper bound on how far the managed heap grew because of it.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        var work = Task.Run(async () =>
        {
            await foreach (var record in reader.ReadAsync(source, context, cts.Token))
            {
                records++;
            }
        });

        // A reader that ignores its token in a tight loop must fail the test, not hang the run.
        var finished = await Task.WhenAny(work, Task.Delay(limit * 3)) == work;
        Exception? escaped = null;
        if (finished)
        {
            try
            {
                await work;
            }
            catch (Exception ex)
            {
                escaped = ex;
            }
        }

        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;

        // The token only fires on the time limit, so a cancellation escaping means the reader ran out of time.
        var hung = !finished || escaped is OperationCanceledException;
        return new GuardedRead(Volatile.Read(ref records), context, hung ? null : escaped, hung, allocated, clock.Elapsed);
    }

    /// <summary>
    /// The limit stretched by how oversubscribed the cores are (Linux <c>/proc/loadavg</c>, one-minute load over
    /// the core count, at least 1): the guard is there to catch a reader that never ends, and on a machine
    /// running several builds at once a sound read of a mutated file can take many times its quiet wall time.
    /// A reader in an endless loop is still caught, only later.
    /// </summary>
    private static TimeSpan UnderLoad(TimeSpan limit)
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            if (double.TryParse(fields[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load))
            {
                return limit * Math.Clamp(load / Environment.ProcessorCount, 1, 20);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return limit;
    }
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace EvidencePipe.Pipeline;

/// <summary>
/// <c>EVIDENCEPIPE_TIMINGS=1</c>: CPU time spent by each ingest stage, summed over the threads that ran it
/// (the calling thread's own CPU clock, <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, Linux only). On a
/// machine shared with other work wall clock says little; the largest single-thread stage (the store
/// writer) bounds ingest throughput however many cores there are. Off by default: nothing is measured.
/// </summary>
public static partial class StageCpu
{
    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("EVIDENCEPIPE_TIMINGS") is "1" or "true";

    private static long s_writer;
    private static long s_prepare;
    private static long s_index;
    private static long s_waitInput;

    private static long s_waitPrepare;
    private static long s_batchWall;
    private static long s_indexHandoff;
    private static long s_parseHandover;
    private static long s_hash;
    private static long s_read;

    /// <summary>Wall clock now (Stopwatch ticks), or 0 when measuring is off.</summary>
    public static long WallNow() => Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;

    /// <summary>Wall time the store writer waited for its input channel.</summary>
    public static void AddWaitInput(long start) => AddWall(ref s_waitInput, start);

    /// <summary>Wall time the store writer waited for a batch's row preparation.</summary>
    public static void AddWaitPrepare(long start) => AddWall(ref s_waitPrepare, start);

    /// <summary>Wall time inside the store writer's transactions (CPU, I/O, GC pauses, being descheduled).</summary>
    public static void AddBatchWall(long start) => AddWall(ref s_batchWall, start);

    /// <summary>Wall time the store writer waited for room in the index feed (back-pressure).</summary>
    public static void AddIndexHandoff(long start) => AddWall(ref s_indexHandoff, start);

    /// <summary>Wall time parsers waited for the in-flight byte budget and the writer's channel.</summary>
    public static void AddParseHandover(long start) => AddWall(ref s_parseHandover, start);

    private static void AddWall(ref long total, long start)
    {
        if (Enabled)
        {
            Interlocked.Add(ref total, System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks);
        }
    }

    /// <summary>The store writer thread's transactions (binding, stepping, committing).</summary>
    public static void AddWriter(long start) => Add(ref s_writer, start);

    /// <summary>Row preparation on the worker threads (encoding, JSON).</summary>
    public static void AddPrepare(long start) => Add(ref s_prepare, start);

    /// <summary>Hashing plain files (open, read, SHA-256) on the hashing workers.</summary>
    public static void AddHash(long start) => Add(ref s_hash, start);

    /// <summary>
    /// The readers on the parse workers, per source, counted only when the source was read on one thread
    /// (a reader that awaits real I/O may resume elsewhere, and another thread's clock means nothing here).
    /// </summary>
    public static void AddRead(long start, int thread)
    {
        if (Enabled && thread == Environment.CurrentManagedThreadId)
        {
            Interlocked.Add(ref s_read, Now() - start);
        }
    }

    /// <summary>The full-text index: analysis, inversion, commits.</summary>
    public static void AddIndex(long start) => Add(ref s_index, start);

    /// <summary>This thread's CPU clock in nanoseconds, or 0 when measuring is off.</summary>
    public static long Now()
    {
        if (!Enabled)
        {
            return 0;
        }

        _ = clock_gettime(ThreadCpuClock, out var t);
        return (t.Seconds * 1_000_000_000L) + t.Nanoseconds;
    }

    /// <summary>One line: each stage's CPU in milliseconds.</summary>
    public static string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"hashing {Interlocked.Read(ref s_hash) / 1e6:0} ms, readers {Interlocked.Read(ref s_read) / 1e6:0} ms, writer thread {Interlocked.Read(ref s_writer) / 1e6:0} ms, row preparation {Interlocked.Read(ref s_prepare) / 1e6:0} ms, index {Interlocked.Read(ref s_index) / 1e6:0} ms (thread CPU); wall: writer waiting for input {Interlocked.Read(ref s_waitInput) / 1e4:0} ms, for preparation {Interlocked.Read(ref s_waitPrepare) / 1e4:0} ms, in transactions {Interlocked.Read(ref s_batchWall) / 1e4:0} ms of which handing to the index {Interlocked.Read(ref s_indexHandoff) / 1e4:0} ms; parsers waiting to hand over {Interlocked.Read(ref s_parseHandover) / 1e4:0} ms; GC paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms in {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections, {GC.GetTotalAllocatedBytes() / 1048576} MiB allocated");

    private static void Add(ref long total, long start)
    {
        if (Enabled)
        {
            Interlocked.Add(ref total, Now() - start);
        }
    }

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID, <linux/time.h>

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}

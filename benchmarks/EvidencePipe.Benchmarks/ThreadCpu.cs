using System.Runtime.InteropServices;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// CPU time of the calling thread (POSIX <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so a latency run on a
/// machine other work shares still says what each search cost; wall time alone then measures the queue for
/// the cores. NaN where the call is not available (not Linux).
/// </summary>
internal static partial class ThreadCpu
{
    // Linux <time.h>: CLOCK_THREAD_CPUTIME_ID is 3.
    private const int ClockThreadCpuTimeId = 3;

    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTimeId, out var ts) != 0)
        {
            return double.NaN;
        }

        return (ts.Seconds * 1_000.0) + (ts.Nanoseconds / 1_000_000.0);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}

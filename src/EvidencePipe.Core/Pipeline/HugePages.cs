using System.Runtime.InteropServices;

namespace EvidencePipe.Pipeline;

/// <summary>
/// Native memory aligned to, and advised onto, 2 MiB transparent huge pages (madvise(2) <c>MADV_HUGEPAGE</c>): a buffer
/// touched once per run then costs one page fault instead of one per 4 KiB page (~11 µs each on the lab VM;
/// benchmarks/results/2026-12-05-issue18-pipeline.md). The advice is only advice: where huge pages are off or none is
/// free, the kernel uses 4 KiB pages as before, so its result is ignored.
/// </summary>
internal static unsafe partial class HugePages
{
    private const nuint HugePage = 2 * 1024 * 1024;

    // <sys/mman.h>: MADV_HUGEPAGE is 14 on Linux (every architecture).
    private const int MadvHugePage = 14;

    /// <summary>Uninitialised memory of <paramref name="bytes"/>, freed with <see cref="Free"/>.</summary>
    public static byte* Allocate(int bytes)
    {
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, HugePage);
        if (OperatingSystem.IsLinux())
        {
            _ = madvise(memory, (nuint)bytes, MadvHugePage);
        }

        return memory;
    }

    public static void Free(byte* memory) => NativeMemory.AlignedFree(memory);

    [LibraryImport("libc", SetLastError = false)]
    private static partial int madvise(void* address, nuint length, int advice);
}

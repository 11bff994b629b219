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
    /// <summary>A transparent huge page: 2 MiB on x86-64 (and on arm64 with 4 KiB pages).</summary>
    public const int Size = 2 * 1024 * 1024;

    // <sys/mman.h> on Linux (every architecture): PROT_READ | PROT_WRITE, and madvise(2)'s advice values.
    public const int ProtReadWrite = 0x1 | 0x2;
    public const int MadvHugePage = 14;
    public const int MadvDoDump = 17;
    public const int MadvCollapse = 25;

    /// <summary>Uninitialised memory of <paramref name="bytes"/>, freed with <see cref="Free"/>.</summary>
    public static byte* Allocate(int bytes)
    {
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, Size);
        if (OperatingSystem.IsLinux())
        {
            _ = Madvise(memory, (nuint)bytes, MadvHugePage);
        }

        return memory;
    }

    public static void Free(byte* memory) => NativeMemory.AlignedFree(memory);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(void* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    public static partial int Mprotect(void* address, nuint length, int protection);
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace EvidencePipe.Pipeline;

/// <summary>
/// Lets the kernel back the garbage-collected heap's next regions with 2 MiB transparent huge pages.
/// </summary>
/// <remarks>
/// <para>
/// Why: on the lab VM a page fault costs ~11 µs (benchmarks/results/2026-12-05-issue18-pipeline.md), and an ingest's
/// heap is fresh memory: the 360-photo folder took ~2,900 of its ~5,000 faults in the heap, and 11 % of its wall time
/// went with them (benchmarks/results/2026-12-06-issue18-gcheap.md). With huge pages the same memory is faulted 2 MiB at
/// a time.
/// </para>
/// <para>
/// Why it needs more than <c>madvise(MADV_HUGEPAGE)</c>: the runtime reserves one large <c>PROT_NONE</c> range for the
/// heap and commits it 64 KiB at a time (<c>mprotect</c> read-write, then <c>madvise(MADV_DODUMP)</c>), so the committed
/// part is a patchwork of small mappings and no 2 MiB-aligned range is ever one mapping, which a huge page needs
/// (the kernel's THP fault path; <c>THPeligible</c> in proc(5) <c>smaps</c>). So the first <see cref="DefaultSpan"/> of
/// the reservation, from the lowest region the heap allocates new objects in upward, is made read-write and dumpable at
/// once, as the runtime would make each piece of it when it commits it, and advised as one mapping. The runtime's own
/// later commits there then change nothing; its decommits (<c>mmap</c> over a range) still work and only split it.
/// </para>
/// <para>
/// What it does not change: no object, no byte of output; memory is still only taken when first touched, and counted
/// against the commit limit up front (a kernel in strict overcommit mode may refuse, and the heap then stays as it
/// was). Where the kernel gives no huge pages nothing is done. Anything unexpected in the layout (<see cref="Plan"/>) leaves
/// the heap alone.
/// </para>
/// </remarks>
public static unsafe class ManagedHeapHugePages
{
    /// <summary>How much of the reservation is prepared: more than any one ingest's short-lived heap needs.</summary>
    public const long DefaultSpan = 1L << 30;

    /// <summary>How much a process allocates before its first collection, once its heap is on huge pages.</summary>
    public const long FirstAllocationsWithoutCollection = 64L << 20;

    /// <summary>A reserved range at least this large, above the heap's first regions, is taken to be the heap's reservation.</summary>
    internal const long MinReservation = 4L << 30;

    internal const string EnabledSetting = "/sys/kernel/mm/transparent_hugepage/enabled";

    // The runtime's large-object threshold is 85,000 bytes; an array of this many bytes is over it.
    private const int LargeObject = 85_000;

    /// <summary>
    /// Prepares the heap's reservation (see the remarks); call once, first thing in the process. Never throws: what
    /// was done, or why not, is in the result.
    /// </summary>
    public static ManagedHeapAdvice Advise(long span = DefaultSpan)
    {
        if (!OperatingSystem.IsLinux())
        {
            return ManagedHeapAdvice.NotApplied("huge pages are advised on Linux only");
        }

        // Nothing to gain where the kernel gives no huge pages, and the heap is better left exactly as the runtime makes it.
        string enabled;
        try
        {
            enabled = File.ReadAllText(EnabledSetting);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ManagedHeapAdvice.NotApplied("this kernel offers no transparent huge pages (" + ex.Message + ")");
        }

        if (!Offered(enabled))
        {
            return ManagedHeapAdvice.NotApplied("transparent huge pages are off (" + EnabledSetting + ": " + enabled.Trim() + ")");
        }

        // New objects of each kind lie in the regions the heap allocates them from now: small ones, large ones (the
        // large-object heap, from 85,000 bytes), pinned ones. Their addresses only locate those regions.
        var small = new byte[1];
        var large = new byte[LargeObject];
        var pinned = GC.AllocateArray<byte>(1, pinned: true);
        ulong[] addresses;
        fixed (byte* s = small, l = large, p = pinned)
        {
            addresses = [(ulong)s, (ulong)l, (ulong)p];
        }

        // Read after the objects exist, so the memory they lie in is committed in the listing.
        string maps;
        try
        {
            maps = File.ReadAllText("/proc/self/maps");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ManagedHeapAdvice.NotApplied("/proc/self/maps: " + ex.Message);
        }

        var plan = Plan(maps, addresses, span);
        if (plan.Range is not { } range)
        {
            return plan;
        }

        try
        {
            return Prepare(range, addresses) ?? plan;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without these calls: the heap stays as it was.
            return ManagedHeapAdvice.NotApplied("mprotect/madvise: " + ex.Message);
        }
    }

    /// <summary>
    /// Whether the kernel gives huge pages to a range advised for them, from its setting (sysfs
    /// <c>transparent_hugepage/enabled</c>: the chosen one of <c>always madvise never</c> is bracketed).
    /// </summary>
    internal static bool Offered(string enabled) =>
        enabled.Contains("[always]", StringComparison.Ordinal) || enabled.Contains("[madvise]", StringComparison.Ordinal);

    /// <summary>The system calls of <see cref="Advise"/> on a planned range: null when done, else why not.</summary>
    private static ManagedHeapAdvice? Prepare(HeapRange range, ulong[] addresses)
    {
        var start = (void*)range.Start;
        var length = (nuint)(range.End - range.Start);
        if (HugePages.Mprotect(start, length, HugePages.ProtReadWrite) != 0)
        {
            return ManagedHeapAdvice.NotApplied(string.Create(CultureInfo.InvariantCulture, $"mprotect refused (errno {Marshal.GetLastSystemError()})"));
        }

        _ = HugePages.Madvise(start, length, HugePages.MadvDoDump);
        if (HugePages.Madvise(start, length, HugePages.MadvHugePage) != 0)
        {
            return ManagedHeapAdvice.NotApplied(string.Create(CultureInfo.InvariantCulture, $"madvise(MADV_HUGEPAGE) refused (errno {Marshal.GetLastSystemError()})"));
        }

        // The 2 MiB around each region's allocation point already holds 4 KiB pages (the objects so far), and the kernel
        // adds only 4 KiB pages to a range that has some: folded into one huge page now, the rest of each is faulted
        // once. Best effort (MADV_COLLAPSE, Linux 6.1); an older kernel refuses it and those ranges stay as they were.
        foreach (var huge in addresses.Select(AlignDown).Distinct())
        {
            if (huge >= range.Start && huge + HugePages.Size <= range.End)
            {
                _ = HugePages.Madvise((void*)huge, HugePages.Size, HugePages.MadvCollapse);
            }
        }

        return null;
    }

    /// <summary>
    /// With the heap prepared (<paramref name="advice"/>), lets the process's first <paramref name="bytes"/> of
    /// allocations go without a collection (<see cref="GC.TryStartNoGCRegion(long, bool)"/>, never a full blocking one to
    /// make room). Why: a short run (a photo folder allocates ~33 MiB) then pays no collection at all, and each
    /// collection of the workstation GC stops every thread while one core works (12 of them, ~23 ms of the 360-photo
    /// run's wall time). Why only then: on 4 KiB pages fresh memory costs more than collecting a small young generation
    /// again (benchmarks/results/2026-12-05-issue18-tail.md: a 64 MiB young generation was slower there). Past
    /// <paramref name="bytes"/> the runtime collects and ends the region itself, and a long run goes on as any other.
    /// False when not started.
    /// </summary>
    public static bool DeferFirstCollections(ManagedHeapAdvice advice, long bytes = FirstAllocationsWithoutCollection)
    {
        if (advice.Range is null || bytes <= 0)
        {
            return false;
        }

        try
        {
            return GC.TryStartNoGCRegion(bytes, disallowFullBlockingGC: true);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // More than this runtime allows at once, or a region already started: collections stay as they are.
            return false;
        }
    }

    /// <summary>
    /// The range to prepare, from a proc(5) <c>maps</c> listing and the addresses of new objects (one in each of the
    /// heap's kinds of region): from the first 2 MiB boundary of the lowest anonymous read-write mapping holding one of
    /// them, <paramref name="span"/> bytes upward; only if every mapping from there on is anonymous, private, adjacent to
    /// the one before, read-write or reserved, up to and into a reserved mapping of at least
    /// <see cref="MinReservation"/>, with every object's mapping on the way. The range ends 2 MiB short of that
    /// mapping's end at the latest. All of it is then inside the one reservation the objects and that mapping are in;
    /// nothing below the objects' mappings is included (a thread stack's guard page may lie right under the heap).
    /// </summary>
    internal static ManagedHeapAdvice Plan(string maps, IReadOnlyCollection<ulong> addresses, long span)
    {
        var mappings = MapsLine.ParseAll(maps);
        var holding = new List<int>(addresses.Count);
        foreach (var address in addresses)
        {
            var at = mappings.FindIndex(m => m.Start <= address && address < m.End);
            if (at < 0)
            {
                return ManagedHeapAdvice.NotApplied("a new object's address is in no mapping");
            }

            if (!mappings[at].IsAnonymous || mappings[at].Permissions != "rw-p")
            {
                return ManagedHeapAdvice.NotApplied("a new object is not in an anonymous read-write mapping");
            }

            holding.Add(at);
        }

        var lowest = holding.Min();
        var highest = holding.Max();
        var start = AlignUp(mappings[lowest].Start);
        for (var i = lowest; i < mappings.Count; i++)
        {
            var m = mappings[i];
            if (i > lowest && (m.Start != mappings[i - 1].End || !m.IsAnonymous || m.Permissions is not ("rw-p" or "---p")))
            {
                break;
            }

            if (i > highest && m.Permissions == "---p" && m.End - m.Start >= MinReservation)
            {
                var end = Math.Min(AlignDown(start + (ulong)span), AlignDown(m.End - HugePages.Size));
                return end > start
                    ? ManagedHeapAdvice.Applied(new HeapRange(start, end))
                    : ManagedHeapAdvice.NotApplied("the heap's reservation leaves no whole huge page to prepare");
            }
        }

        return ManagedHeapAdvice.NotApplied("no reservation of the heap's size follows its regions");
    }

    private static ulong AlignUp(ulong value) => (value + HugePages.Size - 1) & ~(ulong)(HugePages.Size - 1);

    private static ulong AlignDown(ulong value) => value & ~(ulong)(HugePages.Size - 1);
}

/// <summary>A range of addresses, [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct HeapRange(ulong Start, ulong End);

/// <summary>What <see cref="ManagedHeapHugePages.Advise"/> did: the range it prepared, or why it prepared none.</summary>
public sealed record ManagedHeapAdvice(HeapRange? Range, string? Reason)
{
    internal static ManagedHeapAdvice Applied(HeapRange range) => new(range, null);

    internal static ManagedHeapAdvice NotApplied(string reason) => new(null, reason);
}

/// <summary>One line of proc(5) <c>/proc/PID/maps</c>: <c>start-end perms offset dev inode [path]</c>.</summary>
internal readonly record struct MapsLine(ulong Start, ulong End, string Permissions, bool IsAnonymous)
{
    public static List<MapsLine> ParseAll(string maps)
    {
        var lines = new List<MapsLine>();
        foreach (var raw in maps.AsSpan().EnumerateLines())
        {
            if (TryParse(raw, out var line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static bool TryParse(ReadOnlySpan<char> line, out MapsLine parsed)
    {
        parsed = default;
        Span<Range> fields = stackalloc Range[7];
        var count = line.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count < 5)
        {
            return false;
        }

        var addresses = line[fields[0]];
        var dash = addresses.IndexOf('-');
        if (dash < 0
            || !ulong.TryParse(addresses[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(addresses[(dash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
            || end <= start)
        {
            return false;
        }

        // Anonymous: no inode and no name (a named anonymous mapping, "[heap]", "[stack]", is someone's own).
        var anonymous = line[fields[4]] is "0" && count == 5;
        parsed = new MapsLine(start, end, line[fields[1]].ToString(), anonymous);
        return true;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using EvidencePipe.Pipeline;

namespace EvidencePipe.Core.Tests.Pipeline;

public sealed partial class ManagedHeapHugePagesTests
{
    private const ulong MiB = 1024 * 1024;
    private const ulong GiB = 1024 * MiB;

    // A heap laid out as the runtime lays it out: its first regions committed in pieces, then the rest reserved.
    private const ulong Region = 0x7f70_cbc0_0000; // 4 MiB-aligned

    private static string Line(ulong start, ulong end, string permissions, string inode = "0", string path = "") =>
        string.Create(CultureInfo.InvariantCulture, $"{start:x}-{end:x} {permissions} 00000000 00:00 {inode}") + (path.Length > 0 ? "                          " + path : string.Empty);

    private static string Maps(params string[] lines) => string.Join('\n', lines) + "\n";

    private static string TypicalHeap(ulong reservedEnd = Region + 48 * GiB) => Maps(
        Line(0x55e5_d460_a000, 0x55e5_d5a1_f000, "r-xp", "1234", "/opt/evidencepipe/evidencepipe"),
        Line(Region - (4 * MiB), Region - (3 * MiB), "rw-p"),
        Line(Region - (3 * MiB), Region, "---p"),
        Line(Region, Region + (384 * 1024), "rw-p"),
        Line(Region + (384 * 1024), Region + (4 * MiB), "---p"),
        Line(Region + (4 * MiB), Region + (6 * MiB) + 0x1000, "rw-p"),
        Line(Region + (6 * MiB) + 0x1000, reservedEnd, "---p"),
        Line(reservedEnd + 0x1000, reservedEnd + 0x1000 + (8 * MiB), "rw-p"),
        Line(0x7ffc_389b_e000, 0x7ffc_389d_f000, "rw-p", "0", "[stack]"));

    [Fact]
    public void The_range_starts_at_the_region_holding_the_new_object_and_spans_the_requested_bytes_upward()
    {
        var advice = ManagedHeapHugePages.Plan(TypicalHeap(), [Region + (5 * MiB)], (long)GiB);

        Assert.Null(advice.Reason);
        Assert.Equal(new HeapRange(Region + (4 * MiB), Region + (4 * MiB) + GiB), advice.Range);
    }

    [Fact]
    public void The_range_starts_at_the_lowest_region_holding_a_new_object_whichever_kind_it_is()
    {
        // Pinned objects' region lowest, then small objects', then large objects', as the runtime places them.
        var maps = Maps(
            Line(Region, Region + (64 * 1024), "rw-p"),
            Line(Region + (64 * 1024), Region + (8 * MiB), "---p"),
            Line(Region + (8 * MiB), Region + (8 * MiB) + (68 * 1024), "rw-p"),
            Line(Region + (8 * MiB) + (68 * 1024), Region + (12 * MiB), "---p"),
            Line(Region + (12 * MiB), Region + (12 * MiB) + (84 * 1024), "rw-p"),
            Line(Region + (12 * MiB) + (84 * 1024), Region + (48 * GiB), "---p"));

        var advice = ManagedHeapHugePages.Plan(maps, [Region + (8 * MiB) + 0x9778, Region + (12 * MiB) + 0x58, Region + 0x2030], (long)GiB);

        Assert.Equal(new HeapRange(Region, Region + GiB), advice.Range);
    }

    [Fact]
    public void A_reservation_that_lies_between_the_new_objects_is_not_taken_for_the_one_above_them()
    {
        // The large object sits above a heap-sized reserved mapping and nothing of that size follows it.
        var high = Region + (8 * MiB) + (8 * GiB);
        var maps = Maps(
            Line(Region, Region + (4 * MiB), "rw-p"),
            Line(Region + (4 * MiB), high, "---p"),
            Line(high, high + (4 * MiB), "rw-p"),
            Line(high + (4 * MiB), high + (64 * MiB), "---p"));

        var advice = ManagedHeapHugePages.Plan(maps, [Region + 8, high + 8], (long)GiB);

        Assert.Null(advice.Range);
    }

    [Fact]
    public void A_mapping_that_starts_between_huge_page_boundaries_is_prepared_from_its_next_boundary()
    {
        // The object's mapping starts 64 KiB past a 2 MiB boundary: the range cannot start lower than the mapping.
        var start = Region + (64 * 1024);
        var maps = Maps(Line(start, Region + (3 * MiB), "rw-p"), Line(Region + (3 * MiB), Region + (16 * GiB), "---p"));

        var advice = ManagedHeapHugePages.Plan(maps, [start + 16], (long)(64 * MiB));

        Assert.Equal(new HeapRange(Region + (2 * MiB), Region + (66 * MiB)), advice.Range);
    }

    [Fact]
    public void Nothing_below_the_new_objects_mapping_is_included_even_a_reserved_page_right_under_it()
    {
        // A stack's guard page could sit right below; the range never reaches down past the object's own mapping.
        var advice = ManagedHeapHugePages.Plan(TypicalHeap(), [Region + 100], (long)GiB);

        Assert.Equal(Region, advice.Range!.Value.Start);
    }

    [Fact]
    public void The_range_stops_a_huge_page_short_of_the_reservations_end()
    {
        var reservedEnd = Region + (6 * MiB) + 0x1000 + (5 * GiB);
        var advice = ManagedHeapHugePages.Plan(TypicalHeap(reservedEnd), [Region + (5 * MiB)], 64L << 30);

        // The last whole 2 MiB page that ends at least 2 MiB before the reservation's end (hand-computed).
        var expectedEnd = (reservedEnd - (2 * MiB)) & ~((2 * MiB) - 1);
        Assert.Equal(new HeapRange(Region + (4 * MiB), expectedEnd), advice.Range);
        Assert.True(reservedEnd - advice.Range!.Value.End >= 2 * MiB);
    }

    [Fact]
    public void Without_a_reservation_of_the_heaps_size_above_it_nothing_is_prepared()
    {
        var maps = Maps(Line(Region, Region + (4 * MiB), "rw-p"), Line(Region + (4 * MiB), Region + (3 * GiB), "---p"));

        var advice = ManagedHeapHugePages.Plan(maps, [Region + 8], (long)GiB);

        Assert.Null(advice.Range);
        Assert.Contains("no reservation", advice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gap")]
    [InlineData("file")]
    [InlineData("named")]
    [InlineData("read-only")]
    public void A_mapping_that_is_not_the_heaps_between_it_and_the_reservation_stops_the_plan(string interloper)
    {
        var next = Region + (4 * MiB);
        var between = interloper switch
        {
            "gap" => Line(next + 0x1000, next + (8 * MiB), "rw-p"),
            "file" => Line(next, next + (8 * MiB), "rw-p", "4242", "/tmp/case.db-shm"),
            "named" => Line(next, next + (8 * MiB), "rw-p", "0", "[heap]"),
            _ => Line(next, next + (8 * MiB), "r--p"),
        };
        var afterBetween = Region + (12 * MiB);
        var maps = Maps(Line(Region, next, "rw-p"), between, Line(afterBetween, afterBetween + (48 * GiB), "---p"));

        var advice = ManagedHeapHugePages.Plan(maps, [Region + 8], (long)GiB);

        Assert.Null(advice.Range);
    }

    [Theory]
    [InlineData(0x1000UL, "in no mapping")]
    [InlineData(0x55e5_d460_b000UL, "not in an anonymous read-write mapping")]
    public void An_address_outside_an_anonymous_read_write_mapping_prepares_nothing(ulong address, string reason)
    {
        var advice = ManagedHeapHugePages.Plan(TypicalHeap(), [address], (long)GiB);

        Assert.Null(advice.Range);
        Assert.Contains(reason, advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void In_this_process_the_prepared_range_is_read_write_and_eligible_for_huge_pages_in_the_kernels_own_account()
    {
        var advice = ManagedHeapHugePages.Advise(64L << 20);

        var setting = File.ReadAllText(ManagedHeapHugePages.EnabledSetting);
        if (setting.Contains("[never]", StringComparison.Ordinal))
        {
            Assert.Null(advice.Range);
            Assert.Contains("off", advice.Reason, StringComparison.Ordinal);
            return;
        }

        Assert.True(advice.Range is not null, advice.Reason);
        var range = advice.Range!.Value;

        // The kernel's own account (proc(5) smaps): the range is covered, end to end, by read-write mappings that are
        // THPeligible (objects already in it may keep their mappings apart from the rest, so there can be more than one).
        var smaps = File.ReadAllLines("/proc/self/smaps");
        var covered = range.Start;
        for (var i = 0; i < smaps.Length; i++)
        {
            var header = MappingHeader().Match(smaps[i]);
            if (!header.Success)
            {
                continue;
            }

            var start = ulong.Parse(header.Groups[1].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var end = ulong.Parse(header.Groups[2].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (end <= range.Start || start >= range.End)
            {
                continue;
            }

            Assert.True(start <= covered && end >= Math.Min(range.End, covered + 1), $"the range is not covered at {covered:x}: next mapping {smaps[i]}");
            Assert.Equal("rw-p", header.Groups[3].Value);
            var eligible = smaps.Skip(i + 1).TakeWhile(l => !MappingHeader().IsMatch(l)).Single(l => l.StartsWith("THPeligible:", StringComparison.Ordinal));
            Assert.Equal("1", eligible["THPeligible:".Length..].Trim());
            covered = end;
        }

        Assert.True(covered >= range.End, $"the range is covered only up to {covered:x}");

        // The heap still works across collections, over and past the range.
        var kept = new List<int[]>();
        for (var i = 0; i < 20_000; i++)
        {
            var block = new int[256];
            block[0] = i;
            block[^1] = -i;
            if (i % 10 == 0)
            {
                kept.Add(block);
            }
        }

        GC.Collect();
        Assert.Equal(2_000, kept.Count);
        Assert.All(kept.Select((b, n) => (b, n)), x => Assert.True(x.b[0] == x.n * 10 && x.b[^1] == -x.n * 10));
    }

    [Theory]
    [InlineData("always [madvise] never\n", true)]
    [InlineData("[always] madvise never\n", true)]
    [InlineData("always madvise [never]\n", false)]
    [InlineData("", false)]
    public void Huge_pages_are_offered_when_the_kernel_setting_is_always_or_madvise(string setting, bool offered) =>
        Assert.Equal(offered, ManagedHeapHugePages.Offered(setting));

    [Fact]
    public void Collections_are_not_deferred_when_the_heap_is_not_on_huge_pages()
    {
        var mode = System.Runtime.GCSettings.LatencyMode;

        Assert.False(ManagedHeapHugePages.DeferFirstCollections(new ManagedHeapAdvice(null, "not Linux")));
        Assert.Equal(mode, System.Runtime.GCSettings.LatencyMode);
    }

    [GeneratedRegex("^([0-9a-f]+)-([0-9a-f]+) ([-rwxps]{4}) ")]
    private static partial Regex MappingHeader();
}

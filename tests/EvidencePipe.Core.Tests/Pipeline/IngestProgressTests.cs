using EvidencePipe.Pipeline;

namespace EvidencePipe.Core.Tests.Pipeline;

/// <summary>The ETA from a snapshot, checked against estimates worked out by hand (no clock runs here).</summary>
public sealed class IngestProgressTests
{
    private static IngestProgress Snapshot(long total, long hashed, long parsed, double seconds, long events = 0, bool discoveryComplete = true) =>
        new(1, discoveryComplete, 0, total, 0, events, TimeSpan.FromSeconds(seconds)) { BytesHashed = hashed, BytesParsed = parsed };

    [Fact]
    public void The_time_left_is_the_unread_bytes_at_the_rate_the_readers_have_read_so_far()
    {
        // 250 of 1,000 bytes parsed in 10 s: 25 B/s, so 750 bytes need 30 s; hashing is done.
        Assert.Equal(TimeSpan.FromSeconds(30), Snapshot(total: 1_000, hashed: 1_000, parsed: 250, seconds: 10).EstimatedRemaining);
    }

    [Fact]
    public void When_hashing_is_the_slower_pass_its_time_left_is_what_is_left()
    {
        // Hashing: 500 of 1,000 bytes in 10 s → 10 s more. Reading: 400 in 10 s → 600 bytes at 40 B/s = 15 s. The larger is left.
        Assert.Equal(TimeSpan.FromSeconds(15), Snapshot(total: 1_000, hashed: 500, parsed: 400, seconds: 10).EstimatedRemaining);

        // Hashing: 100 of 1,000 in 10 s → 900 bytes at 10 B/s = 90 s; reading: 90 of 1,000 at 9 B/s = 101.1 s.
        Assert.Equal(101.111, Snapshot(total: 1_000, hashed: 100, parsed: 90, seconds: 10).EstimatedRemaining!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void Inside_one_big_source_the_estimate_follows_the_bytes_read_not_the_sources_finished()
    {
        // The reported case: one 180 MB export, 986k of its 1M events read after 60 s. No source has finished
        // (the old estimate went by finished sources), but 98.6 % of its bytes have been read:
        // 2,520,000 bytes left at 177,480,000 / 60 = 2,958,000 B/s = 0.8519 s.
        var p = new IngestProgress(1, true, 0, 180_000_000, 0, 986_000, TimeSpan.FromSeconds(60)) { BytesHashed = 180_000_000, BytesParsed = 177_480_000 };
        Assert.Equal(0.8519, p.EstimatedRemaining!.Value.TotalSeconds, 4);
        Assert.Equal(0.986, p.Fraction!.Value, 6);

        // 986,000 events / 0.986 of the bytes = 1,000,000 expected.
        Assert.Equal(1_000_000, p.EventsExpected);
    }

    [Fact]
    public void There_is_no_estimate_before_discovery_has_finished_or_anything_has_been_read()
    {
        Assert.Null(Snapshot(total: 1_000, hashed: 1_000, parsed: 250, seconds: 10, discoveryComplete: false).EstimatedRemaining);
        Assert.Null(Snapshot(total: 1_000, hashed: 300, parsed: 0, seconds: 10).EstimatedRemaining);
        Assert.Null(Snapshot(total: 1_000, hashed: 300, parsed: 100, seconds: 0).EstimatedRemaining);
    }

    [Fact]
    public void A_finished_run_has_nothing_left()
    {
        Assert.Equal(TimeSpan.Zero, Snapshot(total: 1_000, hashed: 1_000, parsed: 1_000, seconds: 12).EstimatedRemaining);
    }
}

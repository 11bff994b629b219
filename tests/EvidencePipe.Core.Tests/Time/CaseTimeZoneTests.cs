using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Core.Tests.Time;

public sealed class CaseTimeZoneTests
{
    private readonly CaseTimeZone _london = new("Europe/London");

    [Fact]
    public void Given_a_winter_wall_clock_time_in_London_when_converted_then_UTC_equals_local()
    {
        var t = _london.FromLocal(new DateTime(2023, 3, 25, 0, 30, 0));
        Assert.Equal(new DateTimeOffset(2023, 3, 25, 0, 30, 0, TimeSpan.Zero), t.Utc);
        Assert.Equal(TimeSpan.Zero, t.Offset);
        Assert.Equal(TimeBasis.NaiveLocal, t.Basis);
        Assert.Equal("Europe/London", t.Zone);
        Assert.Equal(TimeAnomaly.None, t.Anomaly);
    }

    [Fact]
    public void Given_a_summer_wall_clock_time_in_London_when_converted_then_UTC_is_an_hour_earlier()
    {
        var t = _london.FromLocal(new DateTime(2023, 3, 27, 0, 30, 0));
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 23, 30, 0, TimeSpan.Zero), t.Utc);
        Assert.Equal(TimeSpan.FromHours(1), t.Offset);
    }

    [Fact]
    public void A_time_in_the_spring_forward_gap_is_flagged_and_read_with_the_offset_before_the_change()
    {
        var t = _london.FromLocal(new DateTime(2023, 3, 26, 1, 30, 0));
        Assert.Equal(TimeAnomaly.Gap, t.Anomaly);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 1, 30, 0, TimeSpan.Zero), t.Utc);
        Assert.Equal("nonexistent-local-time", t.AnomalyName);
    }

    [Fact]
    public void A_time_in_the_autumn_overlap_is_flagged_and_the_first_occurrence_taken()
    {
        var t = _london.FromLocal(new DateTime(2023, 10, 29, 1, 30, 0));
        Assert.Equal(TimeAnomaly.Ambiguous, t.Anomaly);
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 0, 30, 0, TimeSpan.Zero), t.Utc);
        Assert.Equal(TimeSpan.FromHours(1), t.Offset);
    }

    [Fact]
    public void Times_just_either_side_of_the_gap_are_not_flagged()
    {
        Assert.Equal(TimeAnomaly.None, _london.FromLocal(new DateTime(2023, 3, 26, 0, 59, 0)).Anomaly);
        var after = _london.FromLocal(new DateTime(2023, 3, 26, 2, 0, 0));
        Assert.Equal(TimeAnomaly.None, after.Anomaly);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 1, 0, 0, TimeSpan.Zero), after.Utc);
    }

    [Fact]
    public void Southern_hemisphere_zones_are_DST_correct_too()
    {
        var sydney = new CaseTimeZone("Australia/Sydney");
        var january = sydney.FromLocal(new DateTime(2024, 1, 15, 12, 0, 0));
        Assert.Equal(TimeSpan.FromHours(11), january.Offset);
        var july = sydney.FromLocal(new DateTime(2024, 7, 15, 12, 0, 0));
        Assert.Equal(TimeSpan.FromHours(10), july.Offset);
    }

    [Fact]
    public void Epoch_times_keep_their_instant_and_show_the_case_zone_offset()
    {
        var t = _london.FromUnixMilliseconds(1_719_835_200_123); // 2024-07-01T12:00:00.123Z
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 12, 0, 0, 123, TimeSpan.Zero), t.Utc);
        Assert.Equal(TimeSpan.FromHours(1), t.Offset);
        Assert.Equal(TimeBasis.Epoch, t.Basis);
    }

    [Fact]
    public void Start_of_day_is_local_midnight_on_the_day_after_the_clocks_change() =>
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 23, 0, 0, TimeSpan.Zero), _london.StartOfDay(new DateOnly(2024, 4, 1)));

    [Fact]
    public void An_unknown_zone_is_rejected_with_its_name() =>
        Assert.Contains("Mars/Olympus", Assert.Throws<ArgumentException>(() => new CaseTimeZone("Mars/Olympus")).Message, StringComparison.Ordinal);

    /// <summary>
    /// UK clocks went back at 02:00 BST on 27 October 2024 (to 01:00 GMT), so 01:00–01:59 happened
    /// twice. A chat read in line order: 01:50 then 01:05 can only mean the clock went back in between.
    /// Expected instants hand-computed: BST = UTC+1, GMT = UTC.
    /// </summary>
    [Fact]
    public void In_the_fall_back_hour_a_line_whose_time_went_back_is_read_as_the_second_occurrence()
    {
        var lines = new LocalTimeSequence(_london);
        var read = new[] { (0, 50), (1, 10), (1, 50), (1, 5), (1, 30), (2, 10) }
            .Select(hm => lines.Next(new DateTime(2024, 10, 27, hm.Item1, hm.Item2, 0)))
            .ToList();

        Assert.Equal(
            [
                new DateTimeOffset(2024, 10, 26, 23, 50, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 10, 27, 0, 10, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 10, 27, 0, 50, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 10, 27, 1, 5, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 10, 27, 1, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 10, 27, 2, 10, 0, TimeSpan.Zero),
            ],
            read.Select(t => t.Utc));
        Assert.Equal(
            [TimeAnomaly.None, TimeAnomaly.Ambiguous, TimeAnomaly.Ambiguous, TimeAnomaly.AmbiguousLater, TimeAnomaly.AmbiguousLater, TimeAnomaly.None],
            read.Select(t => t.Anomaly));
        Assert.Equal([1, 1, 1, 0, 0, 0], read.Select(t => (int)t.Offset.TotalHours));
        Assert.Equal("ambiguous-local-time-later", read[3].AnomalyName);
    }

    [Fact]
    public void In_the_fall_back_hour_times_that_only_move_forward_stay_at_the_first_occurrence_and_are_flagged()
    {
        var lines = new LocalTimeSequence(_london);
        var a = lines.Next(new DateTime(2024, 10, 27, 1, 10, 0));
        var b = lines.Next(new DateTime(2024, 10, 27, 1, 40, 0));
        Assert.Equal(new DateTimeOffset(2024, 10, 27, 0, 10, 0, TimeSpan.Zero), a.Utc);
        Assert.Equal(new DateTimeOffset(2024, 10, 27, 0, 40, 0, TimeSpan.Zero), b.Utc);
        Assert.All([a, b], t => Assert.Equal(TimeAnomaly.Ambiguous, t.Anomaly));
    }

    [Fact]
    public void The_bundled_TZDB_release_is_named_like_the_IANA_releases()
    {
        // IANA names its releases year + letter (https://www.iana.org/time-zones): 2025b.
        Assert.Matches("^20[0-9]{2}[a-z]$", CaseTimeZone.TzdbVersion);
        Assert.True(CaseTimeZone.IsKnown("America/New_York"));
        Assert.False(CaseTimeZone.IsKnown("Mars/Olympus"));
    }
}

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
}

using EvidencePipe.Analysis.Tracking;
using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tests.Tracking;

/// <summary>The near-a-place rule: distance ≤ radius + the record's accuracy (distances from Python's math, see GeoDistanceTests).</summary>
public sealed class PlaceProximityTests
{
    private static readonly Place Refuge = new("refuge", 51.5007, -0.1246, 150);

    private static CommunicationEvent Fix(string id, double lat, double lon, double? accuracy, string? utc) => LocationFix.Event(
        id,
        utc is null ? EventTime.Undated : EventTime.FromExplicit(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)),
        lat, lon, accuracy, "test fix", new SourceRef("ab", "fixes.json", "test", id));

    [Fact]
    public void A_fix_counts_when_its_accuracy_circle_reaches_the_place_and_not_otherwise()
    {
        var proximity = new PlaceProximity([Refuge]);
        proximity.Observe(Fix("inside", 51.5010, -0.1240, 20, "2024-03-01T08:00:00Z"));          // 53.27 m
        proximity.Observe(Fix("reached", 51.5025, -0.1246, 80, "2024-03-02T20:00:00Z"));         // 200.15 m ≤ 150 + 80
        proximity.Observe(Fix("outside", 51.4989, -0.1246, 10, "2024-03-02T21:00:00Z"));         // 200.15 m > 150 + 10
        proximity.Observe(Fix("no accuracy", 51.5025, -0.1246, null, "2024-03-02T22:00:00Z"));   // 200.15 m > 150 + 0
        proximity.Observe(Fix("undated", 51.5007, -0.1246, 5, null));

        var hit = Assert.Single(proximity.Results());
        Assert.Equal(["inside", "reached"], hit.Evidence.Select(f => f.EventId));
        Assert.Equal((2, 1), (hit.Count, hit.Undated));
        Assert.Equal(DateTimeOffset.Parse("2024-03-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), hit.First);
        Assert.Equal(DateTimeOffset.Parse("2024-03-02T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture), hit.Last);
        Assert.Equal(200.15114441955458, hit.Evidence[1].DistanceMetres, 6);
        Assert.Equal((80.0, "fixes.json", "reached"), (hit.Evidence[1].AccuracyMetres!.Value, hit.Evidence[1].Source.Path, hit.Evidence[1].Source.Locator));
        Assert.Equal(5, proximity.Observed);
    }

    [Fact]
    public void Events_that_are_not_valid_locations_are_passed_over()
    {
        var proximity = new PlaceProximity([Refuge]);
        proximity.Observe(Fix("bad", 51.5007, -0.1246, 5, "2024-03-01T08:00:00Z") with { Geo = new GeoPoint(double.NaN, 0) });
        proximity.Observe(Fix("message", 51.5007, -0.1246, 5, "2024-03-01T08:00:00Z") with { Kind = EventKind.Message });

        Assert.Equal(0, Assert.Single(proximity.Results()).Count);
        Assert.Equal(0, proximity.Observed);
    }
}

using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.Location;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Location;

/// <summary>
/// Google location history JSON (fixtures/location, written by tools/make_tracking_fixtures.py from the published field
/// descriptions). Expected coordinates are the E7 integers of the fixture divided by 10^7 by hand; times are the fixture's.
/// </summary>
public sealed class GoogleLocationHistoryReaderTests : IDisposable
{
    private readonly GoogleLocationHistoryReader _reader = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Others() => OtherFixtures("location");

    [Fact]
    public async Task Records_json_gives_one_location_per_record_with_position_accuracy_and_utc_time()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("location", "Records.json"));

        Assert.Equal(["locations[0]", "locations[1]", "locations[2]", "locations[3]", "locations[4]", "locations[5]", "locations[8]"], events.Select(e => e.Source.Locator));
        var first = events.At("locations[0]");
        Assert.Equal((EventKind.Location, Channels.Location, Direction.Unknown), (first.Kind, first.Channel, first.Direction));
        Assert.Equal(new GeoPoint(51.501, -0.124), first.Geo);
        Assert.Equal(20, LocationFix.AccuracyOf(first.Text));
        Assert.Equal(Utc("2024-03-01T08:00:00"), first.Time.Utc);
        Assert.Null(first.From);
        Assert.Empty(first.To);

        // timestampMs 1709283600000 = 2024-03-01T09:00:00Z (python: datetime(2024,3,1,9,tzinfo=utc).timestamp()*1000).
        Assert.Equal((Utc("2024-03-01T09:00:00"), TimeBasis.Epoch), (events.At("locations[1]").Time.Utc, events.At("locations[1]").Time.Basis));
        // 09:15:00.123 at +01:00 is 08:15:00.123Z; the offset is kept.
        var offset = events.At("locations[2]").Time;
        Assert.Equal((Utc("2024-03-02T08:15:00.123"), TimeSpan.FromHours(1), TimeBasis.ExplicitOffset), (offset.Utc, offset.Offset, offset.Basis));
    }

    [Fact]
    public async Task An_unsigned_wrapped_e7_is_recovered_and_impossible_or_missing_coordinates_are_skipped_with_diagnostics()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("location", "Records.json"));

        // longitudeE7 4293721296 = 2^32 - 1246000: -0.1246 degrees once 2^32 is taken off.
        Assert.Equal(new GeoPoint(51.5007, -0.1246), events.At("locations[5]").Geo);
        Assert.True(events.At("locations[8]").Time.IsUndated);
        Assert.Equal(["locations[5]", "locations[8]"], context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Recovered).Select(d => d.Locator));
        Assert.Equal(["locations[6]", "locations[7]"], context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Skipped).Select(d => d.Locator));
        Assert.Equal((2, 2), (context.Recovered, context.Skipped));
    }

    [Fact]
    public async Task Timeline_json_reads_path_points_visits_activities_and_raw_positions_in_both_point_notations()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("location", "Timeline.json"));

        Assert.Equal(
            [
                "semanticSegments[0].timelinePath[0]", "semanticSegments[0].timelinePath[1]", "semanticSegments[1].visit",
                "semanticSegments[2].activity.start", "semanticSegments[2].activity.end", "semanticSegments[3].timelinePath[0]",
                "semanticSegments[3].visit", "rawSignals[0].position",
            ],
            events.Select(e => e.Source.Locator));
        Assert.Equal(new GeoPoint(51.5008, -0.1247), events.At("semanticSegments[0].timelinePath[0]").Geo);
        Assert.Equal(new GeoPoint(51.5079, -0.0877), events.At("semanticSegments[0].timelinePath[1]").Geo);
        Assert.Equal(Utc("2024-03-04T07:20:00"), events.At("semanticSegments[0].timelinePath[1]").Time.Utc);
        var visit = events.At("semanticSegments[1].visit");
        Assert.Equal((new GeoPoint(53.4808, -2.2426), Utc("2024-03-05T12:00:00")), (visit.Geo!.Value, visit.Time.Utc));
        Assert.Equal(Utc("2024-03-06T18:30:00"), events.At("semanticSegments[2].activity.end").Time.Utc);
        // 10:00 at +01:00 is 09:00Z; the path point is 15 minutes after the segment's start.
        Assert.Equal((new GeoPoint(53.481, -2.243), Utc("2024-03-08T09:00:00")), (events.At("semanticSegments[3].visit").Geo!.Value, events.At("semanticSegments[3].visit").Time.Utc));
        Assert.Equal(Utc("2024-03-08T09:15:00"), events.At("semanticSegments[3].timelinePath[0]").Time.Utc);
        var raw = events.At("rawSignals[0].position");
        Assert.Equal((12.0, Utc("2024-03-07T21:00:00")), (LocationFix.AccuracyOf(raw.Text), raw.Time.Utc));
        Assert.Null(LocationFix.AccuracyOf(visit.Text));

        Assert.Equal(["semanticSegments[0].timelinePath[2]", "semanticSegments[0].timelinePath[3]"], context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Skipped).Select(d => d.Locator));
    }

    [Fact]
    public async Task A_cut_timeline_keeps_the_records_before_the_cut_and_says_where_reading_stopped()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("location", "hostile", "Timeline_cut.json"));

        Assert.NotEmpty(events);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Reason.StartsWith("reading stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_huge_records_file_is_streamed_and_every_record_read()
    {
        // 200 000 records written here (about 20 MB): more than a single captured value may hold, so only streaming reads it.
        var sb = new StringBuilder("{\"locations\":[");
        for (var i = 0; i < 200_000; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",").Append("{\"latitudeE7\":").Append(500000000 + i).Append(",\"longitudeE7\":-1000000,\"accuracy\":15,\"timestamp\":\"2024-01-01T00:00:00Z\"}");
        }

        var (events, context) = await ReadTextAsync(_reader, _dir, "Records.json", sb.Append("]}").ToString());

        Assert.Equal(200_000, events.Count);
        Assert.Empty(context.Diagnostics);
        Assert.Equal(new GeoPoint(50.0199999, -0.1), events[^1].Geo);
    }

    [Fact]
    public void Both_forms_are_recognised_by_content()
    {
        var sniffer = new GoogleLocationHistorySniffer();
        Assert.True(sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture("location", "Records.json"))));
        Assert.True(sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture("location", "Timeline.json"))));
        Assert.False(sniffer.Matches("{\"locations\":[{\"name\":\"home\"}]}"u8));
    }

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_location_history(string relative) =>
        Assert.False(new GoogleLocationHistorySniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture(relative))));
}

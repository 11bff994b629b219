using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Ios;

/// <summary>
/// iOS applicationState.db and routined Cache.sqlite (synthetic, built with Python's sqlite3 by tools/make_tracking_fixtures.py;
/// ZTIMESTAMP is Core Data seconds, Unix time − 978307200).
/// </summary>
public sealed class TrackingDbReaderTests
{
    [Fact]
    public async Task Application_state_gives_one_undated_app_per_bundle_id()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/applicationState.db"));

        Assert.Equal(PhoneDbFormats.IosApplicationState, read.Format);
        Assert.Equal(["com.apple.findmy", "net.whatsapp.WhatsApp", "com.apple.mobilesafari"], read.Events.Select(e => e.Subject));
        Assert.All(read.Events, e => Assert.Equal((EventKind.App, true), (e.Kind, e.Time.IsUndated)));
        Assert.Equal("application_identifier_tab.id=1", read.Events[0].Source.Locator);
        Assert.Equal("application_identifier_tab.id=4", Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped)).Locator);
    }

    [Fact]
    public async Task Routined_cache_gives_positions_with_accuracy_and_core_data_times()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/Cache.sqlite"));

        Assert.Equal(PhoneDbFormats.IosRoutinedCache, read.Format);
        Assert.Equal(["ZRTCLLOCATIONMO.Z_PK=1", "ZRTCLLOCATIONMO.Z_PK=3", "ZRTCLLOCATIONMO.Z_PK=4"], read.Events.Select(e => e.Source.Locator));
        var refuge = read.Events.At("ZRTCLLOCATIONMO.Z_PK=1");
        // ZTIMESTAMP 731656800 + 978307200 = 1709964000 = 2024-03-09T06:00:00Z.
        Assert.Equal((new GeoPoint(51.5007, -0.1246), 65.0, PhoneDbTestFiles.Utc("2024-03-09T06:00:00")), (refuge.Geo!.Value, LocationFix.AccuracyOf(refuge.Text)!.Value, refuge.Time.Utc));
        var undated = read.Events.At("ZRTCLLOCATIONMO.Z_PK=3");
        Assert.True(undated.Time.IsUndated);
        Assert.Null(LocationFix.AccuracyOf(undated.Text)); // -1: not recorded
        Assert.Equal(PhoneDbTestFiles.Utc("2024-03-09T12:30:30.250"), read.Events.At("ZRTCLLOCATIONMO.Z_PK=4").Time.Utc);
        Assert.Equal("ZRTCLLOCATIONMO.Z_PK=2", Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped)).Locator);
        Assert.Equal("ZRTCLLOCATIONMO.Z_PK=3", Assert.Single(read.Context.Of(DiagnosticSeverity.Recovered)).Locator);
    }
}

using EvidencePipe.Model;
using EvidencePipe.Readers.AndroidPackages;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.AndroidPackages;

/// <summary>
/// packages.xml as text XML and as Android Binary XML. Both fixtures are written by tools/make_tracking_fixtures.py —
/// the ABX one by its own encoder of the format documented in AOSP's BinaryXmlSerializer — from the same package list;
/// expected times are that list's (python: datetime(…, tzinfo=utc)), not read off the reader.
/// </summary>
public sealed class AndroidPackagesReaderTests : IDisposable
{
    private readonly AndroidPackagesReader _reader = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Others() => OtherFixtures("android_packages");

    private static readonly (string Id, string Version, string Installed, string Updated)[] Expected =
    [
        ("com.google.android.apps.adm", "3041", "2024-02-20T19:30:00Z", "2024-03-01T06:00:00Z"),
        ("com.whatsapp", "241017", "2023-11-05T10:00:00Z", "2024-02-28T22:15:00Z"),
        ("com.life360.android.safetymapd", "1000", "2024-02-21T08:45:00Z", "2024-02-21T08:45:00Z"),
    ];

    [Fact]
    public async Task Text_packages_xml_gives_one_app_per_package_with_install_and_update_times()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("android_packages", "packages.xml"));

        Assert.Equal([.. Expected.Select(e => e.Id), "org.findmykids.app"], events.Select(e => e.Subject));
        Assert.Equal("package name=com.google.android.apps.adm (line 4)", events[0].Source.Locator);
        foreach (var (e, x) in events.Zip(Expected))
        {
            Assert.Equal((EventKind.App, Channels.App, Utc(x.Installed[..^1])), (e.Kind, e.Channel, e.Time.Utc));
            Assert.Equal($"installed app {x.Id} version {x.Version}; installer com.android.vending; first installed {x.Installed}; last updated {x.Updated}", e.Text);
        }

        // it="not-hex": the install time is unknown, so the app is undated; ut 0x18e0f5a6b40 = 1709654567744 ms = 2024-03-05T16:02:47.744Z (python int('18e0f5a6b40', 16)).
        var bad = events[3];
        Assert.True(bad.Time.IsUndated);
        Assert.EndsWith("first installed not recorded; last updated 2024-03-05T16:02:47Z", bad.Text, StringComparison.Ordinal);
        Assert.Equal("package name=org.findmykids.app (line 16)", Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered).Locator);
        Assert.Equal("package (line 17)", Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped).Locator);
    }

    [Fact]
    public async Task Binary_abx_packages_xml_decodes_to_the_same_apps()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("android_packages", "packages_abx.xml"));

        Assert.Equal(Expected.Select(e => e.Id), events.Select(e => e.Subject));
        foreach (var (e, x) in events.Zip(Expected))
        {
            Assert.Equal(Utc(x.Installed[..^1]), e.Time.Utc);
            Assert.Equal($"installed app {x.Id} version {x.Version}; installer com.android.vending; first installed {x.Installed}; last updated {x.Updated}", e.Text);
            Assert.StartsWith($"package name={x.Id} (byte ", e.Source.Locator, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(context.Diagnostics, d => d.Severity is DiagnosticSeverity.Skipped or DiagnosticSeverity.Recovered);
    }

    [Fact]
    public async Task A_cut_abx_file_keeps_the_packages_before_the_cut_and_names_the_offset()
    {
        var (events, context) = await ReadAsync(_reader, RepoPaths.Fixture("android_packages", "hostile", "packages_abx_cut.xml"));

        Assert.NotEmpty(events);
        Assert.True(events.Count < Expected.Length);
        var d = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.Contains("byte", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_abx_reference_to_an_undefined_interned_string_is_a_diagnostic_not_a_crash()
    {
        // ABX\0, START_DOCUMENT|null, START_TAG|interned + new "packages", START_TAG|interned + index 7 (never defined).
        byte[] bytes = [.. "ABX\0"u8, 0x10, 0x32, 0xFF, 0xFF, 0x00, 0x08, .. "packages"u8, 0x32, 0x00, 0x07];
        var (events, context) = await ReadBytesAsync(_reader, _dir, "packages.xml", bytes);

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("interned string 7", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_forms_are_recognised_by_content()
    {
        var sniffer = new AndroidPackagesSniffer();
        Assert.True(sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture("android_packages", "packages.xml"))));
        Assert.True(sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture("android_packages", "packages_abx.xml"))));
        Assert.False(sniffer.Matches("<?xml version='1.0'?>\n<packagesfoo/>"u8));
    }

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_packages_xml(string relative) =>
        Assert.False(new AndroidPackagesSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture(relative))));
}

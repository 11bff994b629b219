using EvidencePipe.Analysis.Tracking;
using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tests.Tracking;

public sealed class TrackingAppListTests
{
    [Fact]
    public void The_bundled_list_names_a_source_with_an_address_for_every_app()
    {
        var list = TrackingAppList.Bundled;
        Assert.NotEmpty(list.Apps);
        Assert.All(list.Apps, a => Assert.Contains("https://", list.Sources[a.Source], StringComparison.Ordinal));
        Assert.Contains(list.Apps, a => a.Kind == "stalkerware");
        Assert.Contains(list.Apps, a => a.Kind == "dual-use");
    }

    [Theory]
    // Package names as listed in Echap's watchware.yaml / ioc.yaml and the publishers' pages (see tracking-apps.json sources).
    [InlineData("com.life360.android.safetymapd", "watchware")]
    [InlineData("com.thetruth", "stalkerware")]
    [InlineData("com.google.android.apps.adm", "dual-use")]
    [InlineData("com.apple.findmy", "dual-use")]
    [InlineData("app.EasyLogger", "stalkerware")]
    [InlineData("app.Easylogger", "stalkerware")]
    public void Listed_ids_match_exactly(string id, string kind) => Assert.Equal(kind, TrackingAppList.Bundled.Match(id)?.Kind);

    [Theory]
    [InlineData("com.whatsapp")]
    [InlineData("COM.THETRUTH")]
    [InlineData("com.thetruth.extra")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_ids_do_not_match(string? id) => Assert.Null(TrackingAppList.Bundled.Match(id));

    [Fact]
    public void An_installed_app_on_the_list_becomes_a_finding_with_its_record()
    {
        var source = new SourceRef("cd", "packages.xml", "android-packages-xml", "package name=com.life360.android.safetymapd (line 12)");
        var installed = EventTime.FromExplicit(DateTimeOffset.Parse("2024-02-21T08:45:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var app = InstalledApp.Event("e1", "com.life360.android.safetymapd", null, "1000", null, installed, null, source);

        var finding = TrackingView.Flag(app, TrackingAppList.Bundled);

        Assert.NotNull(finding);
        Assert.Equal(("Life360", installed.Utc, source), (finding.App.Name, finding.Installed!.Value, finding.Source));
        Assert.Null(TrackingView.Flag(InstalledApp.Event("e2", "com.whatsapp", null, null, null, null, null, source), TrackingAppList.Bundled));
    }
}

using System.Globalization;
using System.Net;
using EvidencePipe.Analysis.Tracking;
using EvidencePipe.Time;

namespace EvidencePipe.Reports;

/// <summary>
/// The report's investigation panel for a suspect's device (issue 17, item 2): when its location records were near each of
/// the victim's places, and the installed apps that can locate or monitor another person — each record as an exhibit
/// (source file, SHA-256, locator).
/// </summary>
internal static class TrackingSection
{
    private const int Rows = 50;

    public static void Write(TextWriter w, TrackingView tracking, CaseTimeZone zone)
    {
        var ci = CultureInfo.InvariantCulture;
        string When(DateTimeOffset? t) => t is { } v ? string.Create(ci, $"{zone.ToLocal(v):yyyy-MM-dd HH:mm} ({v.UtcDateTime:yyyy-MM-dd HH:mm}Z)") : "—";
        w.Write("<h2 id=\"tracking\">Tracking on the device (investigation)</h2>");
        if (tracking.Places.Count > 0)
        {
            w.Write(string.Create(ci, $"<p>Location records on the device: {tracking.LocationRecords}. A record is <b>near</b> a place when its great-circle (haversine) distance from the place's centre is at most the place's radius plus the record's own accuracy radius (0 when none was recorded).</p>"));
            w.Write("<table class=\"places\"><tr><th>place</th><th>centre</th><th>radius (m)</th><th>records near</th><th>first</th><th>last</th><th>undated</th></tr>");
            foreach (var p in tracking.Places)
            {
                w.Write(string.Create(ci, $"<tr data-place=\"{E(p.Place.Name)}\"><td>{E(p.Place.Name)}</td><td>{p.Place.Latitude:R}, {p.Place.Longitude:R}</td><td>{p.Place.RadiusMetres:R}</td><td>{p.Count}</td><td>{When(p.First)}</td><td>{When(p.Last)}</td><td>{p.Undated}</td></tr>"));
            }

            w.Write("</table>");
            foreach (var p in tracking.Places.Where(p => p.Evidence.Count > 0))
            {
                w.Write(string.Create(ci, $"<details><summary>Records near {E(p.Place.Name)} ({p.Count}{(p.Count > Rows ? string.Create(ci, $", first {Rows} shown") : string.Empty)})</summary><table><tr><th>time</th><th>distance (m)</th><th>accuracy (m)</th><th>exhibit</th></tr>"));
                foreach (var f in p.Evidence.Take(Rows))
                {
                    w.Write(string.Create(ci, $"<tr><td>{When(f.Time)}</td><td>{f.DistanceMetres:0.0}</td><td>{(f.AccuracyMetres is { } a ? a.ToString("0.##", ci) : "—")}</td><td>{E(f.Source.Path)}<br><span class=\"code\">{E(f.Source.Sha256)}</span><br>{E(f.Source.Locator)}</td></tr>"));
                }

                w.Write("</table></details>");
            }
        }

        if (tracking.Apps.Count > 0)
        {
            w.Write(string.Create(ci, $"<h3>Apps that can locate or monitor a person</h3><p>{tracking.Apps.Count} of {tracking.AppRecords} installed apps are on the list {E(TrackingAppList.Bundled.Version)}.</p>"));
            w.Write("<table class=\"tracking-apps\"><tr><th>app</th><th>listed as</th><th>can</th><th>installed</th><th>exhibit</th></tr>");
            foreach (var a in tracking.Apps)
            {
                w.Write(string.Create(ci, $"<tr data-app=\"{E(a.AppId)}\"><td><span class=\"code\">{E(a.AppId)}</span><br>{E(a.App.Name)}</td><td>{E(a.App.Kind)}<br><small>{E(TrackingAppList.Bundled.Sources[a.App.Source])}</small></td><td>{E(a.App.Capability)}</td><td>{When(a.Installed)}</td><td>{E(a.Source.Path)}<br><span class=\"code\">{E(a.Source.Sha256)}</span><br>{E(a.Source.Locator)}</td></tr>"));
            }

            w.Write(string.Create(ci, $"</table><p class=\"caveat\">{E(TrackingAppList.Bundled.Caveat)}</p>"));
        }
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
}

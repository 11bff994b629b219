using System.Globalization;
using System.Text.Json;
using EvidencePipe.Analysis.Tracking;
using EvidencePipe.Export;

namespace EvidencePipe.Cli.Commands;

/// <summary>The location and tracking-app part of <c>contacts</c> (issue 17, item 2): JSON fields added to the contract, and the text lines.</summary>
internal static class TrackingOutput
{
    /// <summary>
    /// <c>"tracking_apps"</c> (possibly empty), <c>"tracking_apps_list"</c>, <c>"location_records"</c>, <c>"app_records"</c>
    /// and, with <c>--place</c>, <c>"places"</c> — written when the case holds location or app records or places were given.
    /// </summary>
    public static void Json(Utf8JsonWriter w, TrackingView tracking, bool showPlaces)
    {
        w.WriteNumber("location_records", tracking.LocationRecords);
        w.WriteNumber("app_records", tracking.AppRecords);
        if (showPlaces)
        {
            w.WriteStartArray("places");
            foreach (var p in tracking.Places)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Place.Name);
                w.WriteNumber("lat", p.Place.Latitude);
                w.WriteNumber("lon", p.Place.Longitude);
                w.WriteNumber("radius_m", p.Place.RadiusMetres);
                w.WriteNumber("count", p.Count);
                Time(w, "first", p.First);
                Time(w, "last", p.Last);
                w.WriteNumber("undated", p.Undated);
                w.WriteStartArray("evidence");
                foreach (var f in p.Evidence)
                {
                    w.WriteStartObject();
                    w.WriteString("id", f.EventId);
                    w.WriteString("time", EventJson.Time(f.Time));
                    w.WriteNumber("distance_m", Math.Round(f.DistanceMetres, 1));
                    if (f.AccuracyMetres is { } a)
                    {
                        w.WriteNumber("accuracy_m", a);
                    }
                    else
                    {
                        w.WriteNull("accuracy_m");
                    }

                    EventJson.WriteSource(w, f.Source);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("tracking_apps");
        foreach (var a in tracking.Apps)
        {
            w.WriteStartObject();
            w.WriteString("app_id", a.AppId);
            w.WriteString("name", a.App.Name);
            w.WriteString("kind", a.App.Kind);
            w.WriteString("capability", a.App.Capability);
            w.WriteString("listed_by", TrackingAppList.Bundled.Sources[a.App.Source]);
            Time(w, "installed", a.Installed);
            w.WriteString("detail", a.Detail);
            w.WriteString("id", a.EventId);
            EventJson.WriteSource(w, a.Source);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("tracking_apps_list", TrackingAppList.Bundled.Version);
        w.WriteString("tracking_apps_caveat", TrackingAppList.Bundled.Caveat);
    }

    public static void Human(TextWriter stdout, TrackingView tracking, bool showPlaces)
    {
        var ci = CultureInfo.InvariantCulture;
        if (showPlaces)
        {
            stdout.WriteLine(string.Create(ci, $"places ({tracking.LocationRecords} location records; near = distance ≤ radius + the record's accuracy):"));
            foreach (var p in tracking.Places)
            {
                stdout.WriteLine(string.Create(ci,
                    $"  {p.Place.Name} ({p.Place.Latitude},{p.Place.Longitude} r {p.Place.RadiusMetres} m): {p.Count} records{(p.First is { } f ? $", first {EventJson.Time(f)}, last {EventJson.Time(p.Last!.Value)}" : string.Empty)}{(p.Undated > 0 ? $", {p.Undated} undated" : string.Empty)}"));
            }
        }

        if (tracking.Apps.Count > 0)
        {
            stdout.WriteLine(string.Create(ci, $"apps that can locate or monitor a person ({tracking.Apps.Count} of {tracking.AppRecords} installed; {TrackingAppList.Bundled.Version}):"));
            foreach (var a in tracking.Apps)
            {
                stdout.WriteLine(string.Create(ci, $"  {a.AppId} — {a.App.Name} [{a.App.Kind}]: {a.App.Capability}{(a.Installed is { } i ? $"; installed {EventJson.Time(i)}" : string.Empty)}  [{a.Source.Path} @ {a.Source.Locator}]"));
            }
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v)
        {
            w.WriteString(name, EventJson.Time(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

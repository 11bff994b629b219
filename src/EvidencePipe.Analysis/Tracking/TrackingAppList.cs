using System.Text.Json;

namespace EvidencePipe.Analysis.Tracking;

/// <summary>One listed app (or a vendor's several package names): what it can do to locate or monitor a person, and where that is said.</summary>
public sealed record TrackingApp(string Name, string Kind, string Capability, string Source, IReadOnlyList<string> Ids);

/// <summary>
/// Apps that can locate or monitor another person (issue 17, item 2), kept as data with their sources
/// (<c>Tracking/tracking-apps.json</c>): stalkerware and "watchware" from Echap's stalkerware-indicators, and dual-use
/// locators (find-my-device, family locators) from their publishers' listings. Matched by exact package name or bundle id,
/// ordinal: Android package names are case-sensitive, and the list itself holds ids that differ only in case
/// (EasyLogger's <c>app.EasyLogger</c> and <c>app.Easylogger</c>).
/// </summary>
public sealed class TrackingAppList
{
    private readonly Dictionary<string, TrackingApp> _byId;

    private TrackingAppList(string version, IReadOnlyDictionary<string, string> sources, string caveat, IReadOnlyList<TrackingApp> apps)
    {
        Version = version;
        Sources = sources;
        Caveat = caveat;
        Apps = apps;
        _byId = new Dictionary<string, TrackingApp>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            foreach (var id in app.Ids)
            {
                if (!_byId.TryAdd(id, app))
                {
                    throw new InvalidOperationException($"tracking-apps.json: the id '{id}' is listed twice");
                }
            }
        }
    }

    public string Version { get; }

    public IReadOnlyDictionary<string, string> Sources { get; }

    public string Caveat { get; }

    public IReadOnlyList<TrackingApp> Apps { get; }

    public static TrackingAppList Bundled { get; } = Load();

    public TrackingApp? Match(string? appId) => appId is not null && _byId.TryGetValue(appId.Trim(), out var app) ? app : null;

    private static TrackingAppList Load()
    {
        using var stream = typeof(TrackingAppList).Assembly.GetManifestResourceStream("EvidencePipe.Analysis.Tracking.tracking-apps.json")
            ?? throw new InvalidOperationException("the bundled tracking-apps.json is missing from the assembly");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var sources = root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var apps = root.GetProperty("apps").EnumerateArray().Select(a => new TrackingApp(
            a.GetProperty("name").GetString()!,
            a.GetProperty("kind").GetString()!,
            a.GetProperty("capability").GetString()!,
            a.GetProperty("source").GetString()!,
            [.. a.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!)])).ToList();
        foreach (var app in apps)
        {
            if (!sources.ContainsKey(app.Source))
            {
                throw new InvalidOperationException($"tracking-apps.json: {app.Name} names the unknown source '{app.Source}'");
            }

            if (app.Kind is not ("stalkerware" or "watchware" or "dual-use"))
            {
                throw new InvalidOperationException($"tracking-apps.json: {app.Name} has the unknown kind '{app.Kind}'");
            }
        }

        return new TrackingAppList(root.GetProperty("version").GetString()!, sources, root.GetProperty("caveat").GetString()!, apps);
    }
}

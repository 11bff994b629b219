using EvidencePipe.Export;
using EvidencePipe.Identifiers;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Time;

namespace EvidencePipe.Application;

/// <summary>
/// Resolves <c>--tz</c>, <c>--region</c> and <c>--owner</c> against what the case already records:
/// a case has one time zone and region for its life, so a later run cannot silently mix zones.
/// </summary>
public static class CaseOptions
{
    public const string TimeZoneKey = CaseMetaKeys.TimeZone;
    public const string RegionKey = CaseMetaKeys.Region;
    public const string OwnersKey = CaseMetaKeys.Owners;

    /// <summary>
    /// The case's settings: the options given, else what the case records, else the defaults; with
    /// <paramref name="persist"/> (an ingest) they are recorded in the case with the TZDB version.
    /// </summary>
    public static CaseSettings Resolve(CaseStore store, string? tz, string? region, IReadOnlyList<string> owners, bool persist)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Resolve(store.GetMeta, store.SetMeta, tz, region, owners, persist);
    }

    /// <summary>The settings a case records (a command that reads a case: contacts, report, chronology), from either engine.</summary>
    public static CaseSettings Read(Store.ICaseReader store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Resolve(store.GetMeta, static (_, _) => { }, null, null, [], persist: false);
    }

    /// <summary>The same resolution over any engine's case settings (a lab case keeps them in <c>case_meta</c>).</summary>
    public static CaseSettings Resolve(Func<string, string?> getMeta, Action<string, string> setMeta, string? tz, string? region, IReadOnlyList<string> owners, bool persist)
    {
        ArgumentNullException.ThrowIfNull(getMeta);
        ArgumentNullException.ThrowIfNull(setMeta);
        ArgumentNullException.ThrowIfNull(owners);
        var storedTz = getMeta(TimeZoneKey);
        var storedRegion = getMeta(RegionKey);
        if (tz is not null && storedTz is not null && tz != storedTz)
        {
            throw new CaseOptionException($"this case uses --tz {storedTz}; it cannot be ingested with --tz {tz}");
        }

        if (region is not null && storedRegion is not null && !string.Equals(region, storedRegion, StringComparison.OrdinalIgnoreCase))
        {
            throw new CaseOptionException($"this case uses --region {storedRegion}; it cannot be ingested with --region {region}");
        }

        var zoneId = tz ?? storedTz ?? CaseTimeZone.Default.Id;
        CaseTimeZone zone;
        try
        {
            zone = new CaseTimeZone(zoneId);
        }
        catch (ArgumentException ex)
        {
            throw new CaseOptionException(ex.Message);
        }

        var regionCode = (region ?? storedRegion ?? PhoneRegion.Default.Code).ToUpperInvariant();
        if (!PhoneRegion.TryGet(regionCode, out var phoneRegion))
        {
            throw new CaseOptionException($"unknown --region '{regionCode}' (expected an ISO 3166-1 region code libphonenumber knows, such as GB, US, IT)");
        }

        // Owners accumulate over a case's ingests (a phone and a victim's own exports may name them differently).
        var ownerIds = owners.Select(o => Identifier.Parse(o, phoneRegion) ?? throw new CaseOptionException($"--owner '{o}' is empty"))
            .ToHashSet(StringComparer.Ordinal);
        if (getMeta(OwnersKey) is { } storedOwners)
        {
            ownerIds.UnionWith(System.Text.Json.JsonSerializer.Deserialize(storedOwners, ListJson.Default.StringArray) ?? []);
        }

        if (persist)
        {
            setMeta(TimeZoneKey, zone.Id);
            setMeta(CaseMetaKeys.TzdbVersion, CaseTimeZone.TzdbVersion);
            setMeta(RegionKey, phoneRegion.Code);
            setMeta(OwnersKey, System.Text.Json.JsonSerializer.Serialize(ownerIds.Order(StringComparer.Ordinal).ToArray(), ListJson.Default.StringArray));
        }

        return new CaseSettings(zone, phoneRegion, ownerIds);
    }
}

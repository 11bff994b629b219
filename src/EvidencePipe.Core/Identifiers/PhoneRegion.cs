using System.Collections.Concurrent;

namespace EvidencePipe.Identifiers;

/// <summary>
/// The dialling region national numbers are read in (<c>--region</c>, an ISO 3166-1 alpha-2 code):
/// any region libphonenumber has metadata for. One instance per code, shared by every reader of a
/// case, so it carries the per-raw-string cache of normalised numbers (<see cref="PhoneNormalizer"/>).
/// </summary>
public sealed class PhoneRegion
{
    // Bounded so that a hostile source with millions of distinct "numbers" cannot grow memory without
    // limit; past the cap numbers are still normalised, just not remembered.
    private const int MaxCachedNumbers = 200_000;

    private static readonly ConcurrentDictionary<string, PhoneRegion> Regions = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    private readonly Lazy<int> _countryCode;

    private PhoneRegion(string code)
    {
        Code = code;
        _countryCode = new Lazy<int>(() => PhoneNormalizer.CountryCodeFor(code));
    }

    /// <summary>ISO 3166-1 alpha-2, upper case (<c>GB</c>).</summary>
    public string Code { get; }

    /// <summary>The ITU-T E.164 country calling code (<c>44</c>).</summary>
    public int CountryCode => _countryCode.Value;

    /// <summary>GB, known to libphonenumber: made without loading its metadata (a run that meets no number never loads it).</summary>
    public static PhoneRegion Default { get; } = Regions.GetOrAdd("GB", static c => new PhoneRegion(c));

    /// <summary>Every region code libphonenumber has metadata for, sorted.</summary>
    public static IEnumerable<string> Known => PhoneNormalizer.SupportedRegions;

    public static bool TryGet(string code, out PhoneRegion region)
    {
        // A region made before was checked then, and the default is known: no metadata lookup for them.
        if (!string.IsNullOrWhiteSpace(code) && (Regions.ContainsKey(code.Trim()) || PhoneNormalizer.IsSupportedRegion(code.Trim())))
        {
            region = Get(code.Trim());
            return true;
        }

        region = Default;
        return false;
    }

    public override string ToString() => Code;

    internal string Normalize(string raw)
    {
        if (_cache.TryGetValue(raw, out var known))
        {
            return known;
        }

        var identifier = PhoneNormalizer.Normalize(raw, Code);
        if (_cache.Count < MaxCachedNumbers)
        {
            _cache.TryAdd(raw, identifier);
        }

        return identifier;
    }

    private static PhoneRegion Get(string code) =>
        Regions.GetOrAdd(code.ToUpperInvariant(), static c => new PhoneRegion(c));
}

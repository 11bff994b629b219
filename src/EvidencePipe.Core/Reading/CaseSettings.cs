using EvidencePipe.Identifiers;
using EvidencePipe.Time;

namespace EvidencePipe.Reading;

/// <summary>
/// Resolved case configuration (the ripgrep split: raw CLI options are turned into this once and
/// nothing downstream looks at strings again).
/// </summary>
public sealed record CaseSettings(CaseTimeZone TimeZone, PhoneRegion Region, IReadOnlySet<string> Owners)
{
    public static CaseSettings Default { get; } = new(CaseTimeZone.Default, PhoneRegion.Default, new HashSet<string>(StringComparer.Ordinal));

    public bool IsOwner(string? identifier) => identifier is not null && Owners.Contains(identifier);
}

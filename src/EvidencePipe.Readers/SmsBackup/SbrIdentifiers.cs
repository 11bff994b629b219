using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// The identifier of each address in one backup, worked out once: a phone's backup repeats the same
/// few numbers tens of thousands of times, and recognising a number (E.164 expansion for the case's
/// region) costs more than looking it up. Same answers as <see cref="ReadContext.Identify"/>.
/// </summary>
internal sealed class SbrIdentifiers(ReadContext context)
{
    /// <summary>Distinct addresses remembered; beyond this (a hostile file) each is worked out afresh, so memory stays bounded.</summary>
    private const int MaxRemembered = 4096;

    private readonly Dictionary<string, string?> _known = new(StringComparer.Ordinal);

    public string? Identify(string? address)
    {
        if (address is null)
        {
            return context.Identify(address);
        }

        if (_known.TryGetValue(address, out var id))
        {
            return id;
        }

        id = context.Identify(address);
        if (_known.Count < MaxRemembered)
        {
            _known.Add(address, id);
        }

        return id;
    }
}

using EvidencePipe.Reading;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// The device owner's own number is not stored in these databases (it lives in the SIM or app
/// preferences), so it comes from the case settings when exactly one owner identifier is known.
/// </summary>
internal static class OwnerParty
{
    public static string? Single(ReadContext context) =>
        context.Settings.Owners.Count == 1 ? context.Settings.Owners.First() : null;

    public static IReadOnlyList<string> AsList(ReadContext context) => Single(context) is { } owner ? [owner] : [];
}

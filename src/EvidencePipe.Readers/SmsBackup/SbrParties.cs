using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Turns SBR address fields into identifiers and works out who is who. The device owner's own
/// number is normally absent from an SBR file, so it comes from the case settings when exactly one
/// owner identifier is known.
/// </summary>
internal static class SbrParties
{
    /// <summary>
    /// Group sends list several numbers in one <c>address</c>: SBR joins them with '~'
    /// (fixtures/sms_backup/sms_and_mms.xml line 133); other writers use ',' or ';'.
    /// </summary>
    private static readonly char[] Separators = ['~', ',', ';'];

    /// <summary>The address field split into its numbers, in order (empty when absent).</summary>
    public static List<string> Split(string? address)
    {
        var result = new List<string>();
        if (address is null)
        {
            return result;
        }

        foreach (var piece in address.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Spaces also separate numbers in some group sends ("+1555… +1555…"), but they are
            // ordinary digit grouping in national numbers ("07700 900666"): split on spaces only
            // when every space-separated token is a complete international number.
            var tokens = piece.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 1 && Array.TrueForAll(tokens, t => t.StartsWith('+') && t.Length >= 8))
            {
                result.AddRange(tokens);
            }
            else
            {
                result.Add(piece);
            }
        }

        return result;
    }

    /// <summary>The single owner identifier when the case names exactly one, else null.</summary>
    public static string? SingleOwner(ReadContext context) =>
        context.Settings.Owners.Count == 1 ? context.Settings.Owners.First() : null;

    public static IReadOnlyList<string> OwnerList(ReadContext context) =>
        SingleOwner(context) is { } owner ? [owner] : [];

    /// <summary>Identifiers for the given raw addresses, de-duplicated, in order.</summary>
    public static List<string> Identify(IEnumerable<string> raw, ReadContext context)
    {
        var result = new List<string>();
        foreach (var address in raw)
        {
            if (context.Identify(address) is { } id && !result.Contains(id, StringComparer.Ordinal))
            {
                result.Add(id);
            }
        }

        return result;
    }

    /// <summary>
    /// Maps <c>contact_name</c> onto the address parts. For one address the whole name is taken
    /// (names may contain commas, "Smith, Jo"); for a group send SBR writes the names comma-separated
    /// in address order, so they are paired only when the counts agree.
    /// </summary>
    public static SortedDictionary<string, string> Names(IReadOnlyList<string> addressParts, string? contactName, ReadContext context)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (contactName is null || addressParts.Count == 0)
        {
            return names;
        }

        if (addressParts.Count == 1)
        {
            if (context.Identify(addressParts[0]) is { } id)
            {
                names[id] = contactName;
            }

            return names;
        }

        var parts = contactName.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != addressParts.Count)
        {
            return names;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length > 0 && parts[i] != "(Unknown)" && context.Identify(addressParts[i]) is { } id)
            {
                names.TryAdd(id, parts[i]);
            }
        }

        return names;
    }
}

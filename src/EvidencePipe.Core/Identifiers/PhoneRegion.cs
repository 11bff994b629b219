namespace EvidencePipe.Identifiers;

/// <summary>
/// Dialling facts for one region: its country calling code (ITU-T E.164 Annex), the national trunk
/// prefix that is dropped in international form, and the plausible national significant number
/// lengths. libphonenumber is not obtainable here, so this is a deliberately small, explicit table;
/// numbers from regions not listed are kept in the form the source gave them.
/// </summary>
public sealed record PhoneRegion(string Code, string CountryCode, string? TrunkPrefix, int MinNationalLength, int MaxNationalLength, string InternationalPrefix)
{
    private static readonly Dictionary<string, PhoneRegion> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GB"] = new("GB", "44", "0", 9, 10, "00"),
        ["IE"] = new("IE", "353", "0", 7, 9, "00"),
        ["US"] = new("US", "1", "1", 10, 10, "011"),
        ["CA"] = new("CA", "1", "1", 10, 10, "011"),
        ["DE"] = new("DE", "49", "0", 6, 11, "00"),
        ["AT"] = new("AT", "43", "0", 4, 13, "00"),
        ["CH"] = new("CH", "41", "0", 9, 9, "00"),
        ["FR"] = new("FR", "33", "0", 9, 9, "00"),
        ["BE"] = new("BE", "32", "0", 8, 9, "00"),
        ["NL"] = new("NL", "31", "0", 9, 9, "00"),
        ["ES"] = new("ES", "34", null, 9, 9, "00"),
        ["PT"] = new("PT", "351", null, 9, 9, "00"),
        // Italy keeps the leading 0 of geographic numbers in international form.
        ["IT"] = new("IT", "39", null, 6, 11, "00"),
        ["PL"] = new("PL", "48", null, 9, 9, "00"),
        ["SE"] = new("SE", "46", "0", 7, 9, "00"),
        ["NO"] = new("NO", "47", null, 8, 8, "00"),
        ["DK"] = new("DK", "45", null, 8, 8, "00"),
        ["AU"] = new("AU", "61", "0", 9, 9, "0011"),
        ["NZ"] = new("NZ", "64", "0", 8, 10, "00"),
        ["IN"] = new("IN", "91", "0", 10, 10, "00"),
    };

    public static PhoneRegion Default => Table["GB"];

    public static IEnumerable<string> Known => Table.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string code, out PhoneRegion region)
    {
        if (Table.TryGetValue(code, out var found))
        {
            region = found;
            return true;
        }

        region = Default;
        return false;
    }
}

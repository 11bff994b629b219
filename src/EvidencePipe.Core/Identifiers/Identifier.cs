using System.Globalization;
using System.Text;

namespace EvidencePipe.Identifiers;

/// <summary>
/// Builds <c>scheme:value</c> identifiers (DESIGN.md "Event model"): <c>tel:+447700900666</c> (E.164),
/// <c>email:jordan@example.net</c>, <c>handle:telegram:12345</c>, <c>name:Jordan</c>.
/// </summary>
public static class Identifier
{
    public const string Tel = "tel:";
    public const string Email = "email:";
    public const string Handle = "handle:";
    public const string Name = "name:";

    /// <summary>An identifier for whatever a source put in an address field: a number, an e-mail address or a name.</summary>
    public static string? FromAddress(string? raw, PhoneRegion region)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw.Trim();
        if (value.Contains('@', StringComparison.Ordinal) && !value.Contains(' ', StringComparison.Ordinal))
        {
            return ForEmail(value);
        }

        return ForPhone(value, region);
    }

    /// <summary>
    /// An identifier typed by a person (<c>--owner</c>, <c>from:</c>): either already in
    /// <c>scheme:value</c> form (the value is normalised for its scheme) or a bare address.
    /// </summary>
    public static string? Parse(string? input, PhoneRegion region)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var value = input.Trim();
        if (value.StartsWith(Tel, StringComparison.OrdinalIgnoreCase))
        {
            return ForPhone(value[Tel.Length..], region);
        }

        if (value.StartsWith(Email, StringComparison.OrdinalIgnoreCase))
        {
            return ForEmail(value[Email.Length..]);
        }

        if (value.StartsWith(Handle, StringComparison.OrdinalIgnoreCase) || value.StartsWith(Name, StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        return FromAddress(value, region);
    }

    public static string ForEmail(string address) => Email + address.Trim().Trim('<', '>').ToLowerInvariant();

    public static string ForName(string displayName) => Name + CollapseWhitespace(displayName);

    public static string ForHandle(string service, string value) => $"{Handle}{service}:{value.Trim()}";

    /// <summary>
    /// Normalises a telephone number to E.164 (ITU-T E.164 §6) using <paramref name="region"/> for
    /// national numbers. Short codes and alphanumeric sender ids (<c>DPD</c>) are kept as they are.
    /// </summary>
    public static string ForPhone(string raw, PhoneRegion region)
    {
        var trimmed = raw.Trim();
        var hasPlus = trimmed.StartsWith('+');
        var digits = new StringBuilder(trimmed.Length);
        var letters = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (char.IsLetter(c))
            {
                letters = true;
            }
            else if (c == '(' && i + 2 < trimmed.Length && trimmed[i + 1] == '0' && trimmed[i + 2] == ')' && digits.Length > 0)
            {
                // "+44 (0)7700 900666": the bracketed trunk zero is not dialled internationally.
                i += 2;
            }
        }

        if (letters || digits.Length == 0)
        {
            // Alphanumeric sender ids (3GPP TS 23.040 §9.1.2.5) are names, not numbers: keep them.
            return Tel + trimmed;
        }

        var d = digits.ToString();
        if (hasPlus)
        {
            return Tel + "+" + d;
        }

        if (d.Length <= 6)
        {
            return Tel + d; // short code: only meaningful inside its own network
        }

        if (d.StartsWith(region.InternationalPrefix, StringComparison.Ordinal) && d.Length - region.InternationalPrefix.Length >= 7)
        {
            return Tel + "+" + d[region.InternationalPrefix.Length..];
        }

        if (region.InternationalPrefix != "00" && d.StartsWith("00", StringComparison.Ordinal) && d.Length >= 10)
        {
            return Tel + "+" + d[2..];
        }

        if (region.TrunkPrefix is { } trunk && d.StartsWith(trunk, StringComparison.Ordinal))
        {
            var national = d[trunk.Length..];
            if (national.Length >= region.MinNationalLength && national.Length <= region.MaxNationalLength)
            {
                return Tel + "+" + region.CountryCode + national;
            }
        }

        if (d.StartsWith(region.CountryCode, StringComparison.Ordinal))
        {
            var national = d[region.CountryCode.Length..];
            if (national.Length >= region.MinNationalLength && national.Length <= region.MaxNationalLength)
            {
                return Tel + "+" + d;
            }
        }

        if (region.TrunkPrefix is null && d.Length >= region.MinNationalLength && d.Length <= region.MaxNationalLength)
        {
            return Tel + "+" + region.CountryCode + d;
        }

        if (region.TrunkPrefix is not null && d.Length >= region.MinNationalLength && d.Length <= region.MaxNationalLength && !d.StartsWith(region.TrunkPrefix, StringComparison.Ordinal))
        {
            // A national significant number written without its trunk prefix (common in contact lists).
            return Tel + "+" + region.CountryCode + d;
        }

        return Tel + d;
    }

    /// <summary>The part after the scheme, e.g. <c>+447700900666</c>.</summary>
    public static string ValueOf(string identifier)
    {
        var colon = identifier.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? identifier : identifier[(colon + 1)..];
    }

    private static string CollapseWhitespace(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c) || c == '\u200E' || c == '\u200F' || c == '\u202A' || c == '\u202C')
            {
                if (char.IsWhiteSpace(c))
                {
                    space = sb.Length > 0;
                }

                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

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
    /// national numbers; see <see cref="PhoneNormalizer"/> for short codes, alphanumeric sender ids,
    /// extensions and impossible numbers.
    /// </summary>
    public static string ForPhone(string raw, PhoneRegion region) => region.Normalize(raw);

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

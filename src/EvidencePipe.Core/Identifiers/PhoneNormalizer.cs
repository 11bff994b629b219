using System.Reflection;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace EvidencePipe.Identifiers;

/// <summary>
/// Telephone numbers to E.164 (ITU-T E.164 §6) with libphonenumber's per-region metadata: national
/// and international forms of one number give one identifier in every region libphonenumber knows.
/// One <see cref="PhoneNumberUtil"/> for the process, its metadata loaded once, on the first number or
/// region lookup (not at start-up: loading it is ~80 ms of CPU that a run of photos or e-mail alone
/// never needs — scripts/bench.sh); callers go through <see cref="PhoneRegion"/>, which caches the
/// result per distinct raw string.
/// </summary>
public static partial class PhoneNormalizer
{
    private static PhoneNumberUtil Util => Metadata.Util;

    /// <summary>What a case records as its normaliser (meta <c>phone_normaliser</c>), like its <c>--tz</c>; read without loading the metadata.</summary>
    public static string Name { get; } = "libphonenumber-csharp " + LibraryVersion();

    public static IEnumerable<string> SupportedRegions => Metadata.Regions.Order(StringComparer.Ordinal);

    public static bool IsSupportedRegion(string code) => Metadata.Regions.Contains(code);

    public static int CountryCodeFor(string region) => Util.GetCountryCodeForRegion(region);

    /// <summary>The loaded metadata, in a class of its own so that touching <see cref="Name"/> does not load it (ECMA-335 §II.10.5.3.1: a type is initialised on first access to its own statics).</summary>
    private static class Metadata
    {
        public static readonly PhoneNumberUtil Util = Warm();

        public static readonly HashSet<string> Regions = new(Util.GetSupportedRegions(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <c>tel:+E164</c>, with an extension as an RFC 3966 §5.1.5 <c>;ext=</c> parameter so it never
    /// changes the number itself. Alphanumeric sender ids (3GPP TS 23.040 §9.1.2.5: <c>DPD</c>) are
    /// names, not numbers, and are kept as written; digit strings of six or fewer digits without
    /// <c>+</c> are short codes (meaningful only in their own network) and kept as their digits. A
    /// number libphonenumber cannot make possible is kept as its digits (with its <c>+</c>) rather
    /// than expanded with the region — <see cref="Check"/> reports it as <c>impossible</c>.
    /// </summary>
    public static string Normalize(string raw, string region)
    {
        var trimmed = raw.Trim();
        var withoutExtension = Extension().Replace(trimmed, string.Empty);
        var digits = 0;
        foreach (var c in withoutExtension)
        {
            if (char.IsLetter(c))
            {
                return Identifier.Tel + trimmed;
            }

            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        if (digits == 0)
        {
            return Identifier.Tel + trimmed;
        }

        var hasPlus = withoutExtension.StartsWith('+');
        if (!hasPlus && digits <= 6)
        {
            return Identifier.Tel + DigitsOf(withoutExtension, false);
        }

        if (TryE164(trimmed, region) is { } e164)
        {
            return e164;
        }

        // "00" is the ITU-T E.164 / E.123 recommended international prefix and what most contact lists
        // use even where the region's own prefix differs (US 011): "00-1-212-555-7777" is +1 212….
        if (!hasPlus && trimmed.StartsWith("00", StringComparison.Ordinal) && TryE164("+" + trimmed[2..], region) is { } viaDoubleZero)
        {
            return viaDoubleZero;
        }

        return Identifier.Tel + DigitsOf(withoutExtension, hasPlus);
    }

    private static string? TryE164(string text, string region)
    {
        try
        {
            var number = Util.ParseAndKeepRawInput(text, region);
            if (!Acceptable(number))
            {
                return null;
            }

            var e164 = Util.Format(number, PhoneNumberFormat.E164);
            return number.HasExtension && number.Extension.Length > 0
                ? Identifier.Tel + e164 + ";ext=" + number.Extension
                : Identifier.Tel + e164;
        }
        catch (NumberParseException)
        {
            return null; // not a number libphonenumber can read: the caller keeps it as written
        }
    }

    /// <summary>
    /// A valid number is always given its E.164 form. One that is not in an assigned range (fictional
    /// 07700 900xxx, a typo) must still be possible (right length; a "local only" number such as US
    /// 555-0123 without its area code has no E.164 form); and when the source gave no country code
    /// it must also have the length of an ordinary subscriber (fixed or mobile) number of the region,
    /// so a 7-digit local number is not read as a British freephone number.
    /// </summary>
    private static bool Acceptable(PhoneNumber number)
    {
        if (Util.IsValidNumber(number))
        {
            return true;
        }

        if (Util.IsPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
        {
            return false;
        }

        return number.CountryCodeSource != PhoneNumber.Types.CountryCodeSource.FROM_DEFAULT_COUNTRY
            || Util.IsPossibleNumberForTypeWithReason(number, PhoneNumberType.MOBILE) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
            || Util.IsPossibleNumberForTypeWithReason(number, PhoneNumberType.FIXED_LINE) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE;
    }

    /// <summary>
    /// What is known about a stored <c>tel:</c> identifier, recorded beside it in the case:
    /// <c>valid</c> (in a range the numbering plan assigns), <c>possible</c> (right length for its
    /// country, but not an assigned range — e.g. Ofcom's 07700 900xxx drama numbers),
    /// <c>impossible</c> (kept as written), <c>short-code</c>, <c>alphanumeric</c>; null for other schemes.
    /// </summary>
    public static string? Check(string identifier)
    {
        if (!identifier.StartsWith(Identifier.Tel, StringComparison.Ordinal))
        {
            return null;
        }

        var value = identifier[Identifier.Tel.Length..];
        if (value.Length == 0 || value.Any(char.IsLetter) && !value.Contains(";ext=", StringComparison.Ordinal))
        {
            return "alphanumeric";
        }

        if (!value.StartsWith('+'))
        {
            return value.Length <= 6 && value.All(char.IsAsciiDigit) ? "short-code" : "impossible";
        }

        try
        {
            var number = Util.Parse(value.Replace(";ext=", " ext. ", StringComparison.Ordinal), null);
            return Util.IsValidNumber(number) ? "valid"
                : Util.IsPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE ? "possible" : "impossible";
        }
        catch (NumberParseException)
        {
            return "impossible";
        }
    }

    private static string DigitsOf(string value, bool plus)
    {
        var sb = new System.Text.StringBuilder(value.Length + 1);
        if (plus)
        {
            sb.Append('+');
        }

        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static PhoneNumberUtil Warm()
    {
        // The first Parse loads and compiles a region's metadata: done once, with the metadata, so that the
        // first number of a run pays it rather than a later per-number timing (BenchmarkDotNet warm-up).
        var util = PhoneNumberUtil.GetInstance();
        _ = util.Parse("+44 20 7946 0000", "GB");
        return util;
    }

    private static string LibraryVersion()
    {
        var info = typeof(PhoneNumberUtil).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(PhoneNumberUtil).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? info : info[..plus];
    }

    // The extension forms libphonenumber itself recognises at the end of a number (ext, ext., extn,
    // extension, x, #, RFC 3966 ";ext="); removed only to decide whether the rest has letters.
    [GeneratedRegex(@"(?:;ext=|[\s,]*(?:e?xt(?:ension|n)?\.?|x|#)\s*:?\s*)\d{1,7}#?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extension();
}

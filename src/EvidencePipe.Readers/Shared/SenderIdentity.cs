using System.Text;
using System.Text.RegularExpressions;
using EvidencePipe.Identifiers;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Shared;

/// <summary>
/// Turns a sender as the export shows it into an identifier: WhatsApp shows the contact name when
/// the exporting phone has one, otherwise the number ("+49 374 6165536"), which becomes <c>tel:</c>.
/// </summary>
internal static partial class SenderIdentity
{
    // A number as WhatsApp formats it: optional +, digits, spaces, dashes, brackets; no letters.
    private const string PhonePattern = @"^\+?[0-9][0-9 ()\-.]{3,}[0-9]$";

    public static string Of(string displayName, ReadContext context)
    {
        if (LooksLikePhone(displayName))
        {
            return context.Identify(displayName) ?? Identifier.ForName(displayName);
        }

        return Identifier.ForName(displayName);
    }

    public static string Display(string displayName) => displayName.Trim().Normalize(NormalizationForm.FormC);

    private static bool LooksLikePhone(string name)
    {
        if (!PhoneRegex().IsMatch(name))
        {
            return false;
        }

        var digits = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits >= 5;
    }

    [GeneratedRegex(PhonePattern, RegexOptions.CultureInvariant)]
    private static partial Regex PhoneRegex();
}

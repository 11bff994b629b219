using System.Text.RegularExpressions;
using EvidencePipe.Analysis.Persons;

namespace EvidencePipe.Analysis.Streaming;

/// <summary>
/// Organisations rather than people: every identifier of the person is a short code (six digits or
/// fewer, only meaningful inside one network), an alphanumeric SMS sender id (3GPP TS 23.040
/// §9.1.2.5: a name such as <c>AMAZON</c> in place of a number), or a mailbox that takes no replies.
/// </summary>
public static partial class ServiceSenders
{
    public static bool IsService(Person person) =>
        person.Identifiers.Count > 0 && person.Identifiers.All(IsServiceIdentifier);

    public static bool IsServiceIdentifier(string identifier)
    {
        if (identifier.StartsWith("tel:", StringComparison.Ordinal))
        {
            var value = identifier[4..];
            if (value.StartsWith('+'))
            {
                return false;
            }

            return value.Any(char.IsLetter) || value.Count(char.IsAsciiDigit) <= 6;
        }

        return identifier.StartsWith("email:", StringComparison.Ordinal) && NoReply().IsMatch(identifier);
    }

    [GeneratedRegex(@"^email:(?:no-?reply|do-?not-?reply|donotreply|notifications?|alerts?|mailer-daemon|bounces?|news(?:letter)?|marketing|updates?)[@+._-]", RegexOptions.CultureInvariant)]
    private static partial Regex NoReply();
}

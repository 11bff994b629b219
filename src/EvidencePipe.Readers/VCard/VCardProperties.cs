namespace EvidencePipe.Readers.VCard;

/// <summary>
/// The properties this reader needs. Everything else (PHOTO, NOTE, ADR, KEY, …) is recognised as a
/// content line but its value is skipped, not held in memory.
/// </summary>
internal static class VCardProperties
{
    /// <summary>
    /// Vendor instant-messaging properties and the service each names. These X- names are what
    /// Apple, Gmail, Evolution and Outlook write (fixtures/vcard/gmail-single2.vcf, John_Doe_EVOLUTION.vcf,
    /// John_Doe_MS_OUTLOOK.vcf). Jabber is XMPP, so it shares the service name IMPP <c>xmpp:</c> URIs get.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ImServices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["X-AIM"] = "aim",
        ["X-ICQ"] = "icq",
        ["X-JABBER"] = "xmpp",
        ["X-MSN"] = "msn",
        ["X-YAHOO"] = "yahoo",
        ["X-SKYPE"] = "skype",
        ["X-SKYPE-USERNAME"] = "skype",
        ["X-GTALK"] = "gtalk",
        ["X-GOOGLE-TALK"] = "gtalk",
        ["X-QQ"] = "qq",
        ["X-TWITTER"] = "twitter",
        ["X-GADUGADU"] = "gadugadu",
        ["X-MS-IMADDRESS"] = "im",
    };

    private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        "BEGIN", "END", "VERSION", "FN", "N", "ORG", "TEL", "X-MS-TEL", "EMAIL", "IMPP", "AGENT",
    };

    public static bool IsKept(string name) => Kept.Contains(name) || ImServices.ContainsKey(name);
}

using EvidencePipe.Identifiers;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// WhatsApp addresses ("JIDs", XMPP-style <c>user@server</c>): <c>447700900111@s.whatsapp.net</c>
/// is a person whose user part is their full international number without '+' (a linked device
/// adds <c>:N</c> or <c>.0:N</c>); <c>…@g.us</c> a group; <c>status@broadcast</c> the status feed;
/// <c>…@lid</c> an opaque per-user id with no number.
/// </summary>
internal static class WhatsAppJid
{
    public const string StatusBroadcast = "status@broadcast";

    public static bool IsGroup(string? jid) => jid is not null && jid.EndsWith("@g.us", StringComparison.OrdinalIgnoreCase);

    /// <summary>A person's number as <c>tel:+…</c>; anything else as <c>handle:whatsapp:JID</c>.</summary>
    public static string? Identify(string? jid)
    {
        if (string.IsNullOrWhiteSpace(jid) || jid == "-1")
        {
            return null;
        }

        var at = jid.IndexOf('@', StringComparison.Ordinal);
        var server = at < 0 ? string.Empty : jid[(at + 1)..];
        var user = at < 0 ? jid : jid[..at];
        if (server is "s.whatsapp.net" or "c.us")
        {
            var device = user.IndexOfAny([':', '.']);
            var number = device < 0 ? user : user[..device];
            if (number.Length >= 7 && number.All(char.IsAsciiDigit))
            {
                return Identifier.Tel + "+" + number;
            }
        }

        return Identifier.ForHandle("whatsapp", jid.Trim());
    }
}

using EvidencePipe.Identifiers;
using EvidencePipe.Model;

namespace EvidencePipe.Readers.Kik;

/// <summary>
/// A <c>ZKIKUSER</c> row: a person (<c>ZUSERNAME</c>, the unique Kik username; <c>ZJID</c>
/// <c>name_xyz@talk.kik.com</c>) or a group (no username, <c>ZJID</c> <c>…@groups.kik.com</c>; Kik stores
/// groups as users). Identifier <c>handle:kik:&lt;username&gt;</c>, else <c>handle:kik:&lt;jid&gt;</c>.
/// </summary>
internal sealed record KikUser(string Id, string? Jid, string? DisplayName, bool IsGroup)
{
    public const string Service = "kik";

    /// <summary>The channel of Kik messages (the app's name, as Cellebrite reports are mapped).</summary>
    public const string Channel = Channels.Kik;

    public const string GroupDomain = "@groups.kik.com";

    public static KikUser? Of(string? username, string? jid, string? displayName)
    {
        var key = username ?? jid;
        if (key is null)
        {
            return null;
        }

        return new KikUser(Identifier.ForHandle(Service, key), jid, displayName, jid?.EndsWith(GroupDomain, StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>The thread a conversation with this user is: its JID, else its identifier.</summary>
    public string Thread => Jid ?? Id;
}

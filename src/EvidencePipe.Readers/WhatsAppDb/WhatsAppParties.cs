using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// Who sent a WhatsApp message to whom. In a one-to-one chat the chat JID is the other party; in
/// a group the sender is named per message and the recipients are the group's other members.
/// </summary>
internal static class WhatsAppParties
{
    public static (string? From, IReadOnlyList<string> To) Resolve(string chatJid, bool fromMe, string? senderJid, WhatsAppGroups groups, ReadContext context)
    {
        var owner = OwnerParty.Single(context);
        if (!WhatsAppJid.IsGroup(chatJid))
        {
            var other = WhatsAppJid.Identify(chatJid);
            IReadOnlyList<string> otherList = other is null ? [] : [other];
            return fromMe ? (owner, otherList) : (other, OwnerParty.AsList(context));
        }

        var members = groups.Members(chatJid);
        if (fromMe)
        {
            return (owner, [.. members.Where(m => m != owner)]);
        }

        var sender = WhatsAppJid.Identify(senderJid);
        List<string> to = [.. members.Where(m => m != sender)];
        if (owner is not null && !to.Contains(owner))
        {
            to.Add(owner);
        }

        return (sender, to);
    }
}

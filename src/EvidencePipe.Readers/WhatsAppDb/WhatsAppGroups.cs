using EvidencePipe.Readers.PhoneDb;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// Group members, loaded once (bounded by groups × members, not by messages): current msgstore.db
/// <c>group_participant_user</c> (group_jid_row_id, user_jid_row_id → jid), legacy
/// <c>group_participants</c> (gjid, jid; an empty jid is the owner).
/// </summary>
internal sealed class WhatsAppGroups
{
    private readonly Dictionary<string, List<string>> _members = new(StringComparer.OrdinalIgnoreCase);

    public static WhatsAppGroups Load(DbSession db)
    {
        var groups = new WhatsAppGroups();
        IEnumerable<(string? Group, string? User)> rows = [];
        if (db.Schema.HasColumns("group_participant_user", "group_jid_row_id", "user_jid_row_id") && db.Schema.HasColumns("jid", "_id", "raw_string"))
        {
            rows = db.Lookup("group_participant_user", "group_participant_user table", """
                SELECT g.raw_string AS g, u.raw_string AS u FROM group_participant_user p
                JOIN jid g ON g._id = p.group_jid_row_id JOIN jid u ON u._id = p.user_jid_row_id ORDER BY p.rowid
                """, _ => { }, r => (DbValues.NonEmpty(r, "g"), DbValues.NonEmpty(r, "u")));
        }
        else if (db.Schema.HasColumns("group_participants", "gjid", "jid"))
        {
            rows = db.Lookup("group_participants", "group_participants table", "SELECT gjid AS g, jid AS u FROM group_participants ORDER BY rowid", _ => { },
                r => (DbValues.NonEmpty(r, "g"), DbValues.NonEmpty(r, "u")));
        }

        foreach (var (group, user) in rows)
        {
            if (group is null || WhatsAppJid.Identify(user) is not { } member)
            {
                continue;
            }

            if (!groups._members.TryGetValue(group, out var list))
            {
                groups._members[group] = list = [];
            }

            if (!list.Contains(member))
            {
                list.Add(member);
            }
        }

        return groups;
    }

    public IReadOnlyList<string> Members(string groupJid) => _members.TryGetValue(groupJid, out var list) ? list : [];
}

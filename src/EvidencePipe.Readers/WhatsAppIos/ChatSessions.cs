using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.WhatsAppDb;

namespace EvidencePipe.Readers.WhatsAppIos;

/// <summary>
/// The chats and group members of a ChatStorage.sqlite, loaded once (they grow with correspondents,
/// not with messages): <c>ZWACHATSESSION</c> (Z_PK → ZCONTACTJID, ZPARTNERNAME), <c>ZWAGROUPMEMBER</c>
/// (Z_PK → ZMEMBERJID, ZCHATSESSION, ZCONTACTNAME / ZFIRSTNAME) and <c>ZWAPROFILEPUSHNAME</c> (JID →
/// the name the user chose in WhatsApp).
/// </summary>
internal sealed class ChatSessions
{
    private readonly Dictionary<long, Session> _sessions = [];
    private readonly Dictionary<long, Member> _members = [];
    private readonly Dictionary<long, List<string>> _membersBySession = [];
    private readonly Dictionary<string, string> _pushNames = new(StringComparer.Ordinal);

    public sealed record Session(string? Jid, string? Name)
    {
        public bool IsGroup => WhatsAppJid.IsGroup(Jid);
    }

    public sealed record Member(string Identifier, string? Name);

    public static ChatSessions Load(DbSession db)
    {
        var result = new ChatSessions();
        var s = db.Schema;
        foreach (var (pk, jid, name) in db.Lookup("ZWACHATSESSION", "ZWACHATSESSION table",
                     $"SELECT c.Z_PK AS Z_PK, c.ZCONTACTJID AS ZCONTACTJID, {s.Optional("c", "ZWACHATSESSION", "ZPARTNERNAME")} FROM ZWACHATSESSION c ORDER BY c.Z_PK",
                     _ => { }, r => (DbValues.Long(r, "Z_PK"), DbValues.NonEmpty(r, "ZCONTACTJID"), DbValues.NonEmpty(r, "ZPARTNERNAME"))))
        {
            if (pk is { } key)
            {
                result._sessions[key] = new Session(jid, name);
            }
        }

        if (s.HasColumns("ZWAGROUPMEMBER", "Z_PK", "ZMEMBERJID", "ZCHATSESSION"))
        {
            var rows = db.Lookup("ZWAGROUPMEMBER", "ZWAGROUPMEMBER table", $"""
                SELECT g.Z_PK AS Z_PK, g.ZMEMBERJID AS ZMEMBERJID, g.ZCHATSESSION AS ZCHATSESSION,
                       {s.Optional("g", "ZWAGROUPMEMBER", "ZCONTACTNAME")}, {s.Optional("g", "ZWAGROUPMEMBER", "ZFIRSTNAME")}
                FROM ZWAGROUPMEMBER g ORDER BY g.Z_PK
                """, _ => { }, r => (Pk: DbValues.Long(r, "Z_PK"), Jid: DbValues.NonEmpty(r, "ZMEMBERJID"), Session: DbValues.Long(r, "ZCHATSESSION"),
                    Name: DbValues.NonEmpty(r, "ZCONTACTNAME") ?? DbValues.NonEmpty(r, "ZFIRSTNAME")));
            foreach (var row in rows)
            {
                if (row.Pk is not { } pk || WhatsAppJid.Identify(row.Jid) is not { } id)
                {
                    continue;
                }

                result._members[pk] = new Member(id, row.Name);
                if (row.Session is { } session)
                {
                    if (!result._membersBySession.TryGetValue(session, out var list))
                    {
                        result._membersBySession[session] = list = [];
                    }

                    if (!list.Contains(id))
                    {
                        list.Add(id);
                    }
                }
            }
        }

        if (s.HasColumns("ZWAPROFILEPUSHNAME", "ZJID", "ZPUSHNAME"))
        {
            foreach (var (jid, name) in db.Lookup("ZWAPROFILEPUSHNAME", "ZWAPROFILEPUSHNAME table", "SELECT ZJID, ZPUSHNAME FROM ZWAPROFILEPUSHNAME ORDER BY Z_PK", _ => { },
                         r => (WhatsAppJid.Identify(DbValues.NonEmpty(r, "ZJID")), DbValues.NonEmpty(r, "ZPUSHNAME"))))
            {
                if (jid is not null && name is not null)
                {
                    result._pushNames.TryAdd(jid, name);
                }
            }
        }

        return result;
    }

    public Session? Find(long? pk) => pk is { } key && _sessions.TryGetValue(key, out var session) ? session : null;

    public Member? FindMember(long? pk) => pk is { } key && _members.TryGetValue(key, out var member) ? member : null;

    public IReadOnlyList<string> MembersOf(long? session) => session is { } key && _membersBySession.TryGetValue(key, out var list) ? list : [];

    public string? PushName(string identifier) => _pushNames.TryGetValue(identifier, out var name) ? name : null;
}

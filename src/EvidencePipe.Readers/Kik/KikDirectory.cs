using System.Text.RegularExpressions;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Kik;

/// <summary>
/// The users, chats and group members of one kik.sqlite, loaded once (they grow with correspondents,
/// not messages). Core Data names its many-to-many join tables after entity numbers
/// (<c>Z_3MESSAGES (Z_3CHAT, Z_5MESSAGES)</c>, <c>Z_6MEMBERS (Z_6MEMBERSINVERSE, Z_6MEMBERS)</c> in the
/// schema plaso's kik_ios plugin records), which change between app versions, so they are found by
/// shape: a <c>Z_nMESSAGES</c> table with a <c>Z_iCHAT</c> and a <c>Z_jMESSAGES</c> column, a
/// <c>Z_nMEMBERS</c> table with <c>Z_nMEMBERSINVERSE</c> (the group) and <c>Z_nMEMBERS</c> (a member).
/// </summary>
internal sealed partial class KikDirectory
{
    private readonly Dictionary<long, KikUser> _users = [];
    private readonly Dictionary<long, long> _chatUsers = [];
    private readonly Dictionary<long, List<long>> _members = [];

    /// <summary>The message → chat join table and its two columns; null when the file has none.</summary>
    public (string Table, string Chat, string Message)? MessageChats { get; private set; }

    public static KikDirectory Load(DbSession db)
    {
        var directory = new KikDirectory();
        directory.LoadUsers(db);
        directory.LoadChats(db);
        directory.FindMessageChats(db);
        directory.LoadMembers(db);
        return directory;
    }

    public KikUser? User(long? pk) => pk is { } key ? _users.GetValueOrDefault(key) : null;

    /// <summary>The user a chat is with (the partner, or the group).</summary>
    public long? ChatUser(long chat) => _chatUsers.TryGetValue(chat, out var user) ? user : null;

    public IEnumerable<KikUser> Members(long group) =>
        _members.TryGetValue(group, out var list) ? list.Select(m => User(m)).OfType<KikUser>() : [];

    public bool HasMembers(long group) => _members.ContainsKey(group);

    private void LoadUsers(DbSession db)
    {
        var s = db.Schema;
        string C(string column) => s.HasColumn("ZKIKUSER", column) ? column : "NULL";
        var sql = $"SELECT Z_PK, {C("ZUSERNAME")} AS ZUSERNAME, {C("ZJID")} AS ZJID, {C("ZDISPLAYNAME")} AS ZDISPLAYNAME FROM ZKIKUSER ORDER BY Z_PK";
        foreach (var (pk, user) in db.Lookup("ZKIKUSER", "ZKIKUSER table", sql, _ => { },
                     r => (DbValues.Long(r, "Z_PK"), KikUser.Of(DbValues.NonEmpty(r, "ZUSERNAME"), DbValues.NonEmpty(r, "ZJID"), DbValues.NonEmpty(r, "ZDISPLAYNAME")))))
        {
            if (pk is { } key && user is not null)
            {
                _users[key] = user;
            }
        }
    }

    private void LoadChats(DbSession db)
    {
        if (!db.Schema.HasColumns("ZKIKCHAT", "Z_PK", "ZUSER"))
        {
            return;
        }

        foreach (var (chat, user) in db.Lookup("ZKIKCHAT", "ZKIKCHAT table", "SELECT Z_PK, ZUSER FROM ZKIKCHAT ORDER BY Z_PK", _ => { },
                     r => (DbValues.Long(r, "Z_PK"), DbValues.Long(r, "ZUSER"))))
        {
            if (chat is { } c && user is { } u)
            {
                _chatUsers[c] = u;
            }
        }
    }

    private void FindMessageChats(DbSession db)
    {
        foreach (var table in db.Schema.TableNames.Where(t => MessagesJoin().IsMatch(t)))
        {
            var chat = Column(db, table, "CHAT");
            var message = Column(db, table, "MESSAGES");
            if (chat is not null && message is not null)
            {
                MessageChats = (table, chat, message);
                return;
            }
        }

        db.Context.Note("Z_MESSAGES", $"{db.FileName}: no message-to-chat join table (Z_nMESSAGES): each message's chat is taken from its ZUSER");
    }

    private void LoadMembers(DbSession db)
    {
        foreach (var table in db.Schema.TableNames.Where(t => MembersJoin().IsMatch(t)))
        {
            var group = table + "INVERSE";
            if (!db.Schema.HasColumns(table, group, table))
            {
                continue;
            }

            var sql = $"SELECT {SqliteSchema.Quote(group)} AS g, {SqliteSchema.Quote(table)} AS m FROM {SqliteSchema.Quote(table)} ORDER BY 1, 2";
            foreach (var (g, m) in db.Lookup(table, "group members", sql, _ => { }, r => (DbValues.Long(r, "g"), DbValues.Long(r, "m"))))
            {
                if (g is { } key && m is { } member)
                {
                    if (!_members.TryGetValue(key, out var list))
                    {
                        _members[key] = list = [];
                    }

                    list.Add(member);
                }
            }

            return;
        }
    }

    /// <summary>The <c>Z_nSUFFIX</c> column of <paramref name="table"/> (n = 1…99), if any.</summary>
    private static string? Column(DbSession db, string table, string suffix) =>
        Enumerable.Range(1, 99).Select(n => $"Z_{n}{suffix}").FirstOrDefault(c => db.Schema.HasColumn(table, c));

    [GeneratedRegex("^Z_[0-9]+MESSAGES$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MessagesJoin();

    [GeneratedRegex("^Z_[0-9]+MEMBERS$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MembersJoin();
}

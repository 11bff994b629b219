using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// Who is who in one main.db, loaded once (these tables grow with correspondents and chats, not with
/// messages): the account holder (<c>Accounts.skypename</c>, the owner of every record in the file),
/// display names (<c>Contacts</c>, <c>Accounts</c>), each legacy chat's participants (<c>Chats.name</c> →
/// <c>participants</c>, space-separated Skype Names, as plaso's skype plugin reads them) and each
/// conversation's identity and members (<c>Conversations</c>, <c>Participants.convo_id</c>).
/// </summary>
internal sealed class SkypeDirectory
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _chatParticipants = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _conversations = [];
    private readonly Dictionary<long, List<string>> _conversationMembers = [];

    private SkypeDirectory(ReadContext context) => Context = context;

    public ReadContext Context { get; }

    /// <summary>The account holder's Skype Name; null when the file has no (single) account row.</summary>
    public string? Account { get; private set; }

    /// <summary>The owner's identifier: the account's handle, else the single <c>--owner</c>.</summary>
    public string? Owner { get; private set; }

    public static SkypeDirectory Load(DbSession db)
    {
        var directory = new SkypeDirectory(db.Context);
        directory.LoadAccount(db);
        directory.LoadNames(db);
        directory.LoadChats(db);
        directory.LoadConversations(db);
        return directory;
    }

    public string? Name(string identifier) => _names.GetValueOrDefault(identifier);

    public IReadOnlyList<string> ChatParticipants(string? chatname) =>
        chatname is not null && _chatParticipants.TryGetValue(chatname, out var list) ? list : [];

    public IReadOnlyList<string> ConversationMembers(long? convo) =>
        convo is { } id && _conversationMembers.TryGetValue(id, out var list) ? list : [];

    public string? ConversationIdentity(long? convo) => convo is { } id ? _conversations.GetValueOrDefault(id) : null;

    public bool IsAccount(string? skypeName) => Account is not null && string.Equals(skypeName?.Trim(), Account, StringComparison.Ordinal);

    /// <summary>Names seen for <paramref name="parties"/> (identifier → name), plus <paramref name="extra"/> from the record itself.</summary>
    public SortedDictionary<string, string> NamesOf(IEnumerable<string?> parties, params (string? Id, string? Name)[] extra)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, name) in extra)
        {
            if (id is not null && !string.IsNullOrWhiteSpace(name))
            {
                names[id] = name.Trim();
            }
        }

        foreach (var party in parties)
        {
            if (party is not null && !names.ContainsKey(party) && Name(party) is { } known)
            {
                names[party] = known;
            }
        }

        return names;
    }

    private void LoadAccount(DbSession db)
    {
        if (!db.Schema.HasColumns("Accounts", "skypename"))
        {
            Owner = OwnerParty.Single(Context);
            Context.Note("Accounts", $"{db.FileName}: no Accounts.skypename: the account holder is not named in the file{(Owner is null ? "; directions are unknown" : $", {Owner} (--owner) is taken as the owner")}");
            return;
        }

        var fullname = db.Schema.HasColumn("Accounts", "fullname") ? "fullname" : "NULL";
        var rows = db.Lookup("Accounts", "Accounts table", $"SELECT skypename, {fullname} AS fullname FROM Accounts ORDER BY rowid", _ => { },
            r => (Name: DbValues.NonEmpty(r, "skypename"), Full: DbValues.NonEmpty(r, "fullname")));
        var accounts = rows.Where(r => r.Name is not null).ToList();
        if (accounts.Count == 1)
        {
            Account = accounts[0].Name;
            Owner = SkypeParty.Of(Account, Context);
            if (Owner is not null && accounts[0].Full is { } full)
            {
                _names[Owner] = full;
            }

            return;
        }

        Owner = OwnerParty.Single(Context);
        Context.Note("Accounts", accounts.Count == 0
            ? $"{db.FileName}: Accounts names no skypename: directions are unknown unless --owner is given"
            : $"{db.FileName}: Accounts holds {accounts.Count} accounts ({string.Join(", ", accounts.Select(a => a.Name))}): none is taken as the owner");
    }

    private void LoadNames(DbSession db)
    {
        if (!db.Schema.HasColumns("Contacts", "skypename"))
        {
            return;
        }

        var s = db.Schema;
        var sql = $"SELECT skypename, {(s.HasColumn("Contacts", "displayname") ? "displayname" : "NULL")} AS displayname, {(s.HasColumn("Contacts", "fullname") ? "fullname" : "NULL")} AS fullname FROM Contacts ORDER BY rowid";
        foreach (var (name, display) in db.Lookup("Contacts", "Contacts table", sql, _ => { },
                     r => (DbValues.NonEmpty(r, "skypename"), DbValues.NonEmpty(r, "displayname") ?? DbValues.NonEmpty(r, "fullname"))))
        {
            if (SkypeParty.Of(name, Context) is { } id && display is not null)
            {
                _names.TryAdd(id, display);
            }
        }
    }

    private void LoadChats(DbSession db)
    {
        if (!db.Schema.HasColumns("Chats", "name", "participants"))
        {
            return;
        }

        foreach (var (name, participants) in db.Lookup("Chats", "Chats table", "SELECT name, participants FROM Chats ORDER BY rowid", _ => { },
                     r => (DbValues.NonEmpty(r, "name"), DbValues.NonEmpty(r, "participants"))))
        {
            if (name is not null && participants is not null)
            {
                _chatParticipants[name] = [.. participants.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
            }
        }
    }

    private void LoadConversations(DbSession db)
    {
        if (db.Schema.HasColumns("Conversations", "id", "identity"))
        {
            foreach (var (id, identity) in db.Lookup("Conversations", "Conversations table", "SELECT id, identity FROM Conversations ORDER BY rowid", _ => { },
                         r => (DbValues.Long(r, "id"), DbValues.NonEmpty(r, "identity"))))
            {
                if (id is { } key && identity is not null)
                {
                    _conversations[key] = identity;
                }
            }
        }

        if (db.Schema.HasColumns("Participants", "convo_id", "identity"))
        {
            foreach (var (convo, identity) in db.Lookup("Participants", "Participants table", "SELECT convo_id, identity FROM Participants ORDER BY rowid", _ => { },
                         r => (DbValues.Long(r, "convo_id"), DbValues.NonEmpty(r, "identity"))))
            {
                if (convo is { } key && identity is not null)
                {
                    if (!_conversationMembers.TryGetValue(key, out var list))
                    {
                        _conversationMembers[key] = list = [];
                    }

                    if (!list.Contains(identity, StringComparer.Ordinal))
                    {
                        list.Add(identity);
                    }
                }
            }
        }
    }
}

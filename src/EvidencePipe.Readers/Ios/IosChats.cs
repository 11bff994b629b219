using EvidencePipe.Readers.PhoneDb;

namespace EvidencePipe.Readers.Ios;

/// <summary>
/// The address side of sms.db, loaded once (it grows with the number of correspondents, not of
/// messages): <c>handle</c> (ROWID → <c>id</c>, a phone number or e-mail address), and each
/// <c>chat</c> with its participants from <c>chat_handle_join</c>.
/// </summary>
internal sealed class IosChats
{
    private readonly Dictionary<long, string> _handles = [];
    private readonly Dictionary<long, Chat> _chats = [];

    public static IosChats Load(DbSession db)
    {
        var chats = new IosChats();
        foreach (var (rowId, id) in db.Lookup("handle", "handle table", "SELECT ROWID AS r, id FROM handle ORDER BY ROWID", _ => { }, r => (DbValues.Long(r, "r"), DbValues.NonEmpty(r, "id"))))
        {
            if (rowId is { } key && id is not null && db.Context.Identify(id) is { } identifier)
            {
                chats._handles[key] = identifier;
            }
        }

        if (db.Schema.HasColumns("chat", "ROWID"))
        {
            var sql = $"SELECT c.ROWID AS r, {db.Schema.Optional("c", "chat", "chat_identifier")}, {db.Schema.Optional("c", "chat", "guid")} FROM chat c ORDER BY c.ROWID";
            foreach (var (rowId, identifier) in db.Lookup("chat", "chat table", sql, _ => { }, r => (DbValues.Long(r, "r"), DbValues.NonEmpty(r, "chat_identifier") ?? DbValues.NonEmpty(r, "guid"))))
            {
                if (rowId is { } key)
                {
                    chats._chats[key] = new Chat(identifier ?? $"chat.ROWID={key}", []);
                }
            }
        }

        if (db.Schema.HasColumns("chat_handle_join", "chat_id", "handle_id"))
        {
            foreach (var (chatId, handleId) in db.Lookup("chat_handle_join", "chat_handle_join table", "SELECT chat_id, handle_id FROM chat_handle_join ORDER BY rowid", _ => { }, r => (DbValues.Long(r, "chat_id"), DbValues.Long(r, "handle_id"))))
            {
                if (chatId is { } c && handleId is { } h && chats._chats.TryGetValue(c, out var chat) && chats._handles.TryGetValue(h, out var identifier) && !chat.Participants.Contains(identifier))
                {
                    chat.Participants.Add(identifier);
                }
            }
        }

        return chats;
    }

    public string? Handle(long? rowId) => rowId is { } key && _handles.TryGetValue(key, out var id) ? id : null;

    public Chat? ChatOf(long? chatId) => chatId is { } key && _chats.TryGetValue(key, out var chat) ? chat : null;

    internal sealed record Chat(string Identifier, List<string> Participants);
}

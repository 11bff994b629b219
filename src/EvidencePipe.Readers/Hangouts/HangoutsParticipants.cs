using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;

namespace EvidencePipe.Readers.Hangouts;

/// <summary>
/// The people of a babel.db: <c>participants</c> (one row per person: <c>gaia_id</c> — the Google
/// account id —, <c>chat_id</c>, <c>phone_id</c>, <c>full_name</c>, <c>first_name</c>,
/// <c>fallback_name</c>, which may be the account's e-mail address) and
/// <c>conversation_participants</c> (<c>participant_row_id</c> → <c>participants._id</c>, per
/// <c>conversation_id</c>). Loaded whole: they grow with correspondents, not with messages.
/// A person is <c>handle:hangouts:&lt;gaia id&gt;</c>; with no gaia/chat id, their phone number.
/// </summary>
internal sealed class HangoutsParticipants
{
    public const string Service = "hangouts";

    /// <summary>The event channel of a Hangouts chat message.</summary>
    public const string Channel = Channels.Hangouts;

    private readonly Dictionary<string, Person> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Person>> _byConversation = new(StringComparer.Ordinal);

    public List<ContactCard> Cards { get; } = [];

    public static string Handle(string gaiaOrChatId) => Identifier.ForHandle(Service, gaiaOrChatId);

    public Person? Find(string? key) => key is not null && _byKey.TryGetValue(key, out var p) ? p : null;

    public IReadOnlyList<Person> Members(string? conversation) =>
        conversation is not null && _byConversation.TryGetValue(conversation, out var list) ? list : [];

    public static HangoutsParticipants Load(DbSession db)
    {
        var result = new HangoutsParticipants();
        var s = db.Schema;
        if (!s.HasColumns("participants", "_id", "chat_id"))
        {
            var what = s.HasTable("participants") ? "participants lacks _id/chat_id" : "table participants is missing";
            db.Context.Note("participants", $"{db.FileName}: {what}: authors are named by their raw ids and messages have no recipients");
            return result;
        }

        var sql = $"""
            SELECT p._id AS _id, p.chat_id AS chat_id, {s.Optional("p", "participants", "gaia_id")}, {s.Optional("p", "participants", "phone_id")},
                   {s.Optional("p", "participants", "full_name")}, {s.Optional("p", "participants", "first_name")}, {s.Optional("p", "participants", "fallback_name")}
            FROM participants p ORDER BY p._id
            """;
        var rows = db.Lookup("participants", "participants table", sql, _ => { }, r => new Row(
            DbValues.Long(r, "_id"),
            DbValues.Raw(r, "_id"),
            DbValues.NonEmpty(r, "gaia_id"),
            DbValues.NonEmpty(r, "chat_id"),
            DbValues.NonEmpty(r, "phone_id"),
            DbValues.NonEmpty(r, "full_name") ?? DbValues.NonEmpty(r, "first_name"),
            DbValues.NonEmpty(r, "fallback_name")));
        var byRowId = new Dictionary<long, Person>();
        foreach (var row in rows)
        {
            var locator = $"participants._id={row.RawId}";
            var identifiers = new List<string>();
            var key = row.Gaia ?? row.Chat;
            if (key is not null)
            {
                identifiers.Add(Handle(key));
            }

            if (db.Context.Identify(row.Phone) is { } phone && !identifiers.Contains(phone))
            {
                identifiers.Add(phone);
            }

            // fallback_name holds the account's e-mail address when Hangouts knew no display name.
            var fallbackIsEmail = row.Fallback is { } f && f.Contains('@', StringComparison.Ordinal) && !f.Contains(' ', StringComparison.Ordinal);
            if (fallbackIsEmail && Identifier.ForEmail(row.Fallback!) is var email && !identifiers.Contains(email))
            {
                identifiers.Add(email);
            }

            var name = row.Name ?? (fallbackIsEmail ? null : row.Fallback);
            if (identifiers.Count == 0)
            {
                db.Context.SkippedRecord(locator, "participant has no gaia_id, chat_id, phone_id or e-mail: not recorded");
                continue;
            }

            var person = new Person(identifiers[0], name);
            if (row.Id is { } rowId)
            {
                byRowId[rowId] = person;
            }

            foreach (var k in new[] { row.Gaia, row.Chat })
            {
                if (k is not null)
                {
                    result._byKey.TryAdd(k, person);
                }
            }

            result.Cards.Add(new ContactCard(name, identifiers, db.Context.Locate(locator)));
        }

        if (s.HasColumns("conversation_participants", "participant_row_id", "conversation_id"))
        {
            var members = db.Lookup("conversation_participants", "conversation_participants table",
                "SELECT conversation_id, participant_row_id FROM conversation_participants ORDER BY conversation_id, _rowid_", _ => { },
                r => (Conversation: DbValues.NonEmpty(r, "conversation_id"), Row: DbValues.Long(r, "participant_row_id")));
            foreach (var (conversation, rowId) in members)
            {
                if (conversation is null || rowId is not { } id || !byRowId.TryGetValue(id, out var person))
                {
                    continue;
                }

                if (!result._byConversation.TryGetValue(conversation, out var list))
                {
                    result._byConversation[conversation] = list = [];
                }

                list.Add(person);
            }
        }

        return result;
    }

    internal sealed record Person(string? Identifier, string? Name);

    private sealed record Row(long? Id, string RawId, string? Gaia, string? Chat, string? Phone, string? Name, string? Fallback);
}

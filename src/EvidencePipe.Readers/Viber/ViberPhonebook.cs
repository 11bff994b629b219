using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Viber;

/// <summary>
/// The address book in viber_data: <c>phonebookcontact</c> (<c>_id</c>, <c>display_name</c>) and its
/// numbers in <c>phonebookdata</c> (<c>contact_id</c> → <c>phonebookcontact._id</c>; <c>data2</c> the
/// canonical E.164 number, <c>data1</c> as typed, <c>data3</c> formatted — the join and the
/// <c>coalesce(data2, data1, data3)</c> order of ALEAPP's Viber.py and Autopsy's viber.py). Loaded
/// whole (it grows with contacts, not calls) to name call parties, and given out as contact cards.
/// </summary>
internal sealed class ViberPhonebook
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public List<ContactCard> Cards { get; } = [];

    public string? NameOf(string identifier) => _names.GetValueOrDefault(identifier);

    public static ViberPhonebook Load(DbSession db)
    {
        var book = new ViberPhonebook();
        var s = db.Schema;
        if (!s.HasColumns("phonebookcontact", "_id", "display_name"))
        {
            if (s.HasTable("phonebookcontact"))
            {
                db.Context.Note("phonebookcontact", $"{db.FileName}: phonebookcontact lacks _id/display_name: contact names are not read");
            }

            return book;
        }

        var numbers = new Dictionary<long, List<string>>();
        if (s.HasColumns("phonebookdata", "contact_id", "data1", "data2"))
        {
            var data3 = s.HasColumn("phonebookdata", "data3") ? "data3" : "NULL";
            var rows = db.Lookup("phonebookdata", "phonebookdata table",
                $"SELECT contact_id, coalesce(data2, data1, {data3}) AS number FROM phonebookdata ORDER BY contact_id, _rowid_", _ => { },
                r => (Contact: DbValues.Long(r, "contact_id"), Number: DbValues.NonEmpty(r, "number")));
            foreach (var (contact, number) in rows)
            {
                if (contact is not { } c || db.Context.Identify(number) is not { } id)
                {
                    continue;
                }

                if (!numbers.TryGetValue(c, out var list))
                {
                    numbers[c] = list = [];
                }

                if (!list.Contains(id))
                {
                    list.Add(id);
                }
            }
        }

        var contacts = db.Lookup("phonebookcontact", "phonebookcontact table", "SELECT _id, display_name FROM phonebookcontact ORDER BY _id", _ => { },
            r => (Id: DbValues.Long(r, "_id"), RawId: DbValues.Raw(r, "_id"), Name: DbValues.NonEmpty(r, "display_name")));
        foreach (var (id, rawId, name) in contacts)
        {
            var locator = $"phonebookcontact._id={rawId}";
            var identifiers = id is { } i && numbers.TryGetValue(i, out var list) ? list : [];
            if (name is null && identifiers.Count == 0)
            {
                db.Context.Note(locator, "contact has no name and no number: nothing to record");
                continue;
            }

            if (name is not null)
            {
                foreach (var identifier in identifiers)
                {
                    book._names.TryAdd(identifier, name);
                }
            }

            book.Cards.Add(new ContactCard(name, identifiers, db.Context.Locate(locator)));
        }

        return book;
    }

    /// <summary>
    /// <c>vibernumbers</c>: a number registered on Viber (<c>canonized_number</c>), its Viber
    /// <c>member_id</c> and <c>viber_name</c>: one card linking the number to <c>handle:viber:&lt;member id&gt;</c>.
    /// </summary>
    public static async IAsyncEnumerable<ContactCard> ViberNumbersAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var s = db.Schema;
        if (!s.HasColumns("vibernumbers", "_id", "canonized_number"))
        {
            yield break;
        }

        var sql = $"""
            SELECT v._id AS _id, v.canonized_number AS canonized_number, {s.Optional("v", "vibernumbers", "member_id")}, {s.Optional("v", "vibernumbers", "viber_name")}
            FROM vibernumbers v ORDER BY v._id
            """;
        await foreach (var card in db.QueryAsync("vibernumbers", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return card;
        }
    }

    private static ContactCard? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"vibernumbers._id={DbValues.Raw(row, "_id")}";
        var identifiers = new List<string>();
        if (context.Identify(DbValues.NonEmpty(row, "canonized_number")) is { } number)
        {
            identifiers.Add(number);
        }

        if (DbValues.NonEmpty(row, "member_id") is { } member)
        {
            identifiers.Add(ViberDataDbReader.Handle(member));
        }

        if (identifiers.Count == 0)
        {
            context.Note(locator, "Viber number row has neither a number nor a member id: nothing to record");
            return null;
        }

        return new ContactCard(DbValues.NonEmpty(row, "viber_name"), identifiers, context.Locate(locator));
    }
}

using System.Runtime.CompilerServices;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// Skype for desktop <c>main.db</c> (Skype 3–7, one per account in <c>%APPDATA%\Skype\&lt;name&gt;\</c> or
/// <c>~/Library/Application Support/Skype/&lt;name&gt;/</c>): chat <c>Messages</c>, <c>Calls</c> with their
/// <c>CallMembers</c>, <c>SMSes</c> sent through Skype and file <c>Transfers</c>, the owner from
/// <c>Accounts</c>. Recognised by <c>Messages.author</c> + <c>Messages.body_xml</c> with a <c>Chats</c> or
/// <c>Conversations</c> table. Each table is read in turn, one row at a time; a missing table is a
/// note, a table lacking a needed column a diagnostic, and the others are still read.
/// </summary>
internal sealed class SkypeMainDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.SkypeMainDb;

    public bool Recognises(SqliteSchema schema) =>
        schema.HasColumns("Messages", "author", "body_xml") && (schema.HasTable("Chats") || schema.HasTable("Conversations"));

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = SkypeDirectory.Load(db);

        if (db.Require("Messages", SkypeMessages.Needed))
        {
            var messages = new SkypeMessages(db, directory, SmsChatCopies(db));
            await foreach (var e in db.QueryAsync("Messages", messages.Sql, messages.Map, cancellationToken).ConfigureAwait(false))
            {
                yield return new EventRecord(e);
            }
        }

        if (Present(db, "Calls", "calls") && db.Require("Calls", SkypeCalls.Needed))
        {
            var calls = new SkypeCalls(db, directory);
            calls.NoteMissingMembers();
            await foreach (var e in db.QueryAsync("Calls", calls.Sql, calls.Map, cancellationToken).ConfigureAwait(false))
            {
                yield return new EventRecord(e);
            }
        }

        if (Present(db, "SMSes", "SMS sent through Skype") && db.Require("SMSes", SkypeSmses.Needed))
        {
            var smses = new SkypeSmses(db, directory);
            await foreach (var e in db.QueryAsync("SMSes", smses.Sql, smses.Map, cancellationToken).ConfigureAwait(false))
            {
                yield return new EventRecord(e);
            }
        }

        if (Present(db, "Transfers", "file transfers") && db.Require("Transfers", SkypeTransfers.Needed))
        {
            var transfers = new SkypeTransfers(db, directory);
            await foreach (var e in db.QueryAsync("Transfers", transfers.Sql, transfers.Map, cancellationToken).ConfigureAwait(false))
            {
                yield return new EventRecord(e);
            }
        }
    }

    /// <summary>A table older or trimmed databases may lack: its absence is noted, not an error.</summary>
    private static bool Present(DbSession db, string table, string what)
    {
        if (db.Schema.HasTable(table))
        {
            return true;
        }

        db.Context.Note(table, $"{db.FileName}: no {table} table: no {what} read");
        return false;
    }

    /// <summary><c>SMSes.chatmsg_id</c> → <c>SMSes.id</c>: the chat rows that are copies of an SMS read from <c>SMSes</c>.</summary>
    private static Dictionary<long, long> SmsChatCopies(DbSession db)
    {
        var result = new Dictionary<long, long>();
        if (!db.Schema.HasColumns("SMSes", "id", "chatmsg_id", "timestamp", "target_numbers", "body"))
        {
            return result;
        }

        foreach (var (chat, sms) in db.Lookup("SMSes", "SMS chat links", "SELECT chatmsg_id, id FROM SMSes WHERE chatmsg_id IS NOT NULL ORDER BY rowid", _ => { },
                     r => (DbValues.Long(r, "chatmsg_id"), DbValues.Long(r, "id"))))
        {
            if (chat is { } c && sms is { } s)
            {
                result.TryAdd(c, s);
            }
        }

        return result;
    }
}

using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// One message event per <c>Transfers</c> row (locator <c>Transfers.id=N</c>): a file offered, sent or
/// received, the file as an attachment (<c>filename</c>, size <c>filesize</c>; not hashed — the file is
/// not in the database) and the subject <c>file transfer (…): &lt;filepath or filename&gt;</c>.
/// <c>type</c> 1 the partner sent it to the account, 2 the account sent it to <c>partner_handle</c>
/// (Skyperious TRANSFER_TYPE_OUTBOUND/INBOUND, SkypeKit <c>Transfer::TYPE</c>). A row whose partner is
/// the account itself is the sender's own offer of a file sent to several people; its recipients are
/// the partners of the rows whose <c>parent_id</c> is its <c>pk_id</c> (plaso's skype plugin pairs them
/// the same way). Time: <c>starttime</c>, else <c>accepttime</c>, else <c>finishtime</c>. <c>status</c> 8
/// completed and 2 offered (plaso's FINISHED / SENDSOLICITUDE); other codes are shown as numbers.
/// </summary>
internal sealed class SkypeTransfers(DbSession db, SkypeDirectory directory)
{
    public static readonly string[] Needed = ["id", "type", "partner_handle", "filename"];

    private Dictionary<long, List<string>>? _children;

    public string Sql
    {
        get
        {
            var s = db.Schema;
            string O(string column) => s.Optional("t", "Transfers", column);
            return $"""
                SELECT t.id AS id, t.type AS type, t.partner_handle AS partner_handle, t.filename AS filename, {O("partner_dispname")}, {O("status")},
                       {O("starttime")}, {O("accepttime")}, {O("finishtime")}, {O("filepath")}, {O("filesize")}, {O("pk_id")}
                FROM Transfers t ORDER BY t.id
                """;
        }
    }

    public CommunicationEvent? Map(SqliteDataReader row)
    {
        var context = db.Context;
        var locator = $"Transfers.id={DbValues.Raw(row, "id")}";
        var time = SkypeTime.Of(row, context, locator, "starttime", "accepttime", "finishtime");
        var handle = DbValues.NonEmpty(row, "partner_handle");
        var partner = SkypeParty.Of(handle, context);
        var type = DbValues.Long(row, "type");
        var owner = directory.Owner;
        string? from = null;
        var to = new List<string>();
        var direction = Direction.Unknown;
        if (directory.IsAccount(handle))
        {
            // The account's own offer: who it went to is in the child rows.
            to.AddRange(Children(DbValues.Long(row, "pk_id")).Select(c => SkypeParty.Of(c, context)).OfType<string>().Where(c => c != owner).Distinct());
            if (to.Count > 0)
            {
                (from, direction) = (owner, Direction.Outgoing);
            }
            else
            {
                context.RecoveredRecord(locator, "partner_handle is the account itself and no transfer names it as parent: recipients and direction unknown");
            }
        }
        else if (type == 2)
        {
            (from, direction) = (owner, Direction.Outgoing);
            to.AddRange(partner is null ? [] : [partner]);
        }
        else if (type == 1)
        {
            (from, direction) = (partner, Direction.Incoming);
            to.AddRange(owner is null ? [] : [owner]);
        }
        else
        {
            context.RecoveredRecord(locator, $"type {DbValues.Raw(row, "type")} is neither 1 (received) nor 2 (sent): direction unknown");
            to.AddRange(partner is null ? [] : [partner]);
        }

        var name = DbValues.NonEmpty(row, "filename");
        var path = DbValues.NonEmpty(row, "filepath");
        var size = long.TryParse(DbValues.Text(row, "filesize"), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0;
        var status = DbValues.Long(row, "status") switch
        {
            8 => "completed",
            2 => "offered",
            null => "status unknown",
            var code => $"status {code}",
        };
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = SkypeParty.Channel,
            Direction = direction,
            Time = time,
            From = from,
            To = to,
            Names = directory.NamesOf([from, .. to], (partner, DbValues.NonEmpty(row, "partner_dispname"))),
            Subject = $"file transfer ({status}): {path ?? name ?? "unnamed file"}",
            Attachments = name is null && path is null ? [] : [new Attachment(name ?? Path.GetFileName(path), MediaTypes.FromFileName(name ?? path!), size, null)],
            Source = context.Locate(locator),
        };
    }

    /// <summary>Partner handles of the transfers whose <c>parent_id</c> is <paramref name="pk"/>; loaded once (grows with transfers, not messages).</summary>
    private List<string> Children(long? pk)
    {
        if (_children is null)
        {
            _children = [];
            if (db.Schema.HasColumns("Transfers", "parent_id", "partner_handle"))
            {
                foreach (var (parent, handle) in db.Lookup("Transfers", "transfer parents", "SELECT parent_id, partner_handle FROM Transfers WHERE parent_id IS NOT NULL ORDER BY rowid", _ => { },
                             r => (DbValues.Long(r, "parent_id"), DbValues.NonEmpty(r, "partner_handle"))))
                {
                    if (parent is { } key && handle is not null)
                    {
                        if (!_children.TryGetValue(key, out var list))
                        {
                            _children[key] = list = [];
                        }

                        list.Add(handle);
                    }
                }
            }
        }

        return pk is { } id && _children.TryGetValue(id, out var found) ? found : [];
    }
}

using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Android;

/// <summary>
/// MMS in mmssms.db (AOSP TelephonyProvider; android.provider.Telephony.Mms, Mms.Part, Mms.Addr):
/// one <c>pdu</c> row per message (<c>date</c> in Unix SECONDS, <c>msg_box</c> the folder,
/// <c>m_type</c> the PDU type, <c>sub</c> the subject), its <c>part</c> rows (<c>mid</c> = pdu._id;
/// <c>ct</c> MIME type; text in <c>text</c>; binary content in the file named by <c>_data</c>, which
/// lives outside the database under app_parts/) and its <c>addr</c> rows (<c>msg_id</c> = pdu._id;
/// <c>type</c> the PDU header: 137 From, 151 To, 130 Cc, 129 Bcc — OMA-TS-MMS_ENC §7.3).
/// Locator: <c>pdu._id=N</c>.
/// </summary>
internal static class AndroidMmsTable
{
    private const int AddrFrom = 137;
    private const int MessageTypeSendReq = 128;
    private const int MessageTypeNotificationInd = 130;
    private const int MessageTypeRetrieveConf = 132;

    /// <summary>Android's stand-in for "this device" in the From addr of sent MMS (PduPersister).</summary>
    private const string InsertAddressToken = "insert-address-token";

    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("pdu", "_id", "date", "msg_box"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT p._id AS _id, p.date AS date, p.msg_box AS msg_box,
                   {s.Optional("p", "pdu", "m_type")}, {s.Optional("p", "pdu", "sub")}, {s.Optional("p", "pdu", "thread_id")}
            FROM pdu p ORDER BY p._id
            """;
        var parts = new PartQuery(db);
        await foreach (var e in db.QueryAsync("pdu", sql, row => Map(row, db, parts), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, DbSession db, PartQuery parts)
    {
        var context = db.Context;
        var id = DbValues.Long(row, "_id");
        var locator = $"pdu._id={DbValues.Raw(row, "_id")}";
        var date = DbValues.Long(row, "date");
        var time = DbTime.FromUnixSeconds(date, context);
        if (date > 100_000_000_000)
        {
            // Some vendor builds store milliseconds; 10^11 seconds would be the year 5138.
            time = DbTime.FromUnixMilliseconds(date, context);
            context.Note(locator, $"pdu.date {date} is above 10^11: read as Unix milliseconds, not seconds");
        }

        if (time is null)
        {
            context.SkippedRecord(locator, $"pdu.date {DbValues.Raw(row, "date")} is not a Unix time: the message has no time");
            return null;
        }

        var addrs = id is null ? [] : parts.Addrs(id.Value, locator);
        var body = id is null ? new Body([], []) : parts.Body(id.Value, locator);
        var messageType = DbValues.Int(row, "m_type");
        var direction = Direction(DbValues.Int(row, "msg_box"), messageType, locator, context);
        if (messageType == MessageTypeNotificationInd)
        {
            context.Note(locator, "MMS notification only (m_type 130): the message content was never downloaded");
        }

        var sender = addrs.Where(a => a.Type == AddrFrom).Select(a => context.Identify(a.Address)).FirstOrDefault(a => a is not null);
        var others = new List<string>();
        foreach (var (type, address) in addrs)
        {
            if (type != AddrFrom && context.Identify(address) is { } other && other != sender && !others.Contains(other))
            {
                others.Add(other);
            }
        }

        var from = direction == Model.Direction.Outgoing ? sender ?? OwnerParty.Single(context) : sender;
        IReadOnlyList<string> to = direction == Model.Direction.Incoming && others.Count == 0 ? OwnerParty.AsList(context) : others;
        if (sender is null && others.Count == 0)
        {
            context.RecoveredRecord(locator, "no addr rows: the other party is unknown");
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.Mms,
            Direction = direction,
            Time = time.Value,
            From = from,
            To = to,
            Text = body.Text.Count == 0 ? null : string.Join('\n', body.Text),
            Subject = DbValues.NonEmpty(row, "sub"),
            Attachments = body.Attachments,
            ThreadId = DbValues.NonEmpty(row, "thread_id"),
            Source = context.Locate(locator),
        };
    }

    private static Direction Direction(int? box, int? messageType, string locator, ReadContext context)
    {
        var (direction, note) = SbrMessageBox.Describe(box);
        if (direction != Model.Direction.Unknown)
        {
            if (note is not null)
            {
                context.Note(locator, note);
            }

            return direction;
        }

        switch (messageType)
        {
            case MessageTypeSendReq:
                return Model.Direction.Outgoing;
            case MessageTypeRetrieveConf or MessageTypeNotificationInd:
                return Model.Direction.Incoming;
            default:
                context.Note(locator, $"neither msg_box ({box?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL"}) nor m_type says whether this MMS was sent or received: direction unknown");
                return Model.Direction.Unknown;
        }
    }

    private sealed record Body(List<string> Text, List<Attachment> Attachments);

    /// <summary>Per-message lookups of <c>part</c> and <c>addr</c> rows, with the optional columns this database has.</summary>
    private sealed class PartQuery(DbSession db)
    {
        private readonly bool _hasParts = db.Schema.HasColumns("part", "mid", "ct");
        private readonly bool _hasAddrs = db.Schema.HasColumns("addr", "msg_id", "address", "type");
        private readonly string _partSql = $"""
            SELECT {db.Schema.Optional("t", "part", "_id")}, t.ct AS ct, {db.Schema.Optional("t", "part", "name")}, {db.Schema.Optional("t", "part", "fn")},
                   {db.Schema.Optional("t", "part", "cl")}, {db.Schema.Optional("t", "part", "text")}, {db.Schema.Optional("t", "part", "_data")}
            FROM part t WHERE t.mid = $mid ORDER BY {(db.Schema.HasColumn("part", "seq") ? "t.seq, " : string.Empty)}t.rowid
            """;

        public List<(int? Type, string Address)> Addrs(long id, string locator)
        {
            if (!_hasAddrs)
            {
                return [];
            }

            var rows = db.Lookup(locator, "addr rows", "SELECT address, type FROM addr WHERE msg_id = $mid ORDER BY rowid", c => c.Parameters.AddWithValue("$mid", id),
                r => (DbValues.Int(r, "type"), DbValues.NonEmpty(r, "address")));
            return [.. rows.Where(r => r.Item2 is not null && r.Item2 != InsertAddressToken).Select(r => (r.Item1, r.Item2!))];
        }

        public Body Body(long id, string locator)
        {
            var body = new Body([], []);
            if (!_hasParts)
            {
                return body;
            }

            var rows = db.Lookup(locator, "part rows", _partSql, c => c.Parameters.AddWithValue("$mid", id), r => new Part(
                DbValues.Raw(r, "_id"),
                DbValues.NonEmpty(r, "ct")?.Split(';')[0].Trim().ToLowerInvariant(),
                DbValues.NonEmpty(r, "name") ?? DbValues.NonEmpty(r, "fn") ?? DbValues.NonEmpty(r, "cl"),
                DbValues.Text(r, "text"),
                r["_data"]));
            foreach (var part in rows)
            {
                AddPart(part, body, locator);
            }

            return body;
        }

        /// <summary>
        /// SMIL only lays out the slide show (OMA-TS-MMS_CONF §8.1): neither text nor attachment.
        /// text/plain parts are the message text. Other parts are attachments: hashed when the bytes
        /// are in the database (a <c>_data</c> blob, or <c>text</c> for vCard/vCalendar parts);
        /// when <c>_data</c> is a file path the file is not in this evidence, which is noted.
        /// </summary>
        private void AddPart(Part part, Body body, string locator)
        {
            if (part.ContentType == "application/smil")
            {
                return;
            }

            if (part.ContentType is "text/plain" or null && part.Data is not byte[])
            {
                if (part.Text is not null)
                {
                    body.Text.Add(part.Text);
                }

                return;
            }

            switch (part.Data)
            {
                case byte[] bytes:
                    body.Attachments.Add(new Attachment(part.Name, part.ContentType, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
                    return;
                case string path when path.Length > 0:
                    body.Attachments.Add(new Attachment(part.Name ?? Path.GetFileName(path), part.ContentType, 0, null));
                    db.Context.Note(locator, $"part._id={part.Id} ({part.ContentType}): content is a file outside the database ({path}); listed without size or hash");
                    return;
            }

            if (part.Text is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(part.Text);
                body.Attachments.Add(new Attachment(part.Name, part.ContentType, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
                return;
            }

            body.Attachments.Add(new Attachment(part.Name, part.ContentType, 0, null));
            db.Context.Note(locator, $"part._id={part.Id} ({part.ContentType}): no content and no _data file path; listed without size or hash");
        }

        private sealed record Part(string Id, string? ContentType, string? Name, string? Text, object? Data);
    }
}

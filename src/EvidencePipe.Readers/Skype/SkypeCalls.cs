using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// One call event per <c>Calls</c> row (locator <c>Calls.id=N</c>), its other parties the call's
/// <c>CallMembers</c> (<c>call_db_id</c> → <c>Calls.id</c>, as plaso joins them; name <c>dispname</c>).
/// Time: <c>begin_timestamp</c> (when the call was placed), else <c>start_timestamp</c>. Direction:
/// <c>is_incoming</c> 1/0; without it, a host (<c>host_identity</c>) other than the account makes it
/// incoming. Duration: <c>Calls.duration</c>, else the longest member <c>call_duration</c> (seconds); a
/// connected duration means answered, <c>is_unseen_missed</c> = 1 missed; nothing else is read as an
/// outcome (the member <c>status</c> codes are not publicly documented).
/// </summary>
internal sealed class SkypeCalls(DbSession db, SkypeDirectory directory)
{
    public static readonly string[] Needed = ["id", "begin_timestamp"];

    private readonly bool _members = db.Schema.HasColumns("CallMembers", "call_db_id", "identity");

    public string Sql
    {
        get
        {
            var s = db.Schema;
            string O(string column) => s.Optional("c", "Calls", column);
            return $"""
                SELECT c.id AS id, c.begin_timestamp AS begin_timestamp, {O("start_timestamp")}, {O("is_incoming")}, {O("host_identity")},
                       {O("duration")}, {O("is_unseen_missed")}, {O("conv_dbid")}
                FROM Calls c ORDER BY c.id
                """;
        }
    }

    public void NoteMissingMembers()
    {
        if (!_members)
        {
            db.Context.Note("CallMembers", $"{db.FileName}: no CallMembers table with call_db_id and identity: calls are read without their other parties");
        }
    }

    public CommunicationEvent? Map(SqliteDataReader row)
    {
        var context = db.Context;
        var locator = $"Calls.id={DbValues.Raw(row, "id")}";
        var time = SkypeTime.Of(row, context, locator, "begin_timestamp", "start_timestamp");
        var members = Members(row, locator);
        var owner = directory.Owner;
        var others = members.Select(m => m.Id).Where(m => m != owner).Distinct().ToList();

        var host = DbValues.NonEmpty(row, "host_identity");
        bool? incoming = DbValues.Long(row, "is_incoming") switch
        {
            1 => true,
            0 => false,
            _ when host is not null && directory.Account is not null => !directory.IsAccount(host),
            _ => null,
        };
        if (incoming is null)
        {
            context.RecoveredRecord(locator, $"is_incoming {DbValues.Raw(row, "is_incoming")} and no host to compare with the account: direction unknown");
        }

        string? from = null;
        List<string> to;
        if (incoming == true)
        {
            from = (host is not null && !directory.IsAccount(host) ? SkypeParty.Of(host, context) : null) ?? (others.Count == 1 ? others[0] : null);
            to = [.. others.Where(p => p != from)];
            if (owner is not null)
            {
                to.Add(owner);
            }
        }
        else
        {
            from = incoming == false ? owner : null;
            to = others;
        }

        if (others.Count == 0)
        {
            context.RecoveredRecord(locator, "no call member recorded: the other party is unknown");
        }

        var duration = DbValues.Long(row, "duration") is > 0 and < int.MaxValue and var d ? (int?)d : members.Select(m => m.Duration).Max();
        var status = duration > 0 ? CallStatus.Answered : DbValues.Long(row, "is_unseen_missed") is 1 ? CallStatus.Missed : CallStatus.None;
        var convo = DbValues.Long(row, "conv_dbid");
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = SkypeParty.Channel,
            Direction = incoming switch { true => Direction.Incoming, false => Direction.Outgoing, _ => Direction.Unknown },
            Time = time,
            From = from,
            To = to,
            Names = directory.NamesOf([from, .. to], [.. members.Select(m => ((string?)m.Id, m.Name))]),
            DurationSeconds = duration,
            CallStatus = status,
            ThreadId = directory.ConversationIdentity(convo),
            Source = context.Locate(locator),
        };
    }

    private List<Member> Members(SqliteDataReader row, string locator)
    {
        if (!_members || DbValues.Long(row, "id") is not { } call)
        {
            return [];
        }

        var s = db.Schema;
        var sql = $"""
            SELECT identity, {(s.HasColumn("CallMembers", "dispname") ? "dispname" : "NULL")} AS dispname,
                   {(s.HasColumn("CallMembers", "call_duration") ? "call_duration" : "NULL")} AS call_duration
            FROM CallMembers WHERE call_db_id = $call ORDER BY rowid
            """;
        return [.. db.Lookup(locator, "call members", sql, c => c.Parameters.AddWithValue("$call", call),
                r => (Id: SkypeParty.Of(DbValues.NonEmpty(r, "identity"), db.Context), Name: DbValues.NonEmpty(r, "dispname"),
                    Duration: DbValues.Long(r, "call_duration") is > 0 and < int.MaxValue and var d ? (int?)d : null))
            .Where(m => m.Id is not null)
            .Select(m => new Member(m.Id!, m.Name, m.Duration))];
    }

    private sealed record Member(string Id, string? Name, int? Duration);
}

using System.Runtime.CompilerServices;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Viber;

/// <summary>
/// Viber for Android <c>viber_data</c> (<c>com.viber.voip/databases/viber_data</c>): Viber calls in
/// <c>calls</c> and the address book Viber copied into <c>phonebookcontact</c> +
/// <c>phonebookdata</c>, plus <c>vibernumbers</c> (numbers registered on Viber, with their member
/// id). Its <c>calls</c> table also has <c>number</c> and <c>type</c>, so it must be told apart from
/// an Android calllog.db by those Viber-only tables (registered before <c>CallLogDbReader</c>).
/// Call meanings as Autopsy's viber.py, ALEAPP's Viber.py and plaso's android_viber_call read them:
/// <c>date</c> Unix ms; <c>duration</c> seconds; <c>type</c> 1 incoming, 2 outgoing, 3 missed;
/// <c>viber_call_type</c> 1 audio, 4 video. Locators: <c>calls._id=N</c>,
/// <c>phonebookcontact._id=N</c>, <c>vibernumbers._id=N</c>.
/// </summary>
internal sealed class ViberDataDbReader : ISchemaReader
{
    public const string Service = "viber";

    /// <summary>The event channel of a Viber call.</summary>
    public const string Channel = Channels.Viber;

    public string Format => PhoneDbFormats.ViberData;

    public bool Recognises(SqliteSchema schema) =>
        schema.HasColumns("calls", "number", "date", "type", "viber_call_type")
        && (schema.HasTable("phonebookcontact") || schema.HasTable("vibernumbers"));

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var book = ViberPhonebook.Load(db);
        foreach (var card in book.Cards)
        {
            yield return new ContactRecord(card);
        }

        await foreach (var card in ViberPhonebook.ViberNumbersAsync(db, cancellationToken).ConfigureAwait(false))
        {
            yield return new ContactRecord(card);
        }

        if (!db.Require("calls", "_id", "number", "date", "type"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT c._id AS _id, c.number AS number, c.date AS date, c.type AS type, {s.Optional("c", "calls", "canonized_number")},
                   {s.Optional("c", "calls", "duration")}, {s.Optional("c", "calls", "viber_call_type")}, {s.Optional("c", "calls", "conference_info")}
            FROM calls c ORDER BY c.date, c._id
            """;
        await foreach (var e in db.QueryAsync("calls", sql, row => Map(row, db.Context, book), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context, ViberPhonebook book)
    {
        var locator = $"calls._id={DbValues.Raw(row, "_id")}";
        if (DbTime.FromUnixMilliseconds(DbValues.Long(row, "date"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"date {DbValues.Raw(row, "date")} is not a Unix millisecond time: the call has no time");
            return null;
        }

        // canonized_number is Viber's own E.164 form of number; either names the other party.
        var party = context.Identify(DbValues.NonEmpty(row, "canonized_number")) ?? context.Identify(DbValues.NonEmpty(row, "number"));
        if (party is null)
        {
            context.RecoveredRecord(locator, $"number {DbValues.Raw(row, "number")} names nobody: the other party is unknown");
        }

        var type = DbValues.Long(row, "type");
        var (direction, missed) = type switch
        {
            1 => (Direction.Incoming, false),
            2 => (Direction.Outgoing, false),
            3 => (Direction.Incoming, true),
            _ => (Direction.Unknown, false),
        };
        if (direction == Direction.Unknown)
        {
            context.Note(locator, $"type {DbValues.Raw(row, "type")} is not 1 (incoming), 2 (outgoing) or 3 (missed): direction unknown");
        }

        var duration = DbValues.Long(row, "duration") is { } d && d is >= 0 and <= int.MaxValue ? (int?)d : null;
        if (duration is null && DbValues.Raw(row, "duration") is var rawDuration && rawDuration != "NULL")
        {
            context.Note(locator, $"duration {rawDuration} is not a number of seconds: left out");
        }

        var status = missed ? CallStatus.Missed : duration > 0 ? CallStatus.Answered : CallStatus.None;
        var subject = DbValues.Long(row, "viber_call_type") switch
        {
            1 => "voice call",
            4 => "video call",
            _ => null,
        };
        if (DbValues.NonEmpty(row, "conference_info") is not null)
        {
            context.Note(locator, "conference_info is set (a group call): only the number column's party is recorded");
        }

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (party is not null && book.NameOf(party) is { } name)
        {
            names[party] = name;
        }

        IReadOnlyList<string> partyList = party is null ? [] : [party];
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = Channel,
            Direction = direction,
            Time = time,
            From = direction == Direction.Outgoing ? OwnerParty.Single(context) : party,
            To = direction == Direction.Outgoing ? partyList : OwnerParty.AsList(context),
            Names = names,
            DurationSeconds = duration,
            CallStatus = status,
            Subject = subject,
            Source = context.Locate(locator),
        };
    }

    public static string Handle(string memberId) => Identifier.ForHandle(Service, memberId);
}

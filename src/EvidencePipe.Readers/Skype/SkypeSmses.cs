using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// One sms event per <c>SMSes</c> row (locator <c>SMSes.id=N</c>): an SMS the account sent through
/// Skype to a phone. <c>type</c> 2 is outgoing (SkypeKit <c>Sms::TYPE</c> OUTGOING; the only kind the
/// desktop client sends): From the owner, To every number of <c>target_numbers</c> (space-separated,
/// as plaso reads it). Other types are kept with their numbers as recipients and no direction. Text
/// <c>body</c>, time <c>timestamp</c> (Unix seconds).
/// </summary>
internal sealed class SkypeSmses(DbSession db, SkypeDirectory directory)
{
    public static readonly string[] Needed = ["id", "timestamp", "target_numbers", "body"];

    public string Sql => $"SELECT s.id AS id, s.timestamp AS timestamp, s.target_numbers AS target_numbers, s.body AS body, {db.Schema.Optional("s", "SMSes", "type")} FROM SMSes s ORDER BY s.id";

    public CommunicationEvent? Map(SqliteDataReader row)
    {
        var context = db.Context;
        var locator = $"SMSes.id={DbValues.Raw(row, "id")}";
        var time = SkypeTime.Of(row, context, locator, "timestamp");
        var targets = (DbValues.NonEmpty(row, "target_numbers") ?? string.Empty)
            .Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(context.Identify).OfType<string>().Distinct().ToList();
        if (targets.Count == 0)
        {
            context.RecoveredRecord(locator, $"target_numbers {DbValues.Raw(row, "target_numbers")}: no recipient number");
        }

        var type = DbValues.Long(row, "type");
        var outgoing = type == 2;
        if (!outgoing)
        {
            context.Note(locator, $"SMSes.type {DbValues.Raw(row, "type")} is not an outgoing SMS: direction not read");
        }

        var from = outgoing ? directory.Owner : null;
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.Sms,
            Direction = outgoing ? Direction.Outgoing : Direction.Unknown,
            Time = time,
            From = from,
            To = targets,
            Names = directory.NamesOf([from, .. targets]),
            Text = DbValues.Text(row, "body") is { } body && body.Trim().Length > 0 ? body : null,
            Subject = "SMS sent through Skype",
            Source = context.Locate(locator),
        };
    }
}

using EvidencePipe.Hashing;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Store.Sqlite.Tests;

/// <summary>Builds small cases in a real SQLite store, through the real writer.</summary>
internal static class CaseBuilder
{
    public const string Sha = "aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11";

    public static CommunicationEvent Message(int n, string text, string from = "tel:+447700900666", string channel = "sms", DateTimeOffset? at = null, string? to = "tel:+447700900123", string? fromName = null)
    {
        var locator = $"line {n}";
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (fromName is not null)
        {
            names[from] = fromName;
        }

        return new CommunicationEvent
        {
            Id = EventIds.For(Sha, locator),
            Kind = EventKind.Message,
            Channel = channel,
            Direction = Direction.Incoming,
            Time = EventTime.FromExplicit(at ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n)),
            From = from,
            To = to is null ? [] : [to],
            Names = names,
            Text = text,
            Source = new SourceRef(Sha, "test.txt", "test", locator),
        };
    }

    public static void Write(CaseStore store, IEnumerable<CommunicationEvent> events, IStoredEventSink? sink = null)
    {
        using var writer = new SqliteCaseWriter(store, sink: sink);
        var info = new SourceInfo("/evidence/test.txt", "test.txt", 1, Sha, "test");
        var records = events.Select(e => (EvidenceRecord)new EventRecord(e)).ToList();
        writer.WriteBatchAsync([new SourceStarted(info), new RecordBatch(info, records), new SourceFinished(info, new SourceOutcome(SourceStatus.Complete, records.Count, 0, 0, [], 0))], CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();
    }
}

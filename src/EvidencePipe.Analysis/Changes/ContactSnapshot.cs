using System.Text.Json;

namespace EvidencePipe.Analysis.Changes;

/// <summary>A person as one run ranked them: enough to say later what changed (band, score, indicators).</summary>
public sealed record PersonSnapshot(string PersonId, string Label, string Band, int Score, IReadOnlyList<string> Indicators);

/// <summary>Writes and reads the persons of a run as JSON (kept in the case by the store).</summary>
public static class ContactSnapshot
{
    public static string ToJson(AnalysisResult result) =>
        JsonSerializer.Serialize(result.Contacts.Select(c => new PersonSnapshot(c.Person.Id, c.Person.Label, c.Band, c.Score, [.. c.Indicators.Select(i => i.Code)])).ToList(), SnapshotJson.Default.ListPersonSnapshot);

    public static IReadOnlyList<PersonSnapshot> FromJson(string json) =>
        JsonSerializer.Deserialize(json, SnapshotJson.Default.ListPersonSnapshot) ?? [];
}

/// <summary>One person whose standing changed since the last snapshot (or who is new in it).</summary>
/// <param name="BandBefore">Null when the person was not in the last snapshot.</param>
public sealed record PersonChange(string PersonId, string Label, string? BandBefore, string Band, int? ScoreBefore, int Score, IReadOnlyList<string> NewIndicators);

/// <summary>What changed between the last snapshot and this run's analysis.</summary>
public static class SinceLast
{
    /// <summary>Persons with a new band, new indicators, or new to the ranking, in this run's rank order.</summary>
    public static IReadOnlyList<PersonChange> Compare(IReadOnlyList<PersonSnapshot> before, AnalysisResult now)
    {
        var then = before.GroupBy(p => p.PersonId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changes = new List<PersonChange>();
        foreach (var c in now.Contacts)
        {
            var was = then.GetValueOrDefault(c.Person.Id);
            var codes = c.Indicators.Select(i => i.Code).Distinct(StringComparer.Ordinal).ToList();
            var added = was is null ? codes : [.. codes.Except(was.Indicators, StringComparer.Ordinal)];
            if (was is null || was.Band != c.Band || added.Count > 0)
            {
                changes.Add(new PersonChange(c.Person.Id, c.Person.Label, was?.Band, c.Band, was?.Score, c.Score, added));
            }
        }

        return changes;
    }
}

/// <summary>
/// What a run shows with <c>--since-last</c>: the snapshot compared with (null: none was kept, so
/// every event is new), the events added since it (in time order, the first <see cref="Cap"/>) and
/// their number, and the persons whose standing changed.
/// </summary>
public sealed record SinceLastView(long? SnapshotId, string? SnapshotTime, IReadOnlyList<Model.CommunicationEvent> NewEvents, int NewEventsTotal, IReadOnlyList<PersonChange> Persons)
{
    public const int Cap = 1000;
}

namespace EvidencePipe.Analysis.Chronology;

/// <summary>
/// One occasion — a calendar day (case zone) with contact from the person — as a chronology row for a
/// charging file or an SPO application: its channels and counts, the first words of the day, the flags
/// that make it matter, and the events behind it (the first <see cref="OccasionLog.ExhibitCap"/>, in
/// time order; <see cref="Unlisted"/> more).
/// </summary>
public sealed record Occasion(
    DateOnly Day,
    int Count,
    IReadOnlyDictionary<string, int> Channels,
    string? FirstWords,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> EventIds,
    int Unlisted);

/// <summary>What an occasion's contact showed (a day may show several).</summary>
[Flags]
internal enum OccasionFlags
{
    None = 0,
    Threat = 1,
    ThreatBanter = 2,
    Surveillance = 4,
    Breach = 8,
    AfterRefusal = 16,
    AfterBlock = 32,
    Incident = 64,
}

using EvidencePipe.Analysis.Persons;

namespace EvidencePipe.Analysis;

/// <summary>An indicator that fired: its rule code, value, a sentence saying why, and the events behind it.</summary>
public sealed record Indicator(string Code, double Value, string Detail, IReadOnlyList<string> Evidence, int Weight);

/// <summary>Contacts inside one order's window.</summary>
public sealed record OrderBreaches(string Order, string Type, int Count, DateTimeOffset? First, DateTimeOffset? Last, IReadOnlyList<string> Evidence);

/// <summary>The dates and counts a charging decision turns on.</summary>
public sealed record LegalPanel(
    DateOnly? FirstOccasion,
    DateOnly? LastOccasion,
    int Occasions,
    int ThreatOccasions,
    bool FearOfViolenceEvidence,
    DateOnly? SummaryTimeLimit);

/// <summary>A day's contact from a person, by channel (for charts).</summary>
public sealed record DailyCount(DateOnly Day, string Channel, int Incoming, int Outgoing);

/// <summary>A dated marker on the timeline (refusal, block, threat, order, onset).</summary>
public sealed record TimelineMarker(DateOnly Day, string Kind, string Label, string? EventId);

/// <summary>One ranked counter-party person with everything that explains the ranking.</summary>
public sealed record ContactReport(
    int Rank,
    Person Person,
    int Events,
    int Incoming,
    int Outgoing,
    DateTimeOffset First,
    DateTimeOffset Last,
    int Score,
    string Band,
    DateOnly? Onset,
    IReadOnlyList<Indicator> Indicators,
    IReadOnlyList<OrderBreaches> Breaches,
    LegalPanel Legal,
    IReadOnlyDictionary<string, int> Channels,
    IReadOnlyList<DailyCount> Daily,
    IReadOnlyList<TimelineMarker> Markers,
    bool Service = false)
{
    /// <summary>One row per occasion (day with contact from the person), when the analysis kept them (<see cref="ContactAnalyzer.KeepOccasions"/>).</summary>
    public IReadOnlyList<Chronology.Occasion> Occasions { get; init; } = [];
}

/// <summary>A short view of an event for evidence tables (time, channel, excerpt, source and locator).</summary>
public sealed record EvidenceItem(string Id, DateTimeOffset Time, TimeSpan Offset, string Channel, string Direction, string? Excerpt, string SourcePath, string Locator);

/// <param name="Lexicon">Version of the phrase lexicon the analysis matched with.</param>
public sealed record AnalysisResult(IReadOnlyList<ContactReport> Contacts, Person? Owner, string OwnerBasis, DateOnly? AsOf, IReadOnlyDictionary<string, EvidenceItem> Evidence, string Lexicon = "")
{
    /// <summary>Whose device the analysis read (the owner's pursuit is scored on a suspect's).</summary>
    public Perspective Perspective { get; init; }

    /// <summary>Impact phrases in the owner's own messages (the first 500, in time order; victim's device only).</summary>
    public IReadOnlyList<ImpactEvidence> Impact { get; init; } = [];
}

/// <summary>
/// A phrase in the owner's own message about the conduct's effect on them — fear or alarm, distress,
/// changed day-to-day activities (Protection from Harassment Act 1997 s.4A(1)(b)(ii)) — shown verbatim
/// with its event, to be confirmed by an officer with the victim.
/// </summary>
public sealed record ImpactEvidence(string EventId, DateTimeOffset Time, string Category, string Matched);

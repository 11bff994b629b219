namespace EvidencePipe.Analysis;

/// <summary>Whose device the case is (<c>ingest --perspective</c>, kept with the case).</summary>
public enum Perspective
{
    /// <summary>The owner is the person being contacted: each counter-party's contact with the owner is scored.</summary>
    Victim,

    /// <summary>
    /// The owner is the person under investigation: the owner's own pursuit of each counter-party is
    /// scored — the owner's contact counts as the "contact" of every indicator (volume, persistence,
    /// unanswered, escalation with onset, threats and surveillance phrases the owner wrote), and the
    /// counter-party's messages are read for refusals ("stop contacting me"), so contact after them counts.
    /// </summary>
    Suspect,
}

/// <summary>The wire names <c>victim</c> and <c>suspect</c>.</summary>
public static class Perspectives
{
    public static string Name(Perspective p) => p == Perspective.Suspect ? "suspect" : "victim";

    public static Perspective? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "victim" => Perspective.Victim,
        "suspect" => Perspective.Suspect,
        _ => null,
    };
}

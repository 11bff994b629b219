namespace EvidencePipe.Analysis.Scoring;

/// <summary>
/// The scoring table (versioned; the README prints the same table). The score is a transparent
/// weighted sum of the indicators that fired — a way to order a list for an officer's attention,
/// never a probability and never a substitute for DASH/S-DASH risk assessment with the victim.
/// </summary>
public static class ScoreWeights
{
    public const string Version = "scoring-v3";

    public const int HighBand = 60;
    public const int MediumBand = 30;

    public static IReadOnlyDictionary<string, int> Weights { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal)
    {
        ["course_of_conduct"] = 10,
        ["persistence"] = 10,
        ["unanswered"] = 10,
        ["escalation"] = 20,
        ["repertoire"] = 5,
        ["night_time"] = 10,
        ["threats"] = 25,
        ["isolated_threat"] = 10,
        ["threat_banter"] = 0,
        ["threat_occasions"] = 10,
        ["surveillance"] = 15,
        ["contact_after_refusal"] = 20,
        ["contact_after_block"] = 15,
        ["identity_switch"] = 15,
        ["several_owner_identities"] = 15,
        ["order_breach"] = 25,
        ["order_breach_course"] = 10,
    };

    public static string Band(int score) => score >= HighBand ? "high" : score >= MediumBand ? "medium" : "standard";
}

namespace EvidencePipe.Reading;

public enum DiagnosticSeverity
{
    /// <summary>Worth an examiner's attention, nothing lost (e.g. an undecidable date order).</summary>
    Note,

    /// <summary>A record was recovered with a repair (e.g. a corrupt attachment left out).</summary>
    Recovered,

    /// <summary>A record, or the rest of a file, could not be read.</summary>
    Skipped,
}

/// <summary>A problem found in a source: which file, where in it, and why.</summary>
public sealed record Diagnostic(string SourcePath, string Locator, DiagnosticSeverity Severity, string Reason)
{
    public override string ToString() => $"{SourcePath} @ {Locator}: {Reason}";

    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Note => "note",
        DiagnosticSeverity.Recovered => "recovered",
        _ => "skipped",
    };
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using EvidencePipe.Application.Validation;
using EvidencePipe.Export;

namespace EvidencePipe.Cli.Commands;

/// <summary>The validation report: environment, dataset hashes, every check, and the verdict — as JSON and Markdown.</summary>
internal sealed record ValidationReport(
    ValidationReference Reference, string ReferencePath, string ReferenceSha256, DateTimeOffset RunUtc, IReadOnlyList<ValidationCheck> Checks)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Pass);

    public string Verdict => Passed ? "PASS" : "FAIL";

    public string ToJson() => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("tool", "evidencepipe");
        w.WriteString("tool_version", Tool.Version);
        w.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
        w.WriteString("os", RuntimeInformation.OSDescription);
        w.WriteString("run_utc", EventJson.Time(RunUtc));
        w.WriteString("reference_set", Reference.Name);
        w.WriteString("reference_path", ReferencePath);
        w.WriteString("reference_sha256", ReferenceSha256);
        w.WriteString("time_zone", Reference.TimeZone);
        w.WriteString("region", Reference.Region);
        w.WriteString("tzdb_version", Time.CaseTimeZone.TzdbVersion);
        w.WriteString("phone_normaliser", Identifiers.PhoneNormalizer.Name);
        w.WriteStartArray("datasets");
        foreach (var f in Reference.Files)
        {
            w.WriteStartObject();
            w.WriteString("path", f.Path);
            w.WriteString("sha256", f.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("checks");
        foreach (var c in Checks)
        {
            w.WriteStartObject();
            w.WriteString("file", c.File);
            w.WriteString("check", c.Check);
            w.WriteString("expected", c.Expected);
            w.WriteString("actual", c.Actual);
            w.WriteBoolean("pass", c.Pass);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("passed", Checks.Count(c => c.Pass));
        w.WriteNumber("failed", Checks.Count(c => !c.Pass));
        w.WriteString("verdict", Verdict);
        w.WriteEndObject();
    });

    public string ToMarkdown()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("# EvidencePipe validation report\n\n");
        sb.Append(ci, $"- Verdict: **{Verdict}** ({Checks.Count(c => c.Pass)} of {Checks.Count} checks passed)\n");
        sb.Append(ci, $"- Tool: evidencepipe {Tool.Version}\n");
        sb.Append(ci, $"- Runtime: {RuntimeInformation.FrameworkDescription}; OS: {RuntimeInformation.OSDescription}\n");
        sb.Append(ci, $"- Run (UTC): {EventJson.Time(RunUtc)}\n");
        sb.Append(ci, $"- Reference set: {Reference.Name} ({ReferencePath}, SHA-256 {ReferenceSha256}); zone {Reference.TimeZone} (TZDB {Time.CaseTimeZone.TzdbVersion}), region {Reference.Region} ({Identifiers.PhoneNormalizer.Name})\n\n");
        sb.Append("## Datasets\n\n| file | SHA-256 |\n|---|---|\n");
        foreach (var f in Reference.Files)
        {
            sb.Append(ci, $"| {Cell(f.Path)} | {f.Sha256} |\n");
        }

        sb.Append("\n## Checks\n\n| file | check | expected | actual | result |\n|---|---|---|---|---|\n");
        foreach (var c in Checks)
        {
            sb.Append(ci, $"| {Cell(c.File)} | {Cell(c.Check)} | {Cell(c.Expected)} | {Cell(c.Actual)} | {(c.Pass ? "pass" : "**FAIL**")} |\n");
        }

        return sb.ToString();
    }

    /// <summary>A table cell: pipes escaped and line breaks shown, so one value stays one cell.</summary>
    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

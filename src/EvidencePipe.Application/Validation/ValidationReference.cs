using System.Text.Json;

namespace EvidencePipe.Application.Validation;

/// <summary>
/// The reference-set manifest (<c>fixtures/validation/reference.json</c>): input files, relative to
/// the manifest, each with its SHA-256, expected format and event count, and expected field values of
/// chosen events (by locator), all established without EvidencePipe (see fixtures/validation/README.md).
/// </summary>
public sealed record ValidationReference(string Name, string TimeZone, string Region, IReadOnlyList<string> Owners, IReadOnlyList<ValidationFile> Files)
{
    public static ValidationReference Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var files = new List<ValidationFile>();
        foreach (var f in Array(root, "files"))
        {
            var fields = new List<ValidationField>();
            if (f.TryGetProperty("fields", out var list))
            {
                foreach (var c in list.EnumerateArray())
                {
                    fields.Add(new ValidationField(Text(c, "locator"), Text(c, "field"), Text(c, "expected")));
                }
            }

            var relative = Text(f, "path");
            files.Add(new ValidationFile(relative, Path.GetFullPath(Path.Combine(baseDir, relative)), Text(f, "sha256"), Text(f, "format"),
                f.TryGetProperty("events", out var n) && n.TryGetInt32(out var count) ? count : throw new FormatException($"{relative}: 'events' must be a number"),
                fields));
        }

        return new ValidationReference(
            Text(root, "name"),
            root.TryGetProperty("time_zone", out var tz) ? tz.GetString() ?? "Europe/London" : "Europe/London",
            root.TryGetProperty("region", out var region) ? region.GetString() ?? "GB" : "GB",
            root.TryGetProperty("owners", out var owners) ? [.. owners.EnumerateArray().Select(o => o.GetString() ?? string.Empty)] : [],
            files);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : throw new FormatException($"'{name}' must be an array");

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"'{name}' must be a string");
}

public sealed record ValidationFile(string Path, string FullPath, string Sha256, string Format, int Events, IReadOnlyList<ValidationField> Fields);

public sealed record ValidationField(string Locator, string Field, string Expected);

/// <summary>One check: what the reference set expects and what this build produced.</summary>
public sealed record ValidationCheck(string File, string Check, string Expected, string Actual)
{
    public bool Pass => string.Equals(Expected, Actual, StringComparison.Ordinal);
}

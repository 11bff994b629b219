using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Readers;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Time;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>validate [--reference FILE] [--out REPORT.json]</c>: runs the bundled reference set — fixtures
/// whose expected hashes, event counts and field values were established independently of
/// EvidencePipe — through the real pipeline into a temporary case and reports every check's expected
/// and actual value, for a lab's method-validation records (FSR Code of Practice, issue 8).
/// </summary>
internal static class ValidateCommand
{
    public const string DefaultReference = "fixtures/validation/reference.json";

    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var referencePath = cl.Option("reference") ?? FindBundledReference()
            ?? throw new UsageException($"no --reference given and {DefaultReference} not found above the current or program directory");
        var outPath = cl.Option("out");
        cl.RejectUnknown();

        ValidationReference reference;
        try
        {
            reference = ValidationReference.Load(referencePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            throw new UsageException($"--reference {referencePath}: {ex.Message}");
        }

        var checks = await RunChecksAsync(reference, cancellationToken).ConfigureAwait(false);
        var report = new ValidationReport(reference, Path.GetFullPath(referencePath), Sha256Of(referencePath), DateTimeOffset.UtcNow, checks);
        var markdown = report.ToMarkdown();
        if (outPath is not null)
        {
            var full = Path.GetFullPath(outPath);
            await File.WriteAllTextAsync(full, report.ToJson() + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.ChangeExtension(full, ".md"), markdown, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }

        await stdout.WriteAsync(markdown).ConfigureAwait(false);
        if (!report.Passed)
        {
            foreach (var failed in checks.Where(c => !c.Pass))
            {
                await stderr.WriteLineAsync($"evidencepipe: validation FAILED: {failed.File}: {failed.Check}: expected {failed.Expected}, got {failed.Actual}").ConfigureAwait(false);
            }

            return ExitCodes.ValidationFailed;
        }

        return ExitCodes.Ok;
    }

    private static async Task<List<ValidationCheck>> RunChecksAsync(ValidationReference reference, CancellationToken cancellationToken)
    {
        var zone = new CaseTimeZone(reference.TimeZone);
        if (!PhoneRegion.TryGet(reference.Region, out var region))
        {
            throw new UsageException($"reference set: unknown region '{reference.Region}'");
        }

        var owners = reference.Owners.Select(o => Identifier.Parse(o, region) ?? o).ToHashSet(StringComparer.Ordinal);
        var settings = new CaseSettings(zone, region, owners);
        var caseDir = Path.Combine(Path.GetTempPath(), "evidencepipe-validate-" + Guid.NewGuid().ToString("N"));
        var checks = new List<ValidationCheck>();
        try
        {
            Dictionary<string, SourceRow> sources;
            Dictionary<string, List<CommunicationEvent>> eventsBySha;
            using (var store = CaseStore.Open(caseDir, create: true))
            {
                using (var writer = new SqliteCaseWriter(store))
                {
                    var pipeline = new IngestPipeline(ReaderCatalog.CreateRegistry(), writer, writer, new IngestOptions(settings) { Workers = 2 });
                    await pipeline.RunAsync(reference.Files.Select(f => f.FullPath).ToList(), cancellationToken).ConfigureAwait(false);
                }

                sources = store.ReadSources().GroupBy(s => s.AbsolutePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                eventsBySha = EventQueries.ReadAllOrdered(store, cancellationToken).GroupBy(e => e.Source.Sha256, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            }

            foreach (var file in reference.Files)
            {
                checks.AddRange(Check(file, sources.GetValueOrDefault(file.FullPath), eventsBySha));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(caseDir, recursive: true);
            }
            catch (IOException)
            {
                // a temporary case; leaving it behind changes no result
            }
        }

        return checks;
    }

    private static IEnumerable<ValidationCheck> Check(ValidationFile file, SourceRow? source, Dictionary<string, List<CommunicationEvent>> eventsBySha)
    {
        var ci = CultureInfo.InvariantCulture;
        var actualSha = File.Exists(file.FullPath) ? Sha256Of(file.FullPath) : "(missing)";
        yield return new ValidationCheck(file.Path, "sha256", file.Sha256, actualSha);
        yield return new ValidationCheck(file.Path, "recorded sha256", file.Sha256, source?.Sha256 ?? "(not ingested)");
        yield return new ValidationCheck(file.Path, "format", file.Format, source?.Format ?? "(not ingested)");
        var events = source is not null && eventsBySha.TryGetValue(source.Sha256, out var list) ? list : [];
        yield return new ValidationCheck(file.Path, "events", file.Events.ToString(ci), events.Count.ToString(ci));
        foreach (var expected in file.Fields)
        {
            var e = events.SingleOrDefault(x => x.Source.Locator == expected.Locator);
            var actual = e is null ? "(no event at this locator)" : FieldOf(e, expected.Field);
            yield return new ValidationCheck(file.Path, $"{expected.Locator} {expected.Field}", expected.Expected, actual);
        }
    }

    /// <summary>An event field as the export writes it (DESIGN.md "Contract", export).</summary>
    private static string FieldOf(CommunicationEvent e, string field) => field switch
    {
        "time" => EventJson.Time(e.Time.Utc),
        "time_offset" => EventJson.Offset(e.Time.Offset),
        "time_basis" => e.Time.BasisName,
        "kind" => ModelNames.Of(e.Kind),
        "channel" => e.Channel,
        "direction" => ModelNames.Of(e.Direction),
        "from" => e.From ?? string.Empty,
        "to" => string.Join(";", e.To),
        "text" => e.Text ?? string.Empty,
        "subject" => e.Subject ?? string.Empty,
        "duration_s" => e.DurationSeconds?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        "call_status" => ModelNames.Of(e.CallStatus) ?? string.Empty,
        "geo" => e.Geo is { } g ? $"{EventJson.Number(g.Latitude)},{EventJson.Number(g.Longitude)}" : string.Empty,
        _ => $"(unknown field '{field}')",
    };

    private static string Sha256Of(string path)
    {
        using var stream = EvidenceSource.OpenEvidence(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string? FindBundledReference()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultReference);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

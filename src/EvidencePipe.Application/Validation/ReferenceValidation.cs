using System.Globalization;
using System.Security.Cryptography;
using EvidencePipe.Export;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Readers;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Time;

namespace EvidencePipe.Application.Validation;

/// <summary>
/// Runs the reference set — fixtures whose expected hashes, event counts and field values were
/// established independently of EvidencePipe — through the real pipeline into a temporary case and
/// compares every expected value with what this build produced (the <c>validate</c> command).
/// </summary>
public static class ReferenceValidation
{
    /// <summary>
    /// Ingests every reference file into a temporary case with the reference set's zone, region and
    /// owners (two workers, no index: only the store is compared) and checks each expected value.
    /// </summary>
    public static async Task<List<ValidationCheck>> RunChecksAsync(ValidationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var zone = new CaseTimeZone(reference.TimeZone);
        if (!PhoneRegion.TryGet(reference.Region, out var region))
        {
            throw new CaseOptionException($"reference set: unknown region '{reference.Region}'");
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

    public static string Sha256Of(string path)
    {
        using var stream = EvidenceSource.OpenEvidence(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

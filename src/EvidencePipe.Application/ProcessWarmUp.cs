using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Time;

namespace EvidencePipe.Application;

/// <summary>
/// One-time native set-up the first file of an ingest would otherwise pay for on the pipeline's critical path, started
/// on another core while the case opens (its SQLite fsyncs leave that core idle): ICU's collator for the invariant
/// culture (MetadataExtractor's XMP parser compares strings culture-aware, and date parsing matches case-insensitively;
/// .NET builds a tailored collator for each option set on first use), the date-format token tables, Unicode
/// normalisation data (the index's term normaliser, identifiers), and OpenSSL's libcrypto, loaded and relocated at the
/// first SHA-256 outside the lanes, and NodaTime's time-zone database. A photo folder (360 photos) ran ~10 ms sooner, at the same CPU
/// (benchmarks/results/2026-12-05-issue18-tail.md). Nothing here changes a result: each call only answers a constant.
/// </summary>
internal static class ProcessWarmUp
{
    public static void Start(CancellationToken cancellationToken) => _ = Task.Run(Run, cancellationToken);

    private static void Run()
    {
        // NodaTime's TZDB, which every reader's local times go through (read from its embedded resource once).
        _ = CaseTimeZone.TzdbVersion;
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        _ = compare.IsPrefix("xmp", "x", CompareOptions.None);
        _ = compare.IsPrefix("xmp", "X", CompareOptions.IgnoreCase);
        _ = DateTimeOffset.TryParse("2001-01-01T00:00:00+00:00", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        _ = "\uFB01".Normalize(NormalizationForm.FormKC).IsNormalized(NormalizationForm.FormC);
        try
        {
            _ = SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }
        catch (Exception ex) when (ex is CryptographicException or PlatformNotSupportedException)
        {
            // No OpenSSL: the first real use reports it where it matters.
        }
    }
}

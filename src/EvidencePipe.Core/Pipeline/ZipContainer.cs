using System.IO.Compression;

namespace EvidencePipe.Pipeline;

/// <summary>Limits on what a zip container may expand to (zip-bomb defence).</summary>
public sealed record ContainerLimits
{
    public int MaxEntries { get; init; } = 200_000;

    public long MaxTotalBytes { get; init; } = 64L << 30;

    /// <summary>Uncompressed/compressed ratio above which an entry is refused (with at least <see cref="RatioFloorBytes"/> uncompressed).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    public long RatioFloorBytes { get; init; } = 1 << 20;
}

/// <summary>An entry to read in place, or a reason it was refused.</summary>
public sealed record ContainerEntry(string Name, long Length, string? Refusal);

/// <summary>
/// Lists the entries of a zip container (PKWARE APPNOTE 4.3) for reading in place — nothing is
/// extracted to disk. Entries whose names climb out of the archive (<c>..</c>), are absolute, or
/// whose declared sizes break the limits are refused with a reason rather than read.
/// </summary>
public static class ZipContainer
{
    public static bool IsZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;

    public static IReadOnlyList<ContainerEntry> List(string path, ContainerLimits limits)
    {
        var result = new List<ContainerEntry>();
        using var archive = new ZipArchive(Reading.EvidenceSource.OpenEvidence(path), ZipArchiveMode.Read, leaveOpen: false);
        long total = 0;
        foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            if (entry.FullName.EndsWith('/') && entry.Length == 0)
            {
                continue; // a folder
            }

            if (result.Count >= limits.MaxEntries)
            {
                result.Add(new ContainerEntry(entry.FullName, entry.Length, $"more than {limits.MaxEntries} entries: the rest were not read"));
                break;
            }

            result.Add(new ContainerEntry(entry.FullName, entry.Length, Refusal(entry, ref total, limits)));
        }

        return result;
    }

    private static string? Refusal(ZipArchiveEntry entry, ref long total, ContainerLimits limits)
    {
        var name = entry.FullName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(part => part == ".."))
        {
            return "entry path is absolute or climbs out of the archive ('..'): refused";
        }

        if (entry.Length >= limits.RatioFloorBytes && entry.CompressedLength > 0 && entry.Length / (double)entry.CompressedLength > limits.MaxCompressionRatio)
        {
            return $"compression ratio {entry.Length / (double)entry.CompressedLength:0} exceeds {limits.MaxCompressionRatio}: refused as a possible zip bomb";
        }

        total += entry.Length;
        return total > limits.MaxTotalBytes ? $"archive expands beyond {limits.MaxTotalBytes} bytes: refused" : null;
    }
}

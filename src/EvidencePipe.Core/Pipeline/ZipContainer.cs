using System.Globalization;
using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>Limits on what a zip container may expand to (zip-bomb defence), counted over the archive and every zip nested in it.</summary>
public sealed record ContainerLimits
{
    public int MaxEntries { get; init; } = 200_000;

    public long MaxTotalBytes { get; init; } = 64L << 30;

    /// <summary>Uncompressed/compressed ratio above which an entry is refused (with at least <see cref="RatioFloorBytes"/> uncompressed).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    public long RatioFloorBytes { get; init; } = 1 << 20;

    /// <summary>Archives deep a zip inside a zip is still expanded: the archive on disk is level 1.</summary>
    public int MaxDepth { get; init; } = 4;

    /// <summary>Largest zip inside a zip that is expanded (it is read from a copy in memory).</summary>
    public long MaxNestedArchiveBytes { get; init; } = 256L << 20;
}

/// <summary>What an archive and the zips nested in it have used of one <see cref="ContainerLimits"/>: the limits hold for the whole tree, not per level.</summary>
public sealed class ContainerBudget(ContainerLimits limits)
{
    public ContainerLimits Limits { get; } = limits;

    public int Entries { get; set; }

    public long Bytes { get; set; }
}

/// <summary>An entry to read in place, or a reason it was refused.</summary>
/// <param name="Name">The entry's name in its own archive.</param>
/// <param name="EntryPath">How the source names it (<see cref="ZipEntryPath"/>): the name, <c>#index/name</c> for a duplicated name, after the inner zip's path for a nested one.</param>
public sealed record ContainerEntry(string Name, string EntryPath, long Length, string? Refusal);

/// <summary>
/// Lists the entries of a zip container (PKWARE APPNOTE 4.3) for reading in place — nothing is
/// extracted to disk. Entries whose names climb out of the archive (<c>..</c>), are absolute, or
/// whose declared sizes break the limits are refused with a reason rather than read.
/// </summary>
public static class ZipContainer
{
    public static bool IsZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;

    /// <summary>The entries of the archive at <paramref name="path"/> (or of the zip at <paramref name="nestedEntryPath"/> inside it), in name order, charged to <paramref name="budget"/>.</summary>
    public static IReadOnlyList<ContainerEntry> List(ZipArchives archives, string path, string? nestedEntryPath, ContainerBudget budget)
    {
        var limits = budget.Limits;
        var result = new List<ContainerEntry>();
        foreach (var entry in archives.List(path, nestedEntryPath).OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Index))
        {
            if (entry.Name.EndsWith('/') && entry.Length == 0)
            {
                continue; // a folder
            }

            var entryPath = nestedEntryPath is null ? entry.Segment : ZipEntryPath.Nested(nestedEntryPath, entry.Segment);
            if (budget.Entries >= limits.MaxEntries)
            {
                result.Add(new ContainerEntry(entry.Name, entryPath, entry.Length, string.Create(CultureInfo.InvariantCulture, $"more than {limits.MaxEntries} entries: the rest were not read")));
                break;
            }

            budget.Entries++;
            result.Add(new ContainerEntry(entry.Name, entryPath, entry.Length, Refusal(entry, budget)));
        }

        return result;
    }

    private static string? Refusal(ZipListing entry, ContainerBudget budget)
    {
        var limits = budget.Limits;
        var name = entry.Name.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(part => part == ".."))
        {
            return "entry path is absolute or climbs out of the archive ('..'): refused";
        }

        if (entry.Length >= limits.RatioFloorBytes && entry.CompressedLength > 0 && entry.Length / (double)entry.CompressedLength > limits.MaxCompressionRatio)
        {
            return string.Create(CultureInfo.InvariantCulture, $"compression ratio {entry.Length / (double)entry.CompressedLength:0} exceeds {limits.MaxCompressionRatio}: refused as a possible zip bomb");
        }

        budget.Bytes += entry.Length;
        return budget.Bytes > limits.MaxTotalBytes ? string.Create(CultureInfo.InvariantCulture, $"archive expands beyond {limits.MaxTotalBytes} bytes: refused") : null;
    }
}

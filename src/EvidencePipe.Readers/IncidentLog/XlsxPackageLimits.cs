using System.Globalization;
using System.IO.Compression;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// Zip-bomb defence for a workbook, checked on the central directory (PKWARE APPNOTE 4.3.12) before
/// any part is inflated: too many parts, a part or a whole that would expand too far, or a
/// compression ratio no spreadsheet reaches. A part whose header lies about its size is still cut
/// off while it is parsed (<see cref="MaxCharactersInPart"/>, <see cref="System.Xml.XmlReaderSettings.MaxCharactersInDocument"/>).
/// </summary>
internal static class XlsxPackageLimits
{
    public const int MaxParts = 10_000;
    public const long MaxPartBytes = 256L << 20;
    public const long MaxTotalBytes = 512L << 20;
    public const double MaxRatio = 200;
    public const long RatioFloorBytes = 1L << 20;

    /// <summary>Characters an XML part may hold when parsed (a hostile part is stopped here whatever its header says).</summary>
    public const long MaxCharactersInPart = 128L << 20;

    /// <summary>The refused part and the reason, or null when the package is within the limits.</summary>
    public static (string Part, string Reason)? Check(Stream package)
    {
        using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count > MaxParts)
        {
            return ("package", string.Create(CultureInfo.InvariantCulture, $"{zip.Entries.Count} parts, more than {MaxParts}: refused"));
        }

        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.Length > MaxPartBytes)
            {
                return (entry.FullName, string.Create(CultureInfo.InvariantCulture, $"expands to {entry.Length} bytes, more than {MaxPartBytes}: refused as a possible zip bomb"));
            }

            if (entry.Length >= RatioFloorBytes && entry.CompressedLength > 0 && entry.Length / (double)entry.CompressedLength > MaxRatio)
            {
                return (entry.FullName, string.Create(CultureInfo.InvariantCulture, $"compression ratio {entry.Length / (double)entry.CompressedLength:0} exceeds {MaxRatio}: refused as a possible zip bomb"));
            }

            total += entry.Length;
            if (total > MaxTotalBytes)
            {
                return (entry.FullName, string.Create(CultureInfo.InvariantCulture, $"the workbook expands beyond {MaxTotalBytes} bytes: refused as a possible zip bomb"));
            }
        }

        return null;
    }
}

using System.Security.Cryptography;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application;

/// <summary>What became of a request for an exhibit file's bytes.</summary>
public enum ExhibitOutcome
{
    /// <summary>Read, and its SHA-256 is the one the case recorded: <see cref="ExhibitRead.Bytes"/> hold it.</summary>
    Verified,

    /// <summary>The case references no photo or video with that SHA-256.</summary>
    NotInCase,

    /// <summary>The file is no longer where the case recorded it (or cannot be read).</summary>
    Missing,

    /// <summary>The file's bytes are not those the case recorded: it has changed since ingest.</summary>
    Changed,

    /// <summary>Larger than the limit asked for: not read into memory.</summary>
    TooLarge,
}

/// <summary>The outcome, the exhibit as recorded, its bytes when verified, and the SHA-256 found when it changed.</summary>
public sealed record ExhibitRead(ExhibitOutcome Outcome, ExhibitFile? File, byte[]? Bytes, string? ActualSha256, string? Reason);

/// <summary>
/// Reads a photo or video exhibit of a case from the file the case recorded, read-only, and hands its bytes out only
/// when their SHA-256 is still the one recorded at ingest (the same check as <c>verify</c>): a changed exhibit is
/// refused, never shown. The bytes are read once into memory and hashed there, so what is verified is exactly what
/// is handed out (no window between checking the file and reading it again).
/// </summary>
public static class ExhibitBytes
{
    public static Task<ExhibitRead> ReadMediaAsync(CaseStore store, string sha256, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ReadMediaAsync(ExhibitQueries.Media(store, [sha256]).GetValueOrDefault(sha256), maxBytes, cancellationToken);
    }

    /// <summary>The same for an exhibit already looked up by its SHA-256 (a lab case's, <c>LabEventQueries.Media</c>); null: not in the case.</summary>
    public static async Task<ExhibitRead> ReadMediaAsync(ExhibitFile? file, long maxBytes, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return new(ExhibitOutcome.NotInCase, null, null, null, "the case references no photo or video with that SHA-256");
        }

        if (file.Size > maxBytes)
        {
            return new(ExhibitOutcome.TooLarge, file, null, null,
                $"{file.Size} bytes is more than the {maxBytes} served: open it from the exhibit ({file.AbsolutePath})");
        }

        byte[] bytes;
        try
        {
            var source = new EvidenceSource(file.AbsolutePath, file.Path, file.Size, file.Sha256, file.Format ?? string.Empty) { ContainerEntry = file.ContainerEntry };
            await using var stream = source.OpenRead();
            using var copy = new MemoryStream(checked((int)file.Size));
            // One byte beyond the limit is enough to know the file grew past it.
            await CopyAtMostAsync(stream, copy, maxBytes + 1, cancellationToken).ConfigureAwait(false);
            bytes = copy.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new(ExhibitOutcome.Missing, file, null, null, $"cannot read {file.AbsolutePath}{(file.ContainerEntry is null ? string.Empty : " → " + file.ContainerEntry)}: {ex.Message}");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == file.Sha256
            ? new(ExhibitOutcome.Verified, file, bytes, actual, null)
            : new(ExhibitOutcome.Changed, file, null, actual,
                $"{file.Path} has changed since it was recorded: SHA-256 now {actual}, the case recorded {file.Sha256} ({bytes.Length} bytes now, {file.Size} recorded); not served — run verify");
    }

    private static async Task CopyAtMostAsync(Stream from, Stream to, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[EvidenceSource.BufferSize];
        long total = 0;
        int n;
        while (total < limit && (n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            total += n;
        }
    }
}

using System.Security.Cryptography;
using EvidencePipe.Reading;

namespace EvidencePipe.TestSupport;

/// <summary>Runs one reader over one file the way the pipeline does: hash first, then read.</summary>
public static class ReaderHarness
{
    public static async Task<(List<EvidenceRecord> Records, ReadContext Context)> ReadAllAsync(
        IEvidenceReader reader, string path, CaseSettings? settings = null)
    {
        string sha;
        long length;
        await using (var stream = EvidenceSource.OpenEvidence(path))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            length = stream.Length;
        }

        var source = new EvidenceSource(Path.GetFullPath(path), Path.GetFileName(path), length, sha, reader.Format);
        var context = new ReadContext(source, settings ?? CaseSettings.Default);
        var records = new List<EvidenceRecord>();
        await foreach (var record in reader.ReadAsync(source, context, CancellationToken.None))
        {
            records.Add(record);
        }

        return (records, context);
    }

    public static byte[] Head(string path)
    {
        using var stream = EvidenceSource.OpenEvidence(path);
        var buffer = new byte[SniffBuffer.HeadLength];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..n];
    }
}

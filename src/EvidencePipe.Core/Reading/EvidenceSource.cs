namespace EvidencePipe.Reading;

/// <summary>
/// A source file that has been hashed and identified. Readers open it through
/// <see cref="OpenRead"/> only, which never writes, locks or creates anything beside the evidence.
/// </summary>
public sealed record EvidenceSource(string AbsolutePath, string RelativePath, long Length, string Sha256, string Format)
{
    public const int BufferSize = 1 << 16;

    public Stream OpenRead() => OpenEvidence(AbsolutePath);

    /// <summary>Opens evidence read-only, sharing with other readers, for one sequential pass.</summary>
    public static FileStream OpenEvidence(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        BufferSize = BufferSize,
        Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
    });

    /// <summary>The file name without folders: WhatsApp names the chat partner in it.</summary>
    public string FileName => Path.GetFileName(RelativePath);
}

namespace EvidencePipe.Reading;

/// <summary>
/// A source that has been hashed and identified: a plain file, or an entry inside a zip container
/// (<see cref="ContainerEntry"/>). Readers get at the bytes only through <see cref="OpenRead"/> or
/// <see cref="OpenLocalFile"/>, which never write, lock or create anything beside the evidence.
/// </summary>
public sealed record EvidenceSource(string AbsolutePath, string RelativePath, long Length, string Sha256, string Format)
{
    public const int BufferSize = 1 << 16;

    /// <summary>The entry's full name inside the zip at <see cref="AbsolutePath"/>; null for a plain file.</summary>
    public string? ContainerEntry { get; init; }

    /// <summary>
    /// Told the position reached after each read of a plain file through <see cref="OpenRead"/>, so an
    /// ingest's progress follows the bytes its readers have consumed; null when nobody is listening.
    /// </summary>
    public Action<long>? ReadProgress { get; init; }

    /// <summary>
    /// Where <see cref="OpenLocalFile"/> puts a container entry's private copy: the ingest's folder under the case
    /// directory (<see cref="TemporaryCopies"/>); null (a command outside an ingest) uses the machine's temp folder.
    /// </summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>
    /// The run's open archives (<see cref="ZipArchives"/>), so a container entry is read without reading its
    /// archive's central directory again; null opens the archive for this one stream.
    /// </summary>
    public ZipArchives? Archives { get; init; }

    /// <summary>A forward-only stream of the source's bytes.</summary>
    public Stream OpenRead() => ContainerEntry is not null
        ? OpenZipEntry()
        : ReadProgress is null ? OpenEvidence(AbsolutePath) : new ProgressStream(OpenEvidence(AbsolutePath), ReadProgress);

    /// <summary>
    /// A file path for readers that need random access (SQLite databases): the evidence itself for a
    /// plain file — which the reader must open read-only and immutable — or, for a container entry,
    /// a private temporary copy that is deleted when the result is disposed.
    /// </summary>
    public LocalEvidenceFile OpenLocalFile()
    {
        if (ContainerEntry is null)
        {
            return new LocalEvidenceFile(AbsolutePath, temporaryDirectory: null);
        }

        var dir = Path.Combine(TemporaryDirectory ?? Path.GetTempPath(), "evidencepipe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Path.GetFileName(ContainerEntry.Replace('\\', '/').TrimEnd('/')) is { Length: > 0 } n ? n : "entry");
        using (var input = OpenRead())
        using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
        {
            input.CopyTo(output);
        }

        Pipeline.FaultPoint.Hit(Pipeline.FaultPoint.AfterTempCopy);
        return new LocalEvidenceFile(path, dir);
    }

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
    public string FileName => Path.GetFileName((ContainerEntry ?? RelativePath).Replace('\\', '/'));

    private Stream OpenZipEntry()
    {
        if (Archives is not null)
        {
            return Archives.OpenEntry(AbsolutePath, ContainerEntry!);
        }

        var own = new ZipArchives { MaxIdle = 0 };
        try
        {
            return new OwningStream(own.OpenEntry(AbsolutePath, ContainerEntry!), own);
        }
        catch
        {
            own.Dispose();
            throw;
        }
    }

    /// <summary>An entry stream that also disposes the archive it came from.</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : ForwardReadStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A local path to a source's bytes; deletes its private copy, if any, on dispose.</summary>
public sealed class LocalEvidenceFile : IDisposable
{
    private readonly string? _temporaryDirectory;

    internal LocalEvidenceFile(string path, string? temporaryDirectory)
    {
        Path = path;
        _temporaryDirectory = temporaryDirectory;
    }

    public string Path { get; }

    /// <summary>True when <see cref="Path"/> is the evidence itself (open it read-only and immutable).</summary>
    public bool IsOriginal => _temporaryDirectory is null;

    public void Dispose()
    {
        if (_temporaryDirectory is not null)
        {
            try
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
            }
            catch (IOException)
            {
                // a private temp copy; failing to delete it never touches evidence
            }
        }
    }
}

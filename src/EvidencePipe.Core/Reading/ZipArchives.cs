using System.Globalization;
using System.IO.Compression;

namespace EvidencePipe.Reading;

/// <summary>One entry of a zip's central directory, in the archive's own order (APPNOTE 4.3.12).</summary>
/// <param name="Index">Position in the central directory: what tells two entries of one name apart.</param>
/// <param name="Duplicated">Another entry of the archive has the same name.</param>
public sealed record ZipListing(int Index, string Name, long Length, long CompressedLength, bool Duplicated)
{
    /// <summary>The entry's segment of an entry path: its name, or <c>#index/name</c> when the name is not unique.</summary>
    public string Segment => Duplicated ? ZipEntryPath.Indexed(Index, Name) : Name;
}

/// <summary>
/// How an entry is named inside its container, as stored in a source's <c>container_entry</c> and shown after the
/// archive's path (<c>archive.zip!/entry</c>): the entry's name when it is unique in its archive — the form cases
/// have always used — or <c>#index/name</c> when two entries share a name (a zip may hold both, APPNOTE does not
/// forbid it); an entry of a zip inside the zip follows the inner zip's own path after <c>!/</c>
/// (<c>inner.zip!/entry</c>).
/// </summary>
public static class ZipEntryPath
{
    public const string NestedSeparator = "!/";

    public static string Indexed(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"#{index}/{name}");

    public static string Nested(string archiveEntryPath, string segment) => archiveEntryPath + NestedSeparator + segment;
}

/// <summary>
/// The zip archives one ingest reads, each opened — and its central directory read — once, however many of its
/// entries are hashed and parsed, instead of once per entry (quadratic on a 200,000-entry Takeout archive). Entries
/// of one archive are read through its single file handle under the archive's lock (a <see cref="ZipArchive"/> is not
/// thread-safe; each entry stream keeps its own position in the file). A zip inside a zip is read from a private
/// copy in memory, at most <see cref="MaxNestedArchiveBytes"/>. Archives nobody is reading stay open for the next
/// entry, up to <see cref="MaxIdle"/> of them, so a corpus of thousands of zips does not exhaust file handles.
/// </summary>
public sealed class ZipArchives : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Shared> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<Shared> _idle = new();
    private static long _directoryReadsInProcess;
    private long _directoryReads;
    private long _idleMemory;
    private bool _disposed;

    /// <summary>Archives kept open with no entry being read (least recently used closed first).</summary>
    public int MaxIdle { get; init; } = 8;

    /// <summary>Largest zip inside a zip read (it is copied to memory to reach its central directory).</summary>
    public long MaxNestedArchiveBytes { get; init; } = 256L << 20;

    /// <summary>Central directories read so far (each archive opened): the count the container tests check.</summary>
    public long DirectoryReads => Interlocked.Read(ref _directoryReads);

    /// <summary>Central directories read by every instance in this process, one-off opens included (a test's check that nothing bypassed the run's instance).</summary>
    public static long DirectoryReadsInProcess => Interlocked.Read(ref _directoryReadsInProcess);

    /// <summary>The entries of the archive at <paramref name="archivePath"/>, or of the zip at <paramref name="nestedEntryPath"/> inside it, in central-directory order.</summary>
    public IReadOnlyList<ZipListing> List(string archivePath, string? nestedEntryPath = null)
    {
        var shared = nestedEntryPath is null ? Acquire(archivePath, archivePath, parent: null, entry: null) : AcquireNested(archivePath, nestedEntryPath);
        try
        {
            return shared.Listing;
        }
        finally
        {
            Release(shared);
        }
    }

    /// <summary>A forward-only stream of one entry (<see cref="ZipEntryPath"/>); disposing it lets the archive close.</summary>
    public Stream OpenEntry(string archivePath, string entryPath)
    {
        var (shared, entry) = Resolve(archivePath, entryPath);
        try
        {
            lock (shared.Gate)
            {
                return new EntryStream(this, shared, entry.Open());
            }
        }
        catch
        {
            Release(shared);
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var shared in _open.Values)
            {
                shared.Dispose();
            }

            _open.Clear();
            _idle.Clear();
            _idleMemory = 0;
        }
    }

    /// <summary>The archive holding the entry at <paramref name="entryPath"/> (acquired) and that entry.</summary>
    private (Shared Archive, ZipArchiveEntry Entry) Resolve(string archivePath, string entryPath)
    {
        var current = Acquire(archivePath, archivePath, parent: null, entry: null);
        var rest = entryPath;
        var consumed = string.Empty;
        try
        {
            while (true)
            {
                // The whole remainder first: a name may itself contain "!/".
                if (current.Find(rest) is { } whole)
                {
                    return (current, whole);
                }

                Shared? next = null;
                for (var at = rest.IndexOf(ZipEntryPath.NestedSeparator, StringComparison.Ordinal); at >= 0; at = rest.IndexOf(ZipEntryPath.NestedSeparator, at + 1, StringComparison.Ordinal))
                {
                    if (current.Find(rest[..at]) is { } inner)
                    {
                        consumed += rest[..at];
                        next = Acquire(NestedKey(archivePath, consumed), archivePath, current, inner);
                        consumed += ZipEntryPath.NestedSeparator;
                        rest = rest[(at + ZipEntryPath.NestedSeparator.Length)..];
                        break;
                    }
                }

                if (next is null)
                {
                    throw new FileNotFoundException($"no entry '{entryPath}' in {archivePath}");
                }

                Release(current);
                current = next;
            }
        }
        catch
        {
            Release(current);
            throw;
        }
    }

    private Shared AcquireNested(string archivePath, string nestedEntryPath)
    {
        var (parent, entry) = Resolve(archivePath, nestedEntryPath);
        try
        {
            return Acquire(NestedKey(archivePath, nestedEntryPath), archivePath, parent, entry);
        }
        finally
        {
            Release(parent);
        }
    }

    /// <summary>The cache key of the zip at <paramref name="entryPath"/> inside the archive at <paramref name="archivePath"/>.</summary>
    private static string NestedKey(string archivePath, string entryPath) => archivePath + ZipEntryPath.NestedSeparator + entryPath;

    private Shared Acquire(string key, string archivePath, Shared? parent, ZipArchiveEntry? entry)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryGetValue(key, out var shared))
            {
                if (shared.Users++ == 0)
                {
                    _idle.Remove(shared.IdleNode);
                    _idleMemory -= shared.MemoryBytes;
                }

                return shared;
            }
        }

        // Opened outside the cache's lock (a nested copy can be large); a second opener racing this one keeps the first.
        var opened = parent is null ? OpenFile(key, archivePath) : OpenNested(key, parent, entry!);
        lock (_gate)
        {
            if (_disposed)
            {
                opened.Dispose();
                throw new ObjectDisposedException(nameof(ZipArchives));
            }

            if (_open.TryGetValue(key, out var raced))
            {
                opened.Dispose();
                if (raced.Users++ == 0)
                {
                    _idle.Remove(raced.IdleNode);
                    _idleMemory -= raced.MemoryBytes;
                }

                return raced;
            }

            opened.Users = 1;
            _open.Add(key, opened);
            return opened;
        }
    }

    private void Release(Shared shared)
    {
        lock (_gate)
        {
            if (--shared.Users > 0 || _disposed || !_open.ContainsKey(shared.Key))
            {
                return;
            }

            _idle.AddLast(shared.IdleNode);
            _idleMemory += shared.MemoryBytes;

            // Idle copies of nested zips together stay within one nested zip's limit, so a corpus of them cannot fill memory.
            while (_idle.Count > MaxIdle || (_idleMemory > MaxNestedArchiveBytes && _idle.Count > 0))
            {
                var oldest = _idle.First!.Value;
                _idle.RemoveFirst();
                _idleMemory -= oldest.MemoryBytes;
                _open.Remove(oldest.Key);
                oldest.Dispose();
            }
        }
    }

    private Shared OpenFile(string key, string archivePath)
    {
        var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, EvidenceSource.BufferSize);
        return Read(key, stream);
    }

    private Shared OpenNested(string key, Shared parent, ZipArchiveEntry entry)
    {
        if (entry.Length > MaxNestedArchiveBytes)
        {
            throw new InvalidDataException($"a zip inside a zip of {entry.Length} bytes is larger than the {MaxNestedArchiveBytes} bytes read in memory: extract it and ingest it separately");
        }

        var copy = new MemoryStream(checked((int)Math.Max(0, entry.Length)));
        lock (parent.Gate)
        {
            using var input = entry.Open();
            var buffer = new byte[EvidenceSource.BufferSize];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                if (copy.Length + n > MaxNestedArchiveBytes)
                {
                    throw new InvalidDataException($"a zip inside a zip expands beyond {MaxNestedArchiveBytes} bytes: not read");
                }

                copy.Write(buffer, 0, n);
            }
        }

        copy.Position = 0;
        var shared = Read(key, copy);
        shared.MemoryBytes = copy.Length;
        return shared;
    }

    private Shared Read(string key, Stream stream)
    {
        try
        {
            var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            Interlocked.Increment(ref _directoryReads);
            Interlocked.Increment(ref _directoryReadsInProcess);
            return new Shared(key, archive);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>One open archive: its directory read once, its entries read one at a time under <see cref="Gate"/>.</summary>
    private sealed class Shared : IDisposable
    {
        private readonly ZipArchive _archive;
        private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

        public Shared(string key, ZipArchive archive)
        {
            Key = key;
            _archive = archive;
            IdleNode = new LinkedListNode<Shared>(this);
            Entries = archive.Entries;
            var duplicated = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Entries.Count; i++)
            {
                if (!_byName.TryAdd(Entries[i].FullName, i))
                {
                    duplicated.Add(Entries[i].FullName);
                }
            }

            Listing = Entries.Select((e, i) => new ZipListing(i, e.FullName, e.Length, e.CompressedLength, duplicated.Contains(e.FullName))).ToList();
        }

        public string Key { get; }

        public object Gate { get; } = new();

        public int Users { get; set; }

        /// <summary>Bytes held in memory: a nested zip's copy; 0 for an archive read from its file.</summary>
        public long MemoryBytes { get; set; }

        public LinkedListNode<Shared> IdleNode { get; }

        public IReadOnlyList<ZipArchiveEntry> Entries { get; }

        public IReadOnlyList<ZipListing> Listing { get; }

        /// <summary>The entry a path segment names: <c>#index/name</c> checked against the directory, else the (first) entry of that name.</summary>
        public ZipArchiveEntry? Find(string segment)
        {
            if (segment.StartsWith('#') && segment.IndexOf('/', StringComparison.Ordinal) is var slash and > 1
                && int.TryParse(segment.AsSpan(1, slash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < Entries.Count && string.Equals(Entries[index].FullName, segment[(slash + 1)..], StringComparison.Ordinal))
            {
                return Entries[index];
            }

            return _byName.TryGetValue(segment, out var first) ? Entries[first] : null;
        }

        public void Dispose()
        {
            lock (Gate)
            {
                _archive.Dispose();
            }
        }
    }

    /// <summary>An entry's bytes, read under its archive's lock; disposing it releases the archive.</summary>
    private sealed class EntryStream(ZipArchives owner, Shared shared, Stream inner) : ForwardReadStream
    {
        private int _disposed;

        public override int Read(Span<byte> buffer)
        {
            lock (shared.Gate)
            {
                return inner.Read(buffer);
            }
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (shared.Gate)
                {
                    inner.Dispose();
                }

                owner.Release(shared);
            }

            base.Dispose(disposing);
        }
    }
}

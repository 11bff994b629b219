using System.Buffers.Binary;
using System.Text;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// A read-only Compound File Binary ([MS-CFB]) reader over a seekable stream: header (§2.2), DIFAT
/// (§2.5), FAT (§2.3), mini FAT (§2.4) and directory (§2.6). Written for hostile input: every
/// sector number is checked against the file's size before it is read, every chain walk stops at
/// ENDOFCHAIN, at a sector it has already visited (a cycle) or after as many steps as the file has
/// sectors, and every size is checked before anything is allocated. Damage raises
/// <see cref="CompoundFileException"/> with the byte offset where it was found.
/// </summary>
internal sealed class CompoundFile
{
    /// <summary>§2.2 Header Signature: D0 CF 11 E0 A1 B1 1A E1.</summary>
    public static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>§2.1 special sector numbers.</summary>
    private const uint MaxRegularSector = 0xFFFFFFFA;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;

    /// <summary>§2.6.3: a stream ID that is not a directory entry.</summary>
    public const uint NoStream = 0xFFFFFFFF;

    private const int HeaderSize = 512;
    private const int HeaderDifatEntries = 109;
    private const int DirectoryEntrySize = 128;

    /// <summary>Streams this reader will materialise whole; larger ones are only walked (hashing).</summary>
    public const int MaxMaterialisedStream = 64 << 20;

    private readonly Stream _stream;
    private readonly int _sectorSize;
    private readonly long _sectorCount;
    private readonly uint[] _fat;
    private readonly uint[] _miniFat;
    private readonly uint _miniCutoff;
    private readonly List<CfbEntry> _entries;
    private List<uint>? _miniSectors;

    private CompoundFile(Stream stream, int sectorSize, long sectorCount, uint[] fat, uint[] miniFat, uint miniCutoff, List<CfbEntry> entries)
    {
        _stream = stream;
        _sectorSize = sectorSize;
        _sectorCount = sectorCount;
        _fat = fat;
        _miniFat = miniFat;
        _miniCutoff = miniCutoff;
        _entries = entries;
    }

    public CfbEntry Root => _entries[0];

    public static bool HasSignature(ReadOnlySpan<byte> head) => head.StartsWith(Signature);

    public static CompoundFile Open(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !HasSignature(header))
        {
            throw new CompoundFileException(0, "not a compound file (no MS-CFB header signature, or shorter than its 512-byte header)");
        }

        var major = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1A));
        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
        var miniShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x20));

        // §2.2: version 3 uses 512-byte sectors (shift 9), version 4 4096-byte (shift 12); mini sectors are 64 bytes (shift 6).
        if (!((major == 3 && sectorShift == 9) || (major == 4 && sectorShift == 12)) || miniShift != 6)
        {
            throw new CompoundFileException(0x1A, $"unsupported version {major} / sector shift {sectorShift} / mini sector shift {miniShift}");
        }

        var sectorSize = 1 << sectorShift;
        var sectorCount = (stream.Length - HeaderSize + sectorSize - 1) / sectorSize;
        var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x2C));
        var firstDirectory = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
        var miniCutoff = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x38));
        var firstMiniFat = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x3C));
        var miniFatCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x40));
        var firstDifat = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x44));
        var difatCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x48));
        if (fatSectorCount > sectorCount || miniFatCount > sectorCount || difatCount > sectorCount)
        {
            throw new CompoundFileException(0x2C, $"the header counts {fatSectorCount} FAT, {miniFatCount} mini FAT and {difatCount} DIFAT sectors in a file of {sectorCount} sectors");
        }

        // §2.5: the first 109 FAT sector locations are in the header, the rest in a chain of DIFAT sectors.
        var fatSectors = new List<uint>((int)fatSectorCount);
        for (var i = 0; i < HeaderDifatEntries && fatSectors.Count < fatSectorCount; i++)
        {
            fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + (i * 4))));
        }

        var file = new CompoundFile(stream, sectorSize, sectorCount, [], [], miniCutoff, []);
        var sector = new byte[sectorSize];
        var perSector = sectorSize / 4;
        var difat = firstDifat;
        var seen = new HashSet<uint>();
        while (fatSectors.Count < fatSectorCount && difat is not EndOfChain and not FreeSector)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(difat))
            {
                throw new CompoundFileException(file.Offset(difat), $"DIFAT chain loops back to sector {difat}");
            }

            file.ReadSector(difat, sector);
            for (var i = 0; i < perSector - 1 && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i * 4)));
            }

            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan((perSector - 1) * 4));
        }

        if (fatSectors.Count < fatSectorCount)
        {
            throw new CompoundFileException(0x48, $"the DIFAT names {fatSectors.Count} of the {fatSectorCount} FAT sectors the header counts");
        }

        var fat = new uint[fatSectors.Count * perSector];
        for (var f = 0; f < fatSectors.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            file.ReadSector(fatSectors[f], sector);
            for (var i = 0; i < perSector; i++)
            {
                fat[(f * perSector) + i] = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i * 4));
            }
        }

        file = new CompoundFile(stream, sectorSize, sectorCount, fat, [], miniCutoff, []);
        var miniFatBytes = miniFatCount == 0 || firstMiniFat == EndOfChain ? [] : file.ReadChain(firstMiniFat, (long)miniFatCount * sectorSize, "mini FAT", cancellationToken);
        var miniFat = new uint[miniFatBytes.Length / 4];
        for (var i = 0; i < miniFat.Length; i++)
        {
            miniFat[i] = BinaryPrimitives.ReadUInt32LittleEndian(miniFatBytes.AsSpan(i * 4));
        }

        var directory = file.ReadChain(firstDirectory, sectorCount * sectorSize, "directory", cancellationToken, out var directoryCut);
        var entries = new List<CfbEntry>(directory.Length / DirectoryEntrySize);
        for (var i = 0; i + DirectoryEntrySize <= directory.Length; i += DirectoryEntrySize)
        {
            entries.Add(ParseEntry(directory.AsSpan(i, DirectoryEntrySize), (uint)(i / DirectoryEntrySize), major));
        }

        if (entries.Count == 0 || entries[0].Type != CfbEntryType.Root)
        {
            throw new CompoundFileException(file.Offset(firstDirectory), "the first directory entry is not the root storage");
        }

        var result = new CompoundFile(stream, sectorSize, sectorCount, fat, miniFat, miniCutoff, entries);
        if (directoryCut)
        {
            // Outlook appends directory sectors as the file grows; in a file cut short the later ones are
            // gone, and with them the streams they name. What the first sectors name is still read.
            result._damage.Add($"the directory continues beyond the end of the file: {entries.Count} directory entries read, any after them are lost");
        }

        return result;
    }

    private readonly List<string> _damage = [];

    /// <summary>Damage found while opening that did not stop the file being read (a directory cut short).</summary>
    public IReadOnlyList<string> Damage => _damage;

    /// <summary>The children of a storage (§2.6.4: a red-black tree through left/right siblings from the storage's child), in directory order.</summary>
    public List<CfbEntry> Children(CfbEntry storage)
    {
        var result = new List<CfbEntry>();
        if (storage.Child == NoStream)
        {
            return result;
        }

        var seen = new HashSet<uint>();
        var pending = new Stack<uint>();
        pending.Push(storage.Child);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (id == NoStream || id >= _entries.Count || !seen.Add(id))
            {
                // An id outside the directory or seen before (a loop in a damaged tree) is not followed.
                continue;
            }

            var entry = _entries[(int)id];
            if (entry.Type == CfbEntryType.Unused)
            {
                continue;
            }

            result.Add(entry);
            pending.Push(entry.Right);
            pending.Push(entry.Left);
        }

        result.Sort((a, b) => a.Id.CompareTo(b.Id));
        return result;
    }

    /// <summary>A child by name (names compare case-insensitively, §2.6.4).</summary>
    public CfbEntry? Child(CfbEntry storage, string name) =>
        Children(storage).Find(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A whole stream, at most <see cref="MaxMaterialisedStream"/> bytes.</summary>
    public byte[] Read(CfbEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Size > MaxMaterialisedStream)
        {
            throw new CompoundFileException(-1, $"stream '{entry.Name}' of {entry.Size} bytes is over the {MaxMaterialisedStream}-byte limit for one property");
        }

        var buffer = new byte[entry.Size];
        var written = 0;
        Walk(entry, chunk =>
        {
            chunk.CopyTo(buffer.AsSpan(written));
            written += chunk.Length;
        }, cancellationToken);
        return buffer;
    }

    /// <summary>Hands the stream's bytes over sector by sector (for hashing without holding it).</summary>
    public void Walk(CfbEntry entry, SpanAction action, CancellationToken cancellationToken)
    {
        if (entry.Size == 0)
        {
            return;
        }

        if (entry.Size < _miniCutoff)
        {
            WalkMini(entry, action, cancellationToken);
            return;
        }

        var remaining = entry.Size;
        var sector = new byte[_sectorSize];
        foreach (var number in Chain(entry.Start, "stream '" + entry.Name + "'", cancellationToken))
        {
            ReadSector(number, sector);
            var take = (int)Math.Min(remaining, _sectorSize);
            action(sector.AsSpan(0, take));
            remaining -= take;
            if (remaining == 0)
            {
                return;
            }
        }

        throw new CompoundFileException(Offset(entry.Start), $"stream '{entry.Name}' ends {remaining} bytes short of its size {entry.Size}");
    }

    public delegate void SpanAction(ReadOnlySpan<byte> chunk);

    private void WalkMini(CfbEntry entry, SpanAction action, CancellationToken cancellationToken)
    {
        // §2.4: the mini stream is the root entry's stream; mini sector n is at n × 64 in it. Only the
        // sector numbers of its chain are kept; each regular sector is read when a mini sector in it
        // is wanted, so a file cut short still yields the small streams that lie before the cut.
        _miniSectors ??= [.. Chain(Root.Start, "mini stream", cancellationToken)];
        var remaining = entry.Size;
        var current = entry.Start;
        var steps = 0L;
        var seen = new HashSet<uint>();
        var sector = new byte[_sectorSize];
        var loaded = -1L;
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (current >= _miniFat.Length || !seen.Add(current) || ++steps > _miniFat.Length)
            {
                throw new CompoundFileException(-1, $"mini stream chain of '{entry.Name}' is broken at mini sector {current} ({remaining} bytes unread)");
            }

            var offset = (long)current * 64;
            var index = offset / _sectorSize;
            var take = (int)Math.Min(remaining, 64);
            if (offset + take > Root.Size || index >= _miniSectors.Count)
            {
                throw new CompoundFileException(-1, $"mini sector {current} of '{entry.Name}' lies outside the mini stream");
            }

            if (index != loaded)
            {
                ReadSector(_miniSectors[(int)index], sector);
                loaded = index;
            }

            action(sector.AsSpan((int)(offset % _sectorSize), take));
            remaining -= take;
            current = _miniFat[current];
        }
    }

    private byte[] ReadChain(uint start, long size, string what, CancellationToken cancellationToken) =>
        ReadChain(start, size, what, tolerateCut: false, out _, cancellationToken);

    private byte[] ReadChain(uint start, long size, string what, CancellationToken cancellationToken, out bool cut) =>
        ReadChain(start, size, what, tolerateCut: true, out cut, cancellationToken);

    /// <summary>A chain's bytes; with <paramref name="tolerateCut"/>, a sector beyond the end of the file ends it (cut = true) instead of failing.</summary>
    private byte[] ReadChain(uint start, long size, string what, bool tolerateCut, out bool cut, CancellationToken cancellationToken)
    {
        cut = false;
        var capped = Math.Min(size, (long)_sectorCount * _sectorSize);
        if (capped > MaxMaterialisedStream)
        {
            throw new CompoundFileException(Offset(start), $"{what} of {size} bytes is over the {MaxMaterialisedStream}-byte limit");
        }

        using var buffer = new MemoryStream();
        var sector = new byte[_sectorSize];
        foreach (var number in Chain(start, what, cancellationToken))
        {
            if (tolerateCut && number >= _sectorCount)
            {
                cut = true;
                break;
            }

            ReadSector(number, sector);
            var take = (int)Math.Min(_sectorSize, capped - buffer.Length);
            buffer.Write(sector, 0, take);
            if (buffer.Length >= capped)
            {
                break;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The sector numbers of a FAT chain; a loop, a free sector or a number past the FAT is damage.</summary>
    private IEnumerable<uint> Chain(uint start, string what, CancellationToken cancellationToken)
    {
        var current = start;
        var seen = new HashSet<uint>();
        while (current != EndOfChain)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (current > MaxRegularSector || current >= _fat.Length)
            {
                throw new CompoundFileException(Offset(start), $"{what}: chain reaches sector number 0x{current:X8}, which is not a sector of this file");
            }

            if (!seen.Add(current))
            {
                throw new CompoundFileException(Offset(current), $"{what}: chain loops back to sector {current}");
            }

            yield return current;
            current = _fat[current];
        }
    }

    private void ReadSector(uint number, byte[] into)
    {
        if (number > MaxRegularSector || number >= _sectorCount)
        {
            throw new CompoundFileException(Offset(Math.Min(number, MaxRegularSector)), $"sector {number} is beyond the end of the file ({_sectorCount} sectors): the file is cut short or the number is damaged");
        }

        var offset = Offset(number);
        _stream.Position = offset;
        var n = _stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);

        // The last sector of a file may be short (a truncated copy); the missing bytes read as zero.
        into.AsSpan(n).Clear();
    }

    private long Offset(uint sector) => HeaderSize + ((long)sector * _sectorSize);

    /// <summary>§2.6.1 Compound File Directory Entry.</summary>
    private static CfbEntry ParseEntry(ReadOnlySpan<byte> raw, uint id, int major)
    {
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(raw[0x40..]);
        var chars = Math.Clamp((nameLength / 2) - 1, 0, 31);
        var name = Encoding.Unicode.GetString(raw[..(chars * 2)]).TrimEnd('\0');
        var type = raw[0x42] switch
        {
            1 => CfbEntryType.Storage,
            2 => CfbEntryType.Stream,
            5 => CfbEntryType.Root,
            _ => CfbEntryType.Unused,
        };

        // Version 3 files may leave garbage in the high 32 bits of the size (§2.6.3 Stream Size).
        var size = BinaryPrimitives.ReadUInt64LittleEndian(raw[0x78..]);
        var size64 = major == 3 ? size & 0xFFFFFFFF : size;
        return new CfbEntry(
            id,
            name,
            type,
            BinaryPrimitives.ReadUInt32LittleEndian(raw[0x44..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[0x48..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[0x4C..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[0x74..]),
            size64 > long.MaxValue ? long.MaxValue : (long)size64);
    }
}

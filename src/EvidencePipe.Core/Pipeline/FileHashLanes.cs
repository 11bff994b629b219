using EvidencePipe.Hashing;
using EvidencePipe.Reading;
using Microsoft.Win32.SafeHandles;

namespace EvidencePipe.Pipeline;

/// <summary>
/// Up to sixteen plain files hashed at once through <see cref="Sha256x16"/>: each file in a lane of its own, read with
/// positional reads into that lane's window, its head sniffed from the first read (hash before parsing), its message
/// padded as FIPS 180-4 §5.1.1 says when its last byte is read. The same digests, sniff, time budget and errors as
/// hashing one file at a time with OpenSSL (IngestPipeline.HashFile), which remains the path where AVX-512 is absent.
/// Single-threaded: one hashing worker owns one instance.
/// </summary>
internal sealed unsafe class FileHashLanes : IDisposable
{
    // Each lane's slice of the windows: its read window and, after it, room for the padding (at most 72 bytes: 0x80,
    // 63 zeros, the 8-byte length). 16 × 128 KiB is one 2 MiB huge page: the windows are touched with one page fault
    // instead of 512 (~11 µs each on the lab VM). A lane is refilled once less than half its window is left, so reads
    // are 64–128 KiB and one kernel call covers ~1,000 blocks of all sixteen lanes.
    private const int Stride = 128 * 1024;
    private const int Window = Stride - 128;
    private const int WindowsBytes = Sha256x16.Lanes * Stride;

    private readonly FormatRegistry _registry;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _budget;
    private readonly Action<int> _bytesRead;
    private readonly byte* _windows = HugePages.Allocate(WindowsBytes);
    private readonly uint[] _state = GC.AllocateArray<uint>(Sha256x16.StateWords * Sha256x16.Lanes, pinned: true);
    private readonly Lane?[] _lanes = new Lane?[Sha256x16.Lanes];

    private readonly int _aloneAtMost;

    /// <param name="aloneAtMost">
    /// Busy lanes at or below which each is hashed on its own (<see cref="Sha256x16.CompressLane"/>) instead of all
    /// sixteen together; 0 never, 16 always. Where the CPU lacks the SHA extensions, never.
    /// </param>
    public FileHashLanes(FormatRegistry registry, TimeProvider clock, TimeSpan budget, Action<int> bytesRead, int aloneAtMost)
    {
        _aloneAtMost = Sha256x16.LaneIsSupported ? aloneAtMost : 0;
        _registry = registry;
        _clock = clock;
        _budget = budget;
        _bytesRead = bytesRead;
    }

    /// <summary>Files being hashed.</summary>
    public int Active { get; private set; }

    public bool HasFreeLane => Active < Sha256x16.Lanes;

    /// <summary>
    /// Opens <paramref name="file"/> read-only and shared (as EvidenceSource.OpenEvidence does), reads its first window
    /// and sniffs its head. A file that cannot be opened or read is added to <paramref name="finished"/> with its error.
    /// </summary>
    public void Start(DiscoveredFile file, List<LaneResult> finished)
    {
        var index = Array.IndexOf(_lanes, null);
        var lane = new Lane(file, _clock.GetTimestamp());
        try
        {
            lane.Handle = File.OpenHandle(file.AbsolutePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            Fill(index, lane);
            var head = new ReadOnlySpan<byte>(_windows + (index * Stride), (int)Math.Min(lane.Length, SniffBuffer.HeadLength));
            lane.Reader = _registry.Identify(head);
            lane.IsZip = ZipContainer.IsZip(head);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lane.Handle?.Dispose();
            finished.Add(new LaneResult(file, 0, null, null, false, ex));
            return;
        }

        Sha256x16.Reset(_state, index);
        _lanes[index] = lane;
        Active++;
    }

    /// <summary>
    /// Refills the lanes that are running low, hashes as many blocks as every busy lane holds, and adds each file
    /// whose last block was hashed — or whose read failed — to <paramref name="finished"/>.
    /// </summary>
    public void Step(List<LaneResult> finished, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var blocks = int.MaxValue;
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i] is not { } lane)
            {
                continue;
            }

            if (!lane.Padded && lane.End - lane.Start < Window / 2)
            {
                try
                {
                    Fill(i, lane);
                }
                catch (IOException ex)
                {
                    Release(i, lane);
                    finished.Add(new LaneResult(lane.File, lane.Length, null, null, false, ex));
                    continue;
                }
            }

            blocks = Math.Min(blocks, (lane.End - lane.Start) / Sha256x16.BlockSize);
        }

        if (Active == 0)
        {
            return;
        }

        if (Active <= _aloneAtMost)
        {
            StepAlone(finished);
            return;
        }

        var pointers = stackalloc byte*[Sha256x16.Lanes];
        for (var i = 0; i < _lanes.Length; i++)
        {
            // An idle lane hashes whatever its own window holds (within the window, as `blocks` never exceeds a busy
            // lane's data); its state is reset before a file uses it.
            pointers[i] = _windows + (i * Stride) + (_lanes[i]?.Start ?? 0);
        }

        fixed (uint* state = _state)
        {
            Sha256x16.Compress(state, pointers, (nuint)blocks);
        }

        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i] is { } lane)
            {
                Advance(i, lane, blocks, finished);
            }
        }
    }

    /// <summary>
    /// Few lanes busy (the last files of a folder, or a folder of few): a sixteen-lane call would spend most of its work
    /// on idle lanes, so each busy lane hashes all the blocks its window holds on its own, at one message's full speed.
    /// </summary>
    private void StepAlone(List<LaneResult> finished)
    {
        fixed (uint* state = _state)
        {
            for (var i = 0; i < _lanes.Length; i++)
            {
                if (_lanes[i] is not { } lane)
                {
                    continue;
                }

                var blocks = (lane.End - lane.Start) / Sha256x16.BlockSize;
                Sha256x16.CompressLane(state, i, _windows + (i * Stride) + lane.Start, (nuint)blocks);
                Advance(i, lane, blocks, finished);
            }
        }
    }

    /// <summary>Moves lane <paramref name="index"/> past <paramref name="blocks"/> hashed blocks; a file whose last block was hashed is finished.</summary>
    private void Advance(int index, Lane lane, int blocks, List<LaneResult> finished)
    {
        lane.Start += blocks * Sha256x16.BlockSize;
        if (lane.Padded && lane.Start == lane.End)
        {
            Span<byte> digest = stackalloc byte[32];
            Sha256x16.Digest(_state, index, digest);
            Release(index, lane);
            finished.Add(new LaneResult(lane.File, lane.Length, Convert.ToHexStringLower(digest), lane.Reader, lane.IsZip, null));
        }
    }

    /// <summary>
    /// Moves lane <paramref name="index"/>'s unhashed bytes to the front of its window and reads until the window is
    /// full or the file ends (a regular file returns less than asked only at its end); at the end, pads the message.
    /// </summary>
    private void Fill(int index, Lane lane)
    {
        var window = new Span<byte>(_windows + (index * Stride), Stride);
        var left = lane.End - lane.Start;
        window.Slice(lane.Start, left).CopyTo(window);
        lane.Start = 0;
        lane.End = left;
        while (lane.End < Window)
        {
            var got = RandomAccess.Read(lane.Handle!, window[lane.End..Window], lane.Length);
            if (got == 0)
            {
                Pad(window, lane);
                break;
            }

            lane.End += got;
            lane.Length += got;
            _bytesRead(got);
        }

        if (_clock.GetElapsedTime(lane.Started) > _budget)
        {
            throw HashBudgetExceededException.After(lane.Length, _budget);
        }
    }

    // FIPS 180-4 §5.1.1: the bit 1, zeros up to 56 bytes mod 64, then the message length in bits as a 64-bit
    // big-endian integer. The window's hashed prefix is whole blocks, so the message's alignment is the window's.
    private static void Pad(Span<byte> window, Lane lane)
    {
        var data = lane.End - lane.Start;
        var padded = (data + 1 + 8 + Sha256x16.BlockSize - 1) / Sha256x16.BlockSize * Sha256x16.BlockSize;
        var tail = window.Slice(lane.End, padded - data);
        tail.Clear();
        tail[0] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(tail[^8..], (ulong)lane.Length * 8);
        lane.End = lane.Start + padded;
        lane.Padded = true;
    }

    private void Release(int index, Lane lane)
    {
        lane.Handle?.Dispose();
        _lanes[index] = null;
        Active--;
    }

    public void Dispose()
    {
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i] is { } lane)
            {
                Release(i, lane);
            }
        }

        HugePages.Free(_windows);
    }

    /// <summary>A hashed file (its length, digest and sniffed reader), or the error that stopped it.</summary>
    internal readonly record struct LaneResult(DiscoveredFile File, long Length, string? Sha256, IEvidenceReader? Reader, bool IsZip, Exception? Error);

    private sealed class Lane(DiscoveredFile file, long started)
    {
        public DiscoveredFile File { get; } = file;

        public long Started { get; } = started;

        public SafeFileHandle? Handle { get; set; }

        /// <summary>Bytes of the file read so far (the message length once <see cref="Padded"/>).</summary>
        public long Length { get; set; }

        /// <summary>The window's next unhashed byte.</summary>
        public int Start { get; set; }

        /// <summary>The end of the window's data (and, once padded, of its padding).</summary>
        public int End { get; set; }

        public bool Padded { get; set; }

        public IEvidenceReader? Reader { get; set; }

        public bool IsZip { get; set; }
    }
}

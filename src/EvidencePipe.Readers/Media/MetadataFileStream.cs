using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// A read-only, seekable view of an evidence file for the metadata parsers, which read a few bytes at a time and seek
/// often. It answers from one pooled window of the file (<see cref="WindowSize"/> bytes, refilled by one positional
/// read wherever a read falls outside it) and keeps its own position and length:
/// <list type="bullet">
/// <item>MetadataExtractor asks <c>Length</c> and <c>Position</c> around almost every read
/// (<c>SequentialStreamReader.Available</c>, <c>Skip</c>) and reads byte by byte (<c>GetByte</c> → <c>ReadByte</c>);
/// through FileStream each of those went through its strategy layers, and <c>Length</c> was an <c>fstat</c>
/// (perf, scripts/bench-images.sh);</item>
/// <item>the file's head — the 8 KiB the family is sniffed from, a JPEG's APP1 segments, a HEIF file's <c>meta</c>
/// box — is one read instead of several 4 KiB ones, and the window is rented, not allocated per photo.</item>
/// </list>
/// The bytes returned are the file's bytes at the position asked, as FileStream returns them; seeking before the start
/// fails with the exception FileStream's does (MetadataFileStreamTests holds both to it). Evidence is opened read-only and is not written while it is read, so the length read
/// once cannot change underneath.
/// </summary>
internal sealed class MetadataFileStream : Stream
{
    /// <summary>
    /// Holds the sniffed head and, for the fixtures' JPEG and HEIF files, every metadata read but the HEIF Exif item
    /// (issue 18 reader measurements, benchmarks/results/2026-12-05-issue18-reader.md).
    /// </summary>
    public const int WindowSize = 32 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly string _path;
    private readonly long _length;
    private byte[]? _window;
    private long _windowStart;
    private int _windowCount;
    private long _position;

    private MetadataFileStream(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
        _length = RandomAccess.GetLength(handle);
        _window = ArrayPool<byte>.Shared.Rent(WindowSize);
    }

    /// <summary>Opens <paramref name="path"/> read-only and shared for reading, as <c>EvidenceSource.OpenEvidence</c> does.</summary>
    public static MetadataFileStream Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            return new MetadataFileStream(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override bool CanRead => _window is not null;

    public override bool CanSeek => _window is not null;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int ReadByte()
    {
        var window = Window();
        var index = _position - _windowStart;
        if ((ulong)index >= (ulong)_windowCount)
        {
            if (_position >= _length)
            {
                return -1;
            }

            if (!Fill(window, _position))
            {
                return -1;
            }

            index = 0;
        }

        _position++;
        return window[index];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var window = Window();
        if (buffer.IsEmpty || _position >= _length)
        {
            return 0;
        }

        var index = _position - _windowStart;
        if ((ulong)index >= (ulong)_windowCount)
        {
            if (buffer.Length >= window.Length)
            {
                // A read as large as the window goes straight into the caller's buffer, as FileStream's does.
                var direct = RandomAccess.Read(_handle, buffer, _position);
                _position += direct;
                return direct;
            }

            if (!Fill(window, _position))
            {
                return 0;
            }

            index = 0;
        }

        var n = Math.Min(buffer.Length, _windowCount - (int)index);
        window.AsSpan((int)index, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer, offset, count));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Window();
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentException("Invalid seek origin.", nameof(origin)),
        };
        if (target < 0)
        {
            // What FileStream throws for the same request: it asks lseek, which refuses with EINVAL, and reports that
            // with the path (the message reaches a diagnostic if a parser ever seeks there).
            throw new IOException($"Invalid argument : '{_path}'");
        }

        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("evidence is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("evidence is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing && _window is { } window)
        {
            _window = null;
            _handle.Dispose();
            ArrayPool<byte>.Shared.Return(window);
        }

        base.Dispose(disposing);
    }

    private byte[] Window() => _window ?? throw new ObjectDisposedException(nameof(MetadataFileStream));

    /// <summary>False when nothing could be read at <paramref name="position"/> (the file ended there after all).</summary>
    private bool Fill(byte[] window, long position)
    {
        // Filled to the brim (or the end of the file): one read of a regular file returns all it can.
        var count = 0;
        while (count < window.Length)
        {
            var read = RandomAccess.Read(_handle, window.AsSpan(count), position + count);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        _windowStart = position;
        _windowCount = count;
        return count > 0;
    }
}

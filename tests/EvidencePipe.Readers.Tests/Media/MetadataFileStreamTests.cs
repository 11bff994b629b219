using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// <see cref="MetadataFileStream"/> returns the file's bytes wherever it is read, as a FileStream over the same file
/// does (the oracle here: the bytes written, and FileStream itself for the edge cases).
/// </summary>
public sealed class MetadataFileStreamTests
{
    private const int Window = MetadataFileStream.WindowSize;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Window - 1)]
    [InlineData(Window)]
    [InlineData(Window + 1)]
    [InlineData((3 * Window) + 17)]
    public void Seeks_and_reads_of_every_size_return_the_bytes_a_FileStream_returns(int length)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("file.bin");
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        using var ours = MetadataFileStream.Open(path);
        using var theirs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        Assert.Equal(theirs.Length, ours.Length);
        var random = new Random(18);
        for (var step = 0; step < 2000; step++)
        {
            switch (random.Next(5))
            {
                case 0:
                    var to = random.Next(-2, length + 3);
                    if (to >= 0)
                    {
                        Assert.Equal(theirs.Seek(to, SeekOrigin.Begin), ours.Seek(to, SeekOrigin.Begin));
                    }

                    break;
                case 1:
                    var by = random.Next(-300, 300);
                    if (theirs.Position + by >= 0)
                    {
                        Assert.Equal(theirs.Seek(by, SeekOrigin.Current), ours.Seek(by, SeekOrigin.Current));
                    }

                    break;
                case 2:
                    Assert.Equal(theirs.ReadByte(), ours.ReadByte());
                    break;
                default:
                    // Small reads as parsers make them, and now and then one larger than the window.
                    var count = random.Next(8) == 0 ? random.Next(Window, 2 * Window) : random.Next(0, 64);
                    var expected = new byte[count];
                    var actual = new byte[count];
                    var n = theirs.ReadAtLeast(expected, count, throwOnEndOfStream: false);
                    Assert.Equal(n, ours.ReadAtLeast(actual, count, throwOnEndOfStream: false));
                    Assert.Equal(expected, actual);
                    break;
            }

            Assert.Equal(theirs.Position, ours.Position);
        }
    }

    [Fact]
    public void At_and_past_the_end_reads_return_nothing_as_a_FileStream_s_do()
    {
        using var dir = new TempDirectory();
        var path = ThreeBytes(dir);
        using var stream = MetadataFileStream.Open(path);

        stream.Position = 3;
        Assert.Equal(-1, stream.ReadByte());
        Assert.Equal(0, stream.Read(new byte[4]));
        stream.Position = 10;
        Assert.Equal(-1, stream.ReadByte());
        Assert.Equal(0, stream.Read(new byte[4]));
        Assert.Equal(10, stream.Position);
        Assert.Equal(3, stream.Seek(-7, SeekOrigin.Current));
        Assert.Equal(2, stream.Seek(-1, SeekOrigin.End));
        Assert.Equal(3, stream.ReadByte());
    }

    [Fact]
    public void Moving_before_the_start_fails_with_the_exception_a_FileStream_throws()
    {
        using var dir = new TempDirectory();
        var path = ThreeBytes(dir);
        using var ours = MetadataFileStream.Open(path);
        using var theirs = new FileStream(path, FileMode.Open, FileAccess.Read);

        var expectedSeek = Assert.Throws<IOException>(() => theirs.Seek(-1, SeekOrigin.Begin));
        var actualSeek = Assert.Throws<IOException>(() => ours.Seek(-1, SeekOrigin.Begin));
        Assert.Equal(expectedSeek.Message, actualSeek.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => theirs.Position = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ours.Position = -1);
        Assert.Equal(0, ours.Position);
    }

    [Fact]
    public void A_disposed_stream_refuses_reads()
    {
        using var dir = new TempDirectory();
        var path = ThreeBytes(dir);
        var stream = MetadataFileStream.Open(path);
        stream.Dispose();

        Assert.False(stream.CanRead);
        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        stream.Dispose();
    }

    private static string ThreeBytes(TempDirectory dir)
    {
        var path = dir.Combine("file.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }
}

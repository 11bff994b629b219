using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Hashing;

namespace EvidencePipe.Core.Tests.Hashing;

public sealed unsafe class Sha256x16Tests
{
    /// <summary>The JIT's own view of the CPU and OS is the oracle: the kernel needs AVX-512 F and BW, nothing more.</summary>
    [Fact]
    public void The_kernel_runs_exactly_where_the_cpu_and_os_offer_avx512_f_and_bw()
    {
        var expected = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
            && Avx512F.IsSupported && Avx512BW.IsSupported
            && Environment.GetEnvironmentVariable("EVIDENCEPIPE_SHA256_LANES") is not ("off" or "0");
        Assert.Equal(expected, Sha256x16.IsSupported);
    }

    /// <summary>The kernel's own CPUID check against the kernel's: Linux lists the SHA extensions as <c>sha_ni</c> in /proc/cpuinfo.</summary>
    [Fact]
    public void One_lane_alone_runs_exactly_where_the_lanes_run_and_the_cpu_offers_the_sha_extensions()
    {
        Assert.Equal(Sha256x16.IsSupported && CpuHasShaExtensions(), Sha256x16.LaneIsSupported);
    }

    private static bool CpuHasShaExtensions() => OperatingSystem.IsLinux()
        && File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("sha_ni");

    /// <summary>
    /// Sixteen messages begun together and each finished on its own part-way (as the last files of a folder are): a
    /// lane hashed alone continues from the state the sixteen left, and leaves the other lanes' state untouched.
    /// Lengths around the padding's edges and a block's; OpenSSL is the oracle.
    /// </summary>
    [Fact]
    public void A_lane_finished_alone_from_where_the_sixteen_stopped_hashes_as_openssl_does()
    {
        if (!Sha256x16.LaneIsSupported)
        {
            Assert.False(Sha256x16.IsSupported && CpuHasShaExtensions());
            return;
        }

        int[] lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 4096, 65_535, 100_003];
        var random = new Random(1804);
        var messages = lengths.Select(n => { var m = new byte[n]; random.NextBytes(m); return m; }).ToArray();
        var padded = messages.Select(Pad).ToArray();
        var state = new uint[Sha256x16.StateWords * Sha256x16.Lanes];
        for (var lane = 0; lane < Sha256x16.Lanes; lane++)
        {
            Sha256x16.Reset(state, lane);
        }

        var handles = padded.Select(p => GCHandle.Alloc(p, GCHandleType.Pinned)).ToArray();
        try
        {
            // Together for as many blocks as the shortest message has, then each lane alone for the rest, in two calls
            // where it has two blocks or more, lanes in reverse order so each call runs between other lanes' calls.
            var together = padded.Min(p => p.Length / 64);
            var pointers = stackalloc byte*[Sha256x16.Lanes];
            for (var lane = 0; lane < Sha256x16.Lanes; lane++)
            {
                pointers[lane] = (byte*)handles[lane].AddrOfPinnedObject();
            }

            var digests = new string[Sha256x16.Lanes];
            var digest = new byte[32];
            fixed (uint* s = state)
            {
                Sha256x16.Compress(s, pointers, (nuint)together);
                for (var lane = Sha256x16.Lanes - 1; lane >= 0; lane--)
                {
                    var left = (padded[lane].Length / 64) - together;
                    var first = left / 2;
                    Sha256x16.CompressLane(s, lane, pointers[lane] + (64 * together), (nuint)first);
                    Sha256x16.CompressLane(s, lane, pointers[lane] + (64 * (together + first)), (nuint)(left - first));
                    Sha256x16.Digest(state, lane, digest);
                    digests[lane] = Convert.ToHexStringLower(digest);
                }
            }

            for (var lane = 0; lane < Sha256x16.Lanes; lane++)
            {
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(messages[lane])), digests[lane]);
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }
    }

    /// <summary>FIPS 180-2 appendix B's three examples ("abc", the 448-bit message, one million 'a') and the empty message.</summary>
    [Fact]
    public void The_fips_180_examples_give_their_published_digests_in_any_lane()
    {
        if (!Sha256x16.IsSupported)
        {
            Assert.False(Avx512F.IsSupported && Avx512BW.IsSupported);
            return;
        }

        (byte[] Message, string Digest)[] examples =
        [
            ("abc"u8.ToArray(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8.ToArray(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (Encoding.ASCII.GetBytes(new string('a', 1_000_000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ];
        var messages = Enumerable.Range(0, Sha256x16.Lanes).Select(i => examples[(i * 7) % examples.Length].Message).ToArray();
        var digests = HashEach(messages);
        for (var i = 0; i < Sha256x16.Lanes; i++)
        {
            Assert.Equal(examples[(i * 7) % examples.Length].Digest, digests[i]);
        }
    }

    /// <summary>
    /// Sixteen messages of different lengths around the padding's edges (55 and 56 bytes fill one block's padding or
    /// spill into a second; FIPS 180-4 §5.1.1), each lane finishing at a different block, against OpenSSL.
    /// </summary>
    [Fact]
    public void Messages_of_sixteen_different_lengths_hash_as_openssl_hashes_each_one()
    {
        if (!Sha256x16.IsSupported)
        {
            Assert.False(Avx512F.IsSupported && Avx512BW.IsSupported);
            return;
        }

        int[] lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 4096, 65_535, 100_003];
        var random = new Random(180);
        var messages = lengths.Select(n => { var m = new byte[n]; random.NextBytes(m); return m; }).ToArray();
        var digests = HashEach(messages);
        for (var i = 0; i < messages.Length; i++)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(messages[i])), digests[i]);
        }
    }

    /// <summary>
    /// Pads each message by hand (<see cref="Pad"/>), then runs all sixteen
    /// one block at a time; a lane whose message is done keeps hashing its last block, and its digest is taken as it
    /// finished.
    /// </summary>
    private static string[] HashEach(byte[][] messages)
    {
        var padded = messages.Select(Pad).ToArray();
        var state = new uint[Sha256x16.StateWords * Sha256x16.Lanes];
        for (var lane = 0; lane < Sha256x16.Lanes; lane++)
        {
            Sha256x16.Reset(state, lane);
        }

        var digests = new string[messages.Length];
        var handles = padded.Select(p => GCHandle.Alloc(p, GCHandleType.Pinned)).ToArray();
        try
        {
            var pointers = stackalloc byte*[Sha256x16.Lanes];
            var total = padded.Max(p => p.Length / 64);
            var digest = new byte[32];
            for (var block = 0; block < total; block++)
            {
                for (var lane = 0; lane < Sha256x16.Lanes; lane++)
                {
                    var blocks = padded[lane].Length / 64;
                    pointers[lane] = (byte*)handles[lane].AddrOfPinnedObject() + (64 * Math.Min(block, blocks - 1));
                }

                fixed (uint* s = state)
                {
                    Sha256x16.Compress(s, pointers, 1);
                }

                for (var lane = 0; lane < Sha256x16.Lanes; lane++)
                {
                    if (block == (padded[lane].Length / 64) - 1)
                    {
                        Sha256x16.Digest(state, lane, digest);
                        digests[lane] = Convert.ToHexStringLower(digest);
                    }
                }
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }

        return digests;
    }

    /// <summary>§5.1.1 by hand: 0x80, zeros to 56 mod 64, the bit length big-endian.</summary>
    private static byte[] Pad(byte[] message)
    {
        var blocks = (message.Length + 9 + 63) / 64;
        var p = new byte[blocks * 64];
        message.CopyTo(p, 0);
        p[message.Length] = 0x80;
        var bits = (ulong)message.Length * 8;
        for (var k = 0; k < 8; k++)
        {
            p[^(k + 1)] = (byte)(bits >> (8 * k));
        }

        return p;
    }
}

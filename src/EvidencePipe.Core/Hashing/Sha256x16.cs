using System.Runtime.InteropServices;

namespace EvidencePipe.Hashing;

/// <summary>
/// The SHA-256 compression function (FIPS 180-4 §6.2.2) run over sixteen independent messages at once, one per
/// 32-bit lane of an AVX-512 register (<c>Native/sha256x16.c</c>, linked into the AOT executable and built as
/// <c>libevidencepipe_native.so</c> beside the assemblies otherwise). A folder of evidence files is sixteen
/// messages at a time: ~3.7 GB/s on the lab VM against OpenSSL's ~1.75 GB/s for one message
/// (benchmarks/results/2026-12-05-issue18-mbhash.md). The caller keeps each lane's message, its padding (§5.1.1)
/// and its initial value (§5.3.3); this type holds the state and runs the kernel.
/// </summary>
public static unsafe partial class Sha256x16
{
    /// <summary>Messages hashed at once.</summary>
    public const int Lanes = 16;

    /// <summary>Bytes in one SHA-256 block.</summary>
    public const int BlockSize = 64;

    /// <summary>Words of state per lane (a … h).</summary>
    public const int StateWords = 8;

    private const string Library = "evidencepipe_native";

    // FIPS 180-4 §5.3.3: the initial hash value H(0).
    private static ReadOnlySpan<uint> InitialValue => [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// <summary>
    /// True when the kernel is present and this CPU and OS run it (AVX-512 F and BW). False on other machines, when
    /// the native library was not built (no C compiler), or with <c>EVIDENCEPIPE_SHA256_LANES=off</c>; callers then
    /// hash one message at a time with OpenSSL, with the same digests.
    /// </summary>
    public static bool IsSupported { get; } = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64
            || Environment.GetEnvironmentVariable("EVIDENCEPIPE_SHA256_LANES") is "off" or "0")
        {
            return false;
        }

        try
        {
            return Supported() != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when this CPU runs <see cref="CompressLane"/> (the SHA extensions) and <see cref="IsSupported"/> is true.
    /// </summary>
    public static bool LaneIsSupported { get; } = IsSupported && LaneSupported() != 0;

    /// <summary>Sets lane <paramref name="lane"/> of <paramref name="state"/> to H(0), to start a new message there.</summary>
    public static void Reset(Span<uint> state, int lane)
    {
        for (var word = 0; word < StateWords; word++)
        {
            state[word * Lanes + lane] = InitialValue[word];
        }
    }

    /// <summary>Writes lane <paramref name="lane"/>'s digest (the state words big-endian, §6.2.2 step 4) into <paramref name="digest"/>.</summary>
    public static void Digest(ReadOnlySpan<uint> state, int lane, Span<byte> digest)
    {
        for (var word = 0; word < StateWords; word++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(digest[(word * 4)..], state[word * Lanes + lane]);
        }
    }

    /// <summary>
    /// Runs <paramref name="blocks"/> 64-byte blocks of every lane through the compression function: lane i reads
    /// <c>lanes[i][0 .. 64 × blocks)</c>. <paramref name="state"/> is <c>state[word × 16 + lane]</c>. Only after
    /// <see cref="IsSupported"/> is true.
    /// </summary>
    public static void Compress(uint* state, byte** lanes, nuint blocks) => Blocks(state, lanes, blocks);

    /// <summary>
    /// Runs <paramref name="blocks"/> 64-byte blocks at <paramref name="data"/> through the compression function of
    /// lane <paramref name="lane"/> alone (SHA-NI, one message at OpenSSL's speed), the other lanes untouched: for
    /// when so few lanes are busy that a sixteen-lane call would be mostly idle. Only after <see cref="LaneIsSupported"/>.
    /// </summary>
    public static void CompressLane(uint* state, int lane, byte* data, nuint blocks) => LaneBlocks(state, lane, data, blocks);

    [LibraryImport(Library, EntryPoint = "evidencepipe_sha256_lane_supported")]
    private static partial int LaneSupported();

    [LibraryImport(Library, EntryPoint = "evidencepipe_sha256_lane_blocks")]
    private static partial void LaneBlocks(uint* state, int lane, byte* data, nuint blocks);

    [LibraryImport(Library, EntryPoint = "evidencepipe_sha256x16_supported")]
    private static partial int Supported();

    // A normal (not SuppressGCTransition) call on purpose: the thread runs the kernel in preemptive mode, so a garbage
    // collection elsewhere in the process does not wait for, or stop, hashing.
    [LibraryImport(Library, EntryPoint = "evidencepipe_sha256x16_blocks")]
    private static partial void Blocks(uint* state, byte** lanes, nuint blocks);
}

using EvidencePipe.Synthesis;

namespace EvidencePipe.Readers.Tests.Fuzz;

/// <summary>
/// Seeded byte-level mutations of a real sample, in the spirit of AFL's deterministic havoc stage:
/// the same seed gives the same mutants on every machine (SplitMix64, not System.Random).
/// </summary>
internal sealed class Mutator(ulong seed)
{
    /// <summary>Byte sequences that are not valid UTF-8 (RFC 3629 §3): lone continuation, overlong, surrogate, 0xFE/0xFF, cut sequence.</summary>
    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF, 0xBF], [0xC0, 0xAF], [0xC3, 0x28], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF, 0xFE], [0xF0, 0x9F, 0x98],
    ];

    /// <summary>Bytes that are structural in the formats read (XML, JSON, CSV, vCard, chat lines) or simply common.</summary>
    private static readonly byte[] RunBytes = "<{[\"',:;=\\/\n\r 0aA&%".Select(c => (byte)c).Concat(new byte[] { 0x00, 0xFF }).ToArray();

    private readonly SplitMix64 _random = new(seed);

    public string Describe { get; private set; } = string.Empty;

    /// <summary>A mutant of <paramref name="original"/> with one to three mutations applied; <see cref="Describe"/> says which.</summary>
    public byte[] Mutate(byte[] original)
    {
        var bytes = new List<byte>(original);
        var steps = _random.Next(1, 4);
        var what = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            what.Add(MutateOnce(bytes));
        }

        Describe = string.Join("; ", what);
        return [.. bytes];
    }

    private string MutateOnce(List<byte> b)
    {
        if (b.Count == 0)
        {
            b.AddRange(Random(_random.Next(1, 64)));
            return "random bytes into an empty file";
        }

        switch (_random.Next(0, 8))
        {
            case 0:
            {
                var flips = _random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    var at = _random.Next(0, b.Count);
                    b[at] ^= (byte)(1 << _random.Next(0, 8));
                }

                return $"{flips} bit flips";
            }

            case 1:
            {
                var at = _random.Next(0, b.Count);
                var length = Math.Min(_random.Next(1, 65), b.Count - at);
                var run = Random(length);
                for (var i = 0; i < length; i++)
                {
                    b[at + i] = run[i];
                }

                return $"{length} random bytes over offset {at}";
            }

            case 2:
            {
                var at = _random.Next(0, b.Count);
                b.RemoveRange(at, b.Count - at);
                return $"truncated at {at}";
            }

            case 3:
            {
                var from = _random.Next(0, b.Count);
                var length = Math.Min(_random.Next(1, 4097), b.Count - from);
                var chunk = b.GetRange(from, length);
                var to = _random.Next(0, b.Count + 1);
                b.InsertRange(to, chunk);
                return $"{length} bytes from {from} duplicated at {to}";
            }

            case 4:
            {
                var from = _random.Next(0, b.Count);
                var length = Math.Min(_random.Next(1, 4097), b.Count - from);
                b.RemoveRange(from, length);
                return $"{length} bytes deleted at {from}";
            }

            case 5:
            {
                var at = _random.Next(0, b.Count + 1);
                var length = _random.Next(1, 33);
                b.InsertRange(at, new byte[length]);
                return $"{length} NULs inserted at {at}";
            }

            case 6:
            {
                var at = _random.Next(0, b.Count + 1);
                var bad = _random.Pick(InvalidUtf8);
                b.InsertRange(at, bad);
                return $"invalid UTF-8 {Convert.ToHexString(bad)} inserted at {at}";
            }

            default:
            {
                var at = _random.Next(0, b.Count + 1);
                var value = _random.Pick(RunBytes);
                var length = _random.Next(1 << 12, 1 << 20);
                b.InsertRange(at, Enumerable.Repeat(value, length));
                return $"{length} x 0x{value:X2} inserted at {at}";
            }
        }
    }

    private byte[] Random(int length)
    {
        var run = new byte[length];
        for (var i = 0; i < length; i++)
        {
            run[i] = (byte)_random.NextUInt64();
        }

        return run;
    }
}

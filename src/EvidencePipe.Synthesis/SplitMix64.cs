namespace EvidencePipe.Synthesis;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny PRNG whose sequence is fixed by its seed on every
/// platform and runtime version, unlike System.Random — generated cases must be reproducible.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + (int)(NextDouble() * (max - min));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];
}

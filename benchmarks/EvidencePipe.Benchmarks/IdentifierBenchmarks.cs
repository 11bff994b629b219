using BenchmarkDotNet.Attributes;
using EvidencePipe.Identifiers;
using EvidencePipe.Time;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Normalisation costs paid once per event: phone numbers to E.164 and naive local times to UTC.
/// <see cref="NormalisePhoneNumbers"/> is what ingest pays per address (a case names few distinct
/// numbers many times, and <see cref="PhoneRegion"/> caches per raw string);
/// <see cref="NormalisePhoneNumbersUncached"/> is libphonenumber's own cost for a first sighting.
/// </summary>
[MemoryDiagnoser]
public class NormalisationBenchmarks
{
    private static readonly string[] Numbers = ["07700 900666", "+44 (0)7700-900666", "00447700900666", "447700900666", "DPD", "81234"];
    private readonly CaseTimeZone _zone = CaseTimeZone.Default;

    [Benchmark]
    public int NormalisePhoneNumbers()
    {
        var n = 0;
        foreach (var number in Numbers)
        {
            n += Identifier.ForPhone(number, PhoneRegion.Default).Length;
        }

        return n;
    }

    [Benchmark]
    public int NormalisePhoneNumbersUncached()
    {
        var n = 0;
        foreach (var number in Numbers)
        {
            n += PhoneNormalizer.Normalize(number, "GB").Length;
        }

        return n;
    }

    [Benchmark]
    public long ConvertNaiveLocalTimes()
    {
        long sum = 0;
        var t = new DateTime(2024, 3, 30, 22, 0, 0);
        for (var i = 0; i < 6; i++)
        {
            sum += _zone.FromLocal(t.AddMinutes(i * 37)).UnixMilliseconds;
        }

        return sum;
    }
}

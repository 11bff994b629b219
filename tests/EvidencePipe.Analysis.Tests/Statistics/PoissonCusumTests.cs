using EvidencePipe.Analysis.Statistics;
using EvidencePipe.Synthesis;

namespace EvidencePipe.Analysis.Tests.Statistics;

public sealed class PoissonCusumTests
{
    /// <summary>Poisson counts by inversion with a fixed-seed generator, so the timelines are reproducible.</summary>
    private static int Poisson(SplitMix64 random, double lambda)
    {
        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= random.NextDouble();
        }
        while (p > l);
        return k - 1;
    }

    public static TheoryData<ulong, double, double, int> StepChanges() => new()
    {
        { 1, 1.0, 4.0, 60 },
        { 2, 2.0, 6.0, 45 },
        { 4, 3.0, 9.0, 40 },
        { 5, 1.0, 3.0, 90 },
    };

    [Theory]
    [MemberData(nameof(StepChanges))]
    public void Given_a_step_change_in_the_daily_rate_the_onset_is_found_within_3_days(ulong seed, double before, double after, int changeDay)
    {
        var random = new SplitMix64(seed);
        var daily = Enumerable.Range(0, changeDay + 40).Select(d => Poisson(random, d < changeDay ? before : after)).ToList();
        var result = PoissonCusum.Detect(daily);
        Assert.NotNull(result.OnsetDay);
        Assert.InRange(result.OnsetDay!.Value, changeDay - 3, changeDay + 3);
    }

    /// <summary>
    /// The estimate is statistical: Poisson noise can genuinely look like an earlier rise (seed 3 of
    /// 0.5→3/day has five days at 1.4/day just before the change). So across many seeded timelines
    /// with rises of 3× to 6× at random days, at least 90% must be located within ±3 days.
    /// </summary>
    [Fact]
    public void Across_200_random_step_changes_at_least_90_percent_of_onsets_are_within_3_days()
    {
        var within = 0;
        const int Trials = 200;
        for (var seed = 100UL; seed < 100 + Trials; seed++)
        {
            var random = new SplitMix64(seed);
            var before = 0.5 + random.NextDouble() * 2.5;
            var after = before * (3 + random.NextDouble() * 3);
            var changeDay = random.Next(35, 100);
            var daily = Enumerable.Range(0, changeDay + 40).Select(d => Poisson(random, d < changeDay ? before : after)).ToList();
            var onset = PoissonCusum.Detect(daily).OnsetDay;
            if (onset is { } o && Math.Abs(o - changeDay) <= 3)
            {
                within++;
            }
        }

        Assert.True(within >= 0.9 * Trials, $"{within} of {Trials} onsets within ±3 days");
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    public void Given_a_linear_rise_the_onset_is_found_within_3_days_of_its_start(ulong seed)
    {
        var random = new SplitMix64(seed);
        const int start = 60;
        var daily = Enumerable.Range(0, 121).Select(d => Poisson(random, d < start ? 1.0 : 1.0 + 0.4 * (d - start))).ToList();
        var result = PoissonCusum.Detect(daily);
        Assert.NotNull(result.OnsetDay);
        Assert.InRange(result.OnsetDay!.Value, start - 3, start + 3);
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    [InlineData(23UL)]
    public void A_steady_rate_raises_no_alarm(ulong seed)
    {
        var random = new SplitMix64(seed);
        var daily = Enumerable.Range(0, 150).Select(_ => Poisson(random, 2.0)).ToList();
        Assert.Null(PoissonCusum.Detect(daily).AlarmDay);
    }
}

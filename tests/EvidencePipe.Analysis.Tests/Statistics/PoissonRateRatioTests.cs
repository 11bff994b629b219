using EvidencePipe.Analysis.Statistics;

namespace EvidencePipe.Analysis.Tests.Statistics;

public sealed class PoissonRateRatioTests
{
    [Fact]
    public void Equal_rates_give_a_large_p_value()
    {
        var (ratio, p) = PoissonRateRatio.Test(10, 14, 20, 28);
        Assert.Equal(1.0, ratio, 6);
        Assert.True(p > 0.4);
    }

    [Fact]
    public void A_tripled_rate_is_significant()
    {
        var (ratio, p) = PoissonRateRatio.Test(42, 14, 28, 28);
        Assert.Equal(3.0, ratio, 6);
        Assert.True(p < 1e-4); // python: sum(comb(70,i)/3**i*(2/3)**(70-i) for i in 42..70) = 4.3e-6
    }

    [Fact]
    public void The_binomial_tail_matches_an_independent_calculation()
    {
        // scipy.stats.binom.sf(4, 10, 1/3) = P(X >= 5) = 0.21312...
        Assert.Equal(0.213128, PoissonRateRatio.BinomialUpperTail(5, 10, 1.0 / 3), 5);
        Assert.Equal(1.0, PoissonRateRatio.BinomialUpperTail(0, 10, 0.5));
        Assert.Equal(0.0, PoissonRateRatio.BinomialUpperTail(11, 10, 0.5));
        Assert.Equal(Math.Pow(0.5, 10), PoissonRateRatio.BinomialUpperTail(10, 10, 0.5), 12);
    }

    [Theory]
    [InlineData(500, 1000, 0.5, 0.5126125090891804)] // exact rational sum of C(1000, i)/2^1000, Python fractions
    [InlineData(67000, 200000, 1.0 / 3, 0.057239700770624326)] // Python math.lgamma log-sum over every term
    public void The_binomial_tail_stays_exact_for_the_counts_of_a_heavy_contact(int k, int n, double p, double expected) =>
        Assert.Equal(expected, PoissonRateRatio.BinomialUpperTail(k, n, p), 1e-9);

    [Fact]
    public void No_events_at_all_is_not_evidence_of_a_rise() => Assert.Equal(1.0, PoissonRateRatio.Test(0, 14, 0, 28).PValue);
}

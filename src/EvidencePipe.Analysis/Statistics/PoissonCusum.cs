namespace EvidencePipe.Analysis.Statistics;

/// <summary>
/// One-sided Poisson CUSUM on daily counts (Lucas 1985, "Counted data CUSUMs"): with an in-control
/// rate λ0 and an out-of-control rate λ1 &gt; λ0, S_t = max(0, S_{t-1} + x_t·ln(λ1/λ0) − (λ1 − λ0)).
/// An alarm is raised when S_t exceeds h. The onset is then located by maximum likelihood over the
/// days from the baseline to four weeks after the alarm, fitting two shapes of rise from the baseline
/// rate λ0 — a step to a new constant rate, and a hinge (a linear ramp from day τ) — and taking the
/// change day τ of the better fit. The CUSUM's last zero, which noise before a change drags early,
/// is not used as the estimate.
/// </summary>
public static class PoissonCusum
{
    public sealed record Result(int? AlarmDay, int? OnsetDay, double Baseline, double Target, double Threshold);

    /// <param name="daily">Counts per consecutive day.</param>
    /// <param name="baselineDays">Days at the start that define the in-control rate λ0.</param>
    public static Result Detect(IReadOnlyList<int> daily, int baselineDays = 28, double shift = 2.0, double threshold = 5.0)
    {
        var n = Math.Min(baselineDays, daily.Count);
        // A floor keeps a quiet baseline (a few contacts a month) from making every later contact an alarm.
        var lambda0 = Math.Max(n == 0 ? 0 : daily.Take(n).Average(), 0.25);
        var lambda1 = lambda0 * shift;
        var k = lambda1 - lambda0;
        var weight = Math.Log(lambda1 / lambda0);
        var s = 0.0;
        var lastZero = -1;
        for (var t = 0; t < daily.Count; t++)
        {
            s = Math.Max(0, s + daily[t] * weight - k);
            if (s == 0)
            {
                lastZero = t;
            }
            else if (s > threshold && t >= n)
            {
                return new Result(t, ChangePoint(daily, lambda0, n, Math.Min(daily.Count - 1, t + 28)), lambda0, lambda1, threshold);
            }
        }

        return new Result(null, null, lambda0, lambda1, threshold);
    }

    /// <summary>
    /// The change day τ in [from, end] maximising the Poisson log-likelihood of days from..τ−1 at their
    /// own mean rate followed by days τ..end as either a step (their own mean) or a hinge (a ramp up
    /// from the earlier rate) — whichever fits better.
    /// </summary>
    private static int ChangePoint(IReadOnlyList<int> daily, double lambda0, int from, int end)
    {
        var best = end;
        var bestLl = double.NegativeInfinity;
        for (var tau = Math.Max(1, from); tau <= end; tau++)
        {
            var before = Math.Max(Mean(daily, from, tau - 1), lambda0 * 0.5);
            var ll = SegmentLogLikelihood(daily, from, tau - 1, _ => before)
                + Math.Max(SegmentLogLikelihood(daily, tau, end, _ => Math.Max(before, Mean(daily, tau, end))), HingeLogLikelihood(daily, before, tau, end));
            if (ll > bestLl + 1e-9)
            {
                bestLl = ll;
                best = tau;
            }
        }

        return best;
    }

    private static double Mean(IReadOnlyList<int> daily, int from, int to)
    {
        if (to < from)
        {
            return 0;
        }

        long sum = 0;
        for (var t = from; t <= to; t++)
        {
            sum += daily[t];
        }

        return (double)sum / (to - from + 1);
    }

    /// <summary>Σ x_t·ln λ_t − λ_t over the days (the Poisson log-likelihood without the x! term).</summary>
    private static double SegmentLogLikelihood(IReadOnlyList<int> daily, int from, int to, Func<int, double> rate)
    {
        var ll = 0.0;
        for (var t = from; t <= to; t++)
        {
            var r = Math.Max(rate(t), 1e-9);
            ll += daily[t] * Math.Log(r) - r;
        }

        return ll;
    }

    /// <summary>Rate λ + b·(t − τ) from day τ, b ≥ 0 fitted by golden-section search (the likelihood is concave in b).</summary>
    private static double HingeLogLikelihood(IReadOnlyList<int> daily, double lambda, int tau, int end)
    {
        double Ll(double b) => SegmentLogLikelihood(daily, tau, end, t => lambda + b * (t - tau));

        double lo = 0, hi = Math.Max(1.0, daily.Skip(tau).Take(end - tau + 1).DefaultIfEmpty(0).Max());
        const double Phi = 0.6180339887498949;
        for (var i = 0; i < 50; i++)
        {
            var m1 = hi - Phi * (hi - lo);
            var m2 = lo + Phi * (hi - lo);
            if (Ll(m1) < Ll(m2))
            {
                lo = m1;
            }
            else
            {
                hi = m2;
            }
        }

        return Ll((lo + hi) / 2);
    }
}

namespace EvidencePipe.Analysis.Statistics;

/// <summary>
/// One-sided Poisson CUSUM on daily counts (Lucas 1985, "Counted data CUSUMs"): with an in-control
/// rate λ0 and an out-of-control rate λ1 &gt; λ0, S_t = max(0, S_{t-1} + x_t·ln(λ1/λ0) − (λ1 − λ0)).
/// An alarm is raised when S_t exceeds h; the onset of the rise is estimated as the day after S was
/// last zero before the alarm (the standard CUSUM change-point estimate).
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
                return new Result(t, lastZero + 1, lambda0, lambda1, threshold);
            }
        }

        return new Result(null, null, lambda0, lambda1, threshold);
    }
}

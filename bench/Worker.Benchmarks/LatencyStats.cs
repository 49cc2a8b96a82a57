namespace Faas.Benchmarks;

/// <summary>Order statistics of a set of samples, in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double Median, double P90, double P99, double Min, double Max)
{
    /// <summary>Sorts a copy of the samples and takes nearest-rank percentiles.</summary>
    public static LatencyStats From(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), sorted[0], sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (p == 0.50 && sorted.Length % 2 == 0)
        {
            return (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

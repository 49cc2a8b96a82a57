using System.Globalization;

namespace Faas.Benchmarks.Platform;

/// <summary>
/// The process's garbage collections so far (<see cref="GC.CollectionCount"/> of gen0 counts them all), the time they
/// paused it, and the bytes it allocated.
/// </summary>
internal readonly record struct GcCounts(int Collections, TimeSpan Paused, long Allocated)
{
    public static GcCounts Take() => new(GC.CollectionCount(0), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: false));

    public static GcCounts operator -(GcCounts after, GcCounts before)
        => new(after.Collections - before.Collections, after.Paused - before.Paused, after.Allocated - before.Allocated);

    /// <summary>Allocated kilobytes per request, for a run of <paramref name="requests"/> requests.</summary>
    public string KilobytesPer(int requests) => (Allocated / 1024.0 / Math.Max(1, requests)).ToString("F1", CultureInfo.InvariantCulture) + " KB";

    public override string ToString() => $"{Collections} garbage collections pausing it {Paused.TotalMilliseconds:F0} ms in all";
}

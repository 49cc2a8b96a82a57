namespace Faas.Benchmarks.Platform;

/// <summary>The process's garbage collections so far (<see cref="GC.CollectionCount"/> of gen0 counts them all) and the time they paused it.</summary>
internal readonly record struct GcCounts(int Collections, TimeSpan Paused)
{
    public static GcCounts Take() => new(GC.CollectionCount(0), GC.GetTotalPauseDuration());

    public static GcCounts operator -(GcCounts after, GcCounts before) => new(after.Collections - before.Collections, after.Paused - before.Paused);

    public override string ToString() => $"{Collections} garbage collections pausing it {Paused.TotalMilliseconds:F0} ms in all";
}

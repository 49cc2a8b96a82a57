namespace Faas.Scheduler.Scaling;

/// <summary>Records to read from one partition: <paramref name="Count"/> records from offset <paramref name="From"/>, of a partition <paramref name="Lag"/> records behind.</summary>
internal readonly record struct SampleRange(string Topic, int Partition, long From, int Count, long Lag);

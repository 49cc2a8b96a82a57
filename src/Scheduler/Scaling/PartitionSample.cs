namespace Faas.Scheduler.Scaling;

/// <summary>What was read from one partition: records read, and of them how many named each function.</summary>
internal sealed record PartitionSample(long Lag, int RecordsRead, IReadOnlyDictionary<BacklogKey, int> Counts);

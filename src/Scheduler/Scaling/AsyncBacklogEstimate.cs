using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// The arithmetic of attributing the async-invocation backlog to functions, kept pure so it is tested on its own: which
/// records to read, how a partition's sample is scaled to its lag, and how a function's warm environments are bounded.
/// </summary>
internal static class AsyncBacklogEstimate
{
    /// <summary>
    /// Which records to read: for each partition with lag, the records from where the group stands (its committed
    /// offset, or the low watermark) up to <paramref name="perPartition"/> or the lag, largest lag first, until
    /// <paramref name="total"/> records are planned.
    /// </summary>
    public static List<SampleRange> Plan(IEnumerable<PartitionLag> partitions, int perPartition, int total)
    {
        var plan = new List<SampleRange>();
        var left = (long)total;
        foreach (var partition in partitions.Where(static p => p.Lag > 0).OrderByDescending(static p => p.Lag).ThenBy(static p => p.Topic, StringComparer.Ordinal).ThenBy(static p => p.Partition))
        {
            if (left <= 0)
            {
                break;
            }

            var count = Math.Min(Math.Min(partition.Lag, perPartition), left);
            if (count <= 0)
            {
                continue;
            }

            var from = Math.Max(partition.CommittedOffset ?? partition.LowWatermark, partition.LowWatermark);
            plan.Add(new SampleRange(partition.Topic, partition.Partition, from, (int)count, partition.Lag));
            left -= count;
        }

        return plan;
    }

    /// <summary>
    /// Scales each partition's counts to its lag (count × lag / records read, rounded up so a function seen is never
    /// estimated at zero) and adds the partitions up. A partition nothing was read from contributes nothing.
    /// </summary>
    public static Dictionary<BacklogKey, (long Estimated, int Sampled)> Extrapolate(IEnumerable<PartitionSample> samples)
    {
        var result = new Dictionary<BacklogKey, (long Estimated, int Sampled)>();
        foreach (var sample in samples)
        {
            if (sample.RecordsRead <= 0)
            {
                continue;
            }

            // Never scaled below what was counted: the lag may have been read before more records arrived.
            var lag = Math.Max(sample.Lag, sample.RecordsRead);
            foreach (var (key, count) in sample.Counts)
            {
                var estimated = (long)Math.Ceiling((double)count * lag / sample.RecordsRead);
                var current = result.GetValueOrDefault(key);
                result[key] = (current.Estimated + estimated, current.Sampled + count);
            }
        }

        return result;
    }

    /// <summary>
    /// The warm environments each function and qualifier should get from its estimated backlog: one per record waiting,
    /// at most the function's cap (<paramref name="capOf"/>: reserved concurrency and the per-function setting, 0 for a
    /// deleted function), shared among its qualifiers largest backlog first so their sum stays within the cap.
    /// </summary>
    public static Dictionary<BacklogKey, int> Bound(IReadOnlyDictionary<BacklogKey, long> backlog, Func<string, int> capOf)
    {
        var result = new Dictionary<BacklogKey, int>();
        foreach (var function in backlog.GroupBy(static b => b.Key.FunctionName, StringComparer.Ordinal))
        {
            var left = (long)Math.Max(0, capOf(function.Key));
            foreach (var (key, waiting) in function.OrderByDescending(static b => b.Value).ThenBy(static b => b.Key.Qualifier, StringComparer.Ordinal))
            {
                var environments = (int)Math.Min(Math.Max(0, waiting), left);
                result[key] = environments;
                left -= environments;
            }
        }

        return result;
    }
}

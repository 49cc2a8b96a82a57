namespace Faas.Gateway.Async;

/// <summary>
/// Which offsets of one assigned partition are still being worked on. Records of a partition run concurrently, so
/// they complete out of order; the offset that may be committed is the lowest one still in flight (everything below it
/// is done), or one past the highest consumed when nothing is. Used by the consume loop's thread only.
/// </summary>
internal sealed class PartitionProgress
{
    private readonly SortedSet<long> _inFlight = [];
    private long _next = -1;
    private long _committed = -1;

    /// <summary>Records consumed and not yet completed.</summary>
    public int InFlight => _inFlight.Count;

    public void Started(long offset)
    {
        _inFlight.Add(offset);
        _next = Math.Max(_next, offset + 1);
    }

    public void Completed(long offset) => _inFlight.Remove(offset);

    /// <summary>The offset to commit (Kafka's convention: the next record to read) when it moved since the last call, else null.</summary>
    public long? TakeCommittable()
    {
        if (_next < 0)
        {
            return null;
        }

        var committable = _inFlight.Count > 0 ? _inFlight.Min : _next;
        if (committable <= _committed)
        {
            return null;
        }

        _committed = committable;
        return committable;
    }
}

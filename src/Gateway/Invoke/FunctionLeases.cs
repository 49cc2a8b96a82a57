using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.Invoke;

/// <summary>
/// What this gateway holds for one function: cached resolutions per qualifier, the leases it holds (idle ones on a
/// stack per revision, most recently used on top) and how many are busy. Every field is read and changed under
/// <see cref="Gate"/>; nothing in here awaits.
/// </summary>
internal sealed class FunctionLeases(string name, IFunctionPoolGrain pool)
{
    public string Name { get; } = name;

    public IFunctionPoolGrain Pool { get; } = pool;

    public Lock Gate { get; } = new();

    /// <summary>Resolutions by qualifier ("" for none); dropped when the pool says the function changed.</summary>
    public Dictionary<string, ResolvedFunction> Resolutions { get; } = new(StringComparer.Ordinal);

    /// <summary>Bumped by every change notification: a resolution that started before one is not cached.</summary>
    public long Generation { get; set; }

    /// <summary>The reserved concurrency from the latest resolution (null: unreserved or not yet known).</summary>
    public int? ReservedConcurrency { get; set; }

    /// <summary>Whether the pool knows this gateway as a holder (subscribed since the pool's activation).</summary>
    public bool Subscribed { get; set; }

    /// <summary>Every lease held, by lease id.</summary>
    public Dictionary<long, HeldLease> Leases { get; } = [];

    /// <summary>Idle leases per revision; the top is the most recently used.</summary>
    public Dictionary<string, Stack<HeldLease>> Idle { get; } = new(StringComparer.Ordinal);

    /// <summary>Leases running an invocation.</summary>
    public int Busy { get; set; }

    /// <summary>Lease ids recalled before their grant arrived.</summary>
    public HashSet<long> EarlyRecalls { get; } = [];

    /// <summary>When the function was last invoked here (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long LastUsed { get; set; }

    /// <summary>Dropped from the cache; a caller that still has it looks the function up again.</summary>
    public bool Removed { get; set; }

    /// <summary>Invocations waiting for a busy lease to come free, oldest first.</summary>
    public LinkedList<LeaseWaiter> Waiters { get; } = [];

    /// <summary>Asks to the pool in flight.</summary>
    public int Starting { get; set; }

    /// <summary>How long a lease on a newly started environment took from the pool, smoothed (0: none seen yet).</summary>
    public double ColdStartMs { get; set; }

    /// <summary>Busy leases of a revision.</summary>
    public int BusyOf(string revisionId)
    {
        var busy = 0;
        foreach (var lease in Leases.Values)
        {
            if (lease.Busy && !lease.Recalled && lease.Lease.RevisionId == revisionId)
            {
                busy++;
            }
        }

        return busy;
    }

    /// <summary>Hands a lease that just came free to the oldest waiter for its revision; false when none took it.</summary>
    public bool TryHandOver(HeldLease lease)
    {
        for (var node = Waiters.First; node is not null; node = node.Next)
        {
            if (node.Value.RevisionId == lease.Lease.RevisionId)
            {
                Waiters.Remove(node);
                return node.Value.TrySetResult(lease);
            }
        }

        return false;
    }

    /// <summary>Takes the most recently used idle lease of a revision, if any.</summary>
    public HeldLease? TryTakeIdle(string revisionId)
    {
        if (!Idle.TryGetValue(revisionId, out var stack))
        {
            return null;
        }

        while (stack.TryPop(out var lease))
        {
            if (!lease.Recalled)
            {
                return lease;
            }
        }

        return null;
    }

    /// <summary>Removes an idle lease from its stack (recalled, expired or handed back on request).</summary>
    public void RemoveIdle(HeldLease lease)
    {
        if (Idle.TryGetValue(lease.Lease.RevisionId, out var stack) && stack.Contains(lease))
        {
            var kept = stack.Where(l => !ReferenceEquals(l, lease)).Reverse().ToArray();
            stack.Clear();
            foreach (var other in kept)
            {
                stack.Push(other);
            }
        }
    }

    /// <summary>Idle leases, oldest first.</summary>
    public IEnumerable<HeldLease> IdleLeases() => Idle.Values.SelectMany(static s => s).OrderBy(static l => l.IdleSince);
}

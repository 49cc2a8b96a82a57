namespace Faas.Scheduler.Pools;

/// <summary>
/// Idle (unleased, unprovisioned) environments of every pool on this silo, oldest first: when every worker is full, the
/// least recently used one of any function is evicted to make room. Thread-safe.
/// </summary>
internal sealed class IdleEnvironmentIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IdleEnvironment> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<IdleEnvironment> _byAge = new(IdleEnvironment.OldestFirst);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Records (or refreshes) an idle environment.</summary>
    public void Add(IdleEnvironment environment)
    {
        lock (_gate)
        {
            if (_byId.Remove(environment.EnvironmentId, out var previous))
            {
                _byAge.Remove(previous);
            }

            _byId[environment.EnvironmentId] = environment;
            _byAge.Add(environment);
        }
    }

    /// <summary>Forgets an environment (leased, stopping or gone).</summary>
    public void Remove(string environmentId)
    {
        lock (_gate)
        {
            if (_byId.Remove(environmentId, out var previous))
            {
                _byAge.Remove(previous);
            }
        }
    }

    /// <summary>Forgets every environment of a worker.</summary>
    public void RemoveWorker(string worker)
    {
        lock (_gate)
        {
            foreach (var environment in _byAge.Where(e => e.Worker == worker).ToList())
            {
                _byAge.Remove(environment);
                _byId.Remove(environment.EnvironmentId);
            }
        }
    }

    /// <summary>The least recently used idle environments, oldest first (only those <paramref name="eligible"/> accepts, when given).</summary>
    public List<IdleEnvironment> Oldest(int count, Func<IdleEnvironment, bool>? eligible = null)
    {
        lock (_gate)
        {
            return (eligible is null ? _byAge : _byAge.Where(eligible)).Take(count).ToList();
        }
    }
}

/// <summary>
/// An idle environment in the index. Reserved: its function has reserved concurrency, a share of the capacity that other
/// functions' demand floors do not take and their invocations take last.
/// </summary>
internal sealed record IdleEnvironment(string EnvironmentId, string Worker, string FunctionName, DateTimeOffset IdleSince, bool Reserved = false)
{
    public static readonly IComparer<IdleEnvironment> OldestFirst = Comparer<IdleEnvironment>.Create(static (a, b) =>
    {
        var byTime = a.IdleSince.CompareTo(b.IdleSince);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.EnvironmentId, b.EnvironmentId);
    });
}

namespace Faas.Scheduler.Pools;

/// <summary>Where an environment of a pool is in its life.</summary>
internal enum EnvironmentPhase
{
    /// <summary>Being started on a worker.</summary>
    Starting,

    /// <summary>Initialised and unleased: the pool may lease it or let it expire.</summary>
    Idle,

    /// <summary>Leased to a gateway, which may be running an invocation on it.</summary>
    Leased,

    /// <summary>Being evicted; gone from the pool once the worker confirms.</summary>
    Stopping,
}

using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.Invoke;

/// <summary>A lease this gateway holds: busy with one invocation, or idle on its function's stack. Changed under <see cref="FunctionLeases.Gate"/>.</summary>
internal sealed class HeldLease(FunctionLeases function, EnvironmentLease lease)
{
    public FunctionLeases Function { get; } = function;

    public EnvironmentLease Lease { get; } = lease;

    /// <summary>Running an invocation.</summary>
    public bool Busy { get; set; }

    /// <summary>Not to be reused: handed back once its invocation ends.</summary>
    public bool Recalled { get; set; }

    /// <summary>No invocation has run on it yet (its first one is the cold start, when the pool started it for this lease).</summary>
    public bool Fresh { get; set; } = true;

    /// <summary>When it went idle (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long IdleSince { get; set; }
}

using Faas.Worker.Control;

namespace Faas.Scheduler.Pools;

/// <summary>The outcome of placing an environment on some worker.</summary>
internal sealed record PlacementResult
{
    /// <summary>The worker that started it, on success.</summary>
    public string? Worker { get; init; }

    /// <summary>The started environment (its state may be FAILED: init failed), on success.</summary>
    public EnvironmentInfo? Environment { get; init; }

    /// <summary>True when every worker was full and no idle environment could be evicted.</summary>
    public bool NoCapacity { get; init; }

    /// <summary>Why the placement failed otherwise.</summary>
    public string? Error { get; init; }

    public static PlacementResult Full { get; } = new() { NoCapacity = true };
}

namespace Faas.Scheduler.Abstractions;

/// <summary>
/// One function's registry entry, keyed by function name: its configuration, versions, aliases and concurrency settings,
/// durable across restarts. It tells the function's <see cref="IFunctionPoolGrain"/> whenever any of them changes.
/// </summary>
public interface IFunctionGrain : IGrainWithStringKey
{
    /// <summary>Resolves a qualifier (null or <c>$LATEST</c>, a version number, an alias name); null when the function or qualifier does not exist.</summary>
    Task<ResolvedFunction?> ResolveAsync(string? qualifier);

    /// <summary>The pool's targets: reserved concurrency and provisioned environments.</summary>
    Task<FunctionPoolPlan> GetPoolPlanAsync();
}

namespace Faas.Scheduler.Abstractions;

/// <summary>
/// A demand floor on a function's warm pool (key = function name), beside provisioned concurrency: while set, the pool
/// keeps that many environments initialised; once it drops, they are ordinary environments again and scale to zero
/// after keep-alive. Set by the lag scaler from a backlog the function is about to receive.
/// </summary>
public interface IFunctionDemandGrain : IGrainWithStringKey
{
    /// <summary>
    /// Sets how many environments of <paramref name="qualifier"/>'s version one source of demand asks for (0 withdraws
    /// it). Floors of several sources on one version add up; a version with provisioned concurrency keeps the larger.
    /// </summary>
    Task SetDemandAsync(string sourceId, string qualifier, int environments);

    /// <summary>The floor per source currently set (source id to environments).</summary>
    Task<Dictionary<string, int>> GetDemandAsync();
}

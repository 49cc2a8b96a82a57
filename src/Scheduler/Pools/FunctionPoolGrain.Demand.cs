using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

/// <summary>
/// The demand floor beside provisioned concurrency: sources of demand (the lag scaler, per scale target) ask for
/// environments of a qualifier's version to be kept initialised. They are kept with the provisioned machinery (never
/// expired while the floor holds them); once a floor is withdrawn they are ordinary environments again, retired by
/// keep-alive, and a lowered floor evicts the idle ones beyond it (the scaler lowers only after its stabilisation window).
/// </summary>
internal sealed partial class FunctionPoolGrain : IFunctionDemandGrain
{
    private readonly Dictionary<string, (string Qualifier, int Environments)> _demand = new(StringComparer.Ordinal);

    public Task SetDemandAsync(string sourceId, string qualifier, int environments)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentOutOfRangeException.ThrowIfNegative(environments);
        qualifier = string.IsNullOrEmpty(qualifier) ? "$LATEST" : qualifier;
        var changed = environments == 0 ? _demand.Remove(sourceId) : !(_demand.TryGetValue(sourceId, out var current) && current == (qualifier, environments));
        if (changed)
        {
            if (environments > 0)
            {
                _demand[sourceId] = (qualifier, environments);
            }

            Log.DemandChanged(logger, Name, sourceId, qualifier, environments);
        }

        // Also when unchanged: the source repeats its floor now and then, which restarts upkeep (and lost environments)
        // if the pool let its maintenance go while it had nothing to look after.
        if (changed || environments > 0)
        {
            EnsureMaintenance();
            StartReconcile();
        }

        return Task.CompletedTask;
    }

    public Task<Dictionary<string, int>> GetDemandAsync()
        => Task.FromResult(_demand.ToDictionary(static d => d.Key, static d => d.Value.Environments, StringComparer.Ordinal));

    // Adds the demand floors to the provisioned targets (keyed by revision): floors on one version add up, at most the
    // reserved concurrency in all, and a version that also has provisioned concurrency keeps the larger of the two.
    private async Task AddDemandAsync(Dictionary<string, (FunctionVersionSpec Spec, int Count)> targets)
    {
        if (_demand.Count == 0)
        {
            return;
        }

        var floors = new Dictionary<string, (FunctionVersionSpec Spec, int Count)>(StringComparer.Ordinal);
        foreach (var perQualifier in _demand.Values.GroupBy(static d => d.Qualifier, StringComparer.Ordinal).ToList())
        {
            if (await GrainFactory.GetGrain<IFunctionGrain>(Name).ResolveAsync(perQualifier.Key) is not { Primary: { } spec })
            {
                continue;
            }

            floors[spec.RevisionId] = (spec, floors.GetValueOrDefault(spec.RevisionId).Count + perQualifier.Sum(static d => d.Environments));
        }

        // Sources size themselves within the reserved concurrency each, but they add up (a mapping and queued async
        // events for one function): environments beyond the cap could never all run, so the floors share it.
        var budget = _plan?.ReservedConcurrency ?? int.MaxValue;
        foreach (var (revision, floor) in floors.OrderByDescending(static f => f.Value.Count).ToList())
        {
            var count = Math.Min(floor.Count, budget);
            budget -= count;
            targets[revision] = (floor.Spec, Math.Max(targets.TryGetValue(revision, out var provisioned) ? provisioned.Count : 0, count));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2433, EventName = "PoolDemandChanged", Level = LogLevel.Information,
            Message = "Function '{FunctionName}': demand from '{SourceId}' keeps {Environments} environments of '{Qualifier}' initialised.")]
        public static partial void DemandChanged(ILogger logger, string functionName, string sourceId, string qualifier, int environments);
    }
}

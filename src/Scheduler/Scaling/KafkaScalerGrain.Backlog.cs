using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// The async-invocation topics: their group serves every function, so offsets alone cannot say whose records wait.
/// After each lag sample a bounded read of the backlog's headers (<see cref="AsyncBacklogSampler"/>) attributes it to
/// functions and qualifiers, and each gets a demand floor of warm environments: one per record waiting, at most its
/// reserved concurrency and <see cref="ScalingOptions.AsyncMaxEnvironmentsPerFunction"/>, stabilised like the target's
/// own decision (<see cref="AsyncDemandPolicy"/>). A failed or skipped read keeps the floors as they are.
/// </summary>
internal sealed partial class KafkaScalerGrain
{
    private static bool AttributesBacklog(KafkaScaleTarget target) => target.Kind == KafkaScaleTargetKind.AsyncInvocation && target.FunctionName is null;

    // Each qualifier is its own source of demand on the function's pool, so qualifiers resolving to one version add up
    // (their sum is bounded by the function's cap) and a mapping's floor on the same function adds to them.
    private string SourceId(string qualifier) => $"{Id}:{qualifier}";

    private async Task SampleBacklogAsync(AsyncBacklogSampler sampler, List<PartitionLag> partitions, long generation, CancellationToken cancellationToken)
    {
        // 1. Who waits: a bounded read from where the group stands (nothing to read when nothing lags).
        var plan = AsyncBacklogEstimate.Plan(partitions, options.AsyncBacklogSample, options.AsyncBacklogSampleTotal);
        List<PartitionSample> read = [];
        Dictionary<string, int> caps;
        try
        {
            if (plan.Count > 0)
            {
                // The read runs on the thread pool and ends by its own budget; the wait has a margin over it.
                var sampled = await sampler.SampleAsync(plan, options.AsyncBacklogSampleTimeout)
                    .WaitAsync(options.AsyncBacklogSampleTimeout + options.SampleTimeout, cancellationToken);
                if (sampled is null)
                {
                    // The previous read still runs: the floors stand until the next sample.
                    return;
                }

                read = sampled;
            }

            // 2. Each function's cap, read every sample (reserved concurrency may change; a deleted function gets 0).
            var functions = read.SelectMany(static r => r.Counts.Keys).Concat(_asyncDemand.Held).Concat(_appliedAsync.Keys)
                .Select(static k => k.FunctionName).Distinct(StringComparer.Ordinal).ToList();
            var found = await Task.WhenAll(functions.Select(async function => (function, await CapAsync(function))));
            caps = found.ToDictionary(static c => c.function, static c => c.Item2, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (generation == _generation && _backlogError != ex.Message)
            {
                _backlogError = ex.Message;
                Log.BacklogSampleFailed(logger, Id, ex.Message);
            }

            return;
        }

        if (generation != _generation)
        {
            return;
        }

        if (_backlogError is not null)
        {
            _backlogError = null;
            Log.BacklogSampleRecovered(logger, Id);
        }

        // 3. Decide per function and qualifier.
        var now = time.GetUtcNow();
        var estimate = AsyncBacklogEstimate.Extrapolate(read);
        int CapOf(string function) => caps.GetValueOrDefault(function);
        var recommended = AsyncBacklogEstimate.Bound(estimate.ToDictionary(static e => e.Key, static e => e.Value.Estimated), CapOf);
        var decided = _asyncDemand.Decide(recommended, CapOf, now);
        _functions =
        [
            .. estimate.Keys.Union(decided.Keys)
                .OrderBy(static k => k.FunctionName, StringComparer.Ordinal).ThenBy(static k => k.Qualifier, StringComparer.Ordinal)
                .Select(k => new FunctionBacklog
                {
                    FunctionName = k.FunctionName,
                    Qualifier = k.Qualifier,
                    EstimatedBacklog = estimate.GetValueOrDefault(k).Estimated,
                    SampledRecords = estimate.GetValueOrDefault(k).Sampled,
                    DesiredEnvironments = decided.GetValueOrDefault(k),
                    EnvironmentCap = CapOf(k.FunctionName),
                }),
        ];

        // 4. Apply: a changed floor at once, a floor above zero again every reapply interval.
        var reapply = now - _asyncAppliedAt >= ReapplyInterval;
        if (reapply)
        {
            _asyncAppliedAt = now;
        }

        foreach (var key in decided.Keys.Union(_appliedAsync.Keys).ToList())
        {
            var wanted = decided.GetValueOrDefault(key);
            var applied = _appliedAsync.GetValueOrDefault(key);
            if (wanted != applied)
            {
                Log.AsyncDemandChanged(logger, Id, key.FunctionName, key.Qualifier, applied, wanted, estimate.GetValueOrDefault(key).Estimated);
            }

            if (wanted != applied || (wanted > 0 && reapply))
            {
                await ApplyAsyncDemandAsync(key, wanted);
            }
        }
    }

    private async Task<int> CapAsync(string function)
    {
        var plan = await GrainFactory.GetGrain<IFunctionGrain>(function).GetPoolPlanAsync();
        return !plan.Exists ? 0 : Math.Min(plan.ReservedConcurrency ?? int.MaxValue, options.AsyncMaxEnvironmentsPerFunction);
    }

    private async Task ApplyAsyncDemandAsync(BacklogKey key, int environments)
    {
        try
        {
            await GrainFactory.GetGrain<IFunctionDemandGrain>(key.FunctionName).SetDemandAsync(SourceId(key.Qualifier), key.Qualifier, environments);
            if (environments > 0)
            {
                _appliedAsync[key] = environments;
            }
            else
            {
                _appliedAsync.Remove(key);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next sample tries again: the applied floor is unchanged, so it differs from the wanted one.
            Log.ApplyFailed(logger, Id, nameof(IFunctionDemandGrain), ex.Message);
        }
    }

    private async Task WithdrawAsyncDemandAsync()
    {
        foreach (var key in _appliedAsync.Keys.ToList())
        {
            await ApplyAsyncDemandAsync(key, 0);
        }

        _asyncDemand.Clear();
        _functions = [];
    }
}

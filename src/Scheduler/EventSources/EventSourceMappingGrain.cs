using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Functions;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.EventSources;

/// <summary>
/// One event source mapping (key = UUID) in durable grain state, and the division of its pollers among gateway nodes.
/// Node claims and the desired poller total are volatile: nodes renew their claims every few seconds, so a restarted
/// grain has them back within one renewal. State moves as Lambda's does: <c>Creating</c>, <c>Enabling</c> and
/// <c>Updating</c> become <c>Enabled</c>, and <c>Disabling</c> becomes <c>Disabled</c>, once a node has read the plan
/// (its pollers then run, or stop, with the new configuration).
/// </summary>
internal sealed partial class EventSourceMappingGrain(
    [PersistentState("esm", SchedulerStorage.Functions)] IPersistentState<EventSourceMappingState> state,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<EventSourceMappingGrain> logger) : Grain, IEventSourceMappingGrain, IEventSourceMappingWriterGrain
{
    /// <summary>A node that has not asked for its plan for this long loses its share of the pollers.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(10);

    private readonly FunctionArns _arns = new(options);
    private readonly Dictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private int? _desired;
    private (long Revision, bool Enabled)? _watched;

    private string Uuid => this.GetPrimaryKeyString();

    private EventSourceMapping? Mapping => state.State.Mapping;

    public Task<RegistryResult<EventSourceMapping>> GetAsync()
        => Task.FromResult(Mapping is { } mapping ? RegistryResult<EventSourceMapping>.Ok(mapping) : NotFound());

    public async Task InitializeAsync(EventSourceMapping mapping)
    {
        state.State.Mapping = mapping;
        await state.WriteStateAsync();
        await WatchLagAsync(mapping);
    }

    public async Task<RegistryResult<EventSourceMapping>> UpdateAsync(EventSourceMappingSettings settings)
    {
        if (Mapping is not { } current)
        {
            return NotFound();
        }

        if (EventSourceMappingValidation.ValidateUpdate(settings, current) is { } invalid)
        {
            return invalid;
        }

        var functionName = current.FunctionName;
        var qualifier = current.Qualifier;
        if (settings.FunctionName is { } newName && (newName != current.FunctionName || settings.Qualifier != current.Qualifier))
        {
            var resolved = await GrainFactory.GetGrain<IFunctionGrain>(newName).ResolveAsync(settings.Qualifier);
            if (resolved is null)
            {
                return new RegistryError(RegistryErrorKind.NotFound, $"Function not found: {FunctionArn(newName, settings.Qualifier)}");
            }

            if ((EventSourceMappingValidation.ValidateFunction(resolved) ?? await Index.RebindAsync(Uuid, newName, settings.Qualifier)) is { } refused)
            {
                return refused;
            }

            functionName = newName;
            qualifier = settings.Qualifier;
        }

        var enabled = settings.Enabled ?? current.Enabled;
        var next = current with
        {
            FunctionName = functionName,
            Qualifier = qualifier,
            FunctionArn = FunctionArn(functionName, qualifier),
            Enabled = enabled,
            BatchSize = settings.BatchSize ?? current.BatchSize,
            MaximumBatchingWindowInSeconds = settings.MaximumBatchingWindowInSeconds ?? current.MaximumBatchingWindowInSeconds,
            OnFailure = settings.OnFailure is null ? current.OnFailure : (settings.OnFailure.Length == 0 ? null : settings.OnFailure),
            MaximumRetryAttempts = settings.MaximumRetryAttempts ?? current.MaximumRetryAttempts,
            MaximumRecordAgeInSeconds = settings.MaximumRecordAgeInSeconds ?? current.MaximumRecordAgeInSeconds,
            ReportBatchItemFailures = settings.FunctionResponseTypes is { } types ? types.Count > 0 : current.ReportBatchItemFailures,
            Pollers = settings.Pollers ?? current.Pollers,
            State = (current.Enabled, enabled) switch
            {
                (true, false) => "Disabling",
                (false, true) => "Enabling",
                (true, true) => "Updating",
                _ => "Disabled",
            },
            StateTransitionReason = "USER_INITIATED",
            LastModified = time.GetUtcNow(),
            Revision = current.Revision + 1,
        };
        await CommitAsync(next);
        await WatchLagAsync(next);
        Log.MappingUpdated(logger, Uuid, next.State);
        return RegistryResult<EventSourceMapping>.Ok(next);
    }

    public async Task<RegistryResult<EventSourceMapping>> DeleteAsync()
    {
        if (Mapping is not { } current)
        {
            return NotFound();
        }

        // The pollers stop when their next plan finds no mapping; the answer says so with Lambda's Deleting state.
        await Index.RemoveAsync(Uuid);
        await WatchLagAsync(current with { Enabled = false });
        await state.ClearStateAsync();
        state.State = new EventSourceMappingState();
        Log.MappingDeleted(logger, Uuid);
        return RegistryResult<EventSourceMapping>.Ok(current with { State = "Deleting", LastModified = time.GetUtcNow() });
    }

    public async Task<PollerPlan> GetPollerPlanAsync(string nodeId, int partitionCount)
    {
        if (Mapping is not { } mapping)
        {
            return new PollerPlan();
        }

        var now = time.GetUtcNow();
        _claims[nodeId] = now;
        foreach (var silent in _claims.Where(pair => now - pair.Value > ClaimTimeout).Select(pair => pair.Key).ToList())
        {
            _claims.Remove(silent);
            Log.NodeSilent(logger, Uuid, silent);
        }

        var settled = mapping.State switch
        {
            "Creating" or "Enabling" or "Updating" when mapping.Enabled => "Enabled",
            "Disabling" => "Disabled",
            _ => mapping.State,
        };
        if (settled != mapping.State)
        {
            mapping = mapping with { State = settled };
            await CommitAsync(mapping);
        }

        var total = mapping.Enabled ? Math.Clamp(_desired ?? mapping.MinimumPollers, mapping.MinimumPollers, mapping.MaximumPollers) : 0;
        if (partitionCount > 0)
        {
            total = Math.Min(total, partitionCount);
        }

        if (_watched != (mapping.Revision, mapping.Enabled))
        {
            // After a failure, and once per activation: the scaler keeps its targets, so this is usually a no-op.
            await WatchLagAsync(mapping);
        }

        return new PollerPlan
        {
            Mapping = mapping,
            Pollers = PollerAssignment.ShareOf(nodeId, _claims.Keys, total),
            DesiredTotal = total,
        };
    }

    public Task SetDesiredPollersAsync(int pollers)
    {
        if (Mapping is { } mapping)
        {
            _desired = Math.Clamp(pollers, mapping.MinimumPollers, mapping.MaximumPollers);
        }

        return Task.CompletedTask;
    }

    public async Task ReportProcessingResultAsync(string result)
    {
        if (Mapping is { } mapping && mapping.LastProcessingResult != result)
        {
            await CommitAsync(mapping with { LastProcessingResult = result });
        }
    }

    private IKafkaScalerGrain Scaler => GrainFactory.GetGrain<IKafkaScalerGrain>(Uuid);

    /// <summary>
    /// An enabled mapping's consumer group is watched by the lag scaler, which sets its pollers (never below the
    /// mapping's minimum) and the function's warm environments; a disabled one is not.
    /// </summary>
    private async Task WatchLagAsync(EventSourceMapping mapping)
    {
        try
        {
            await (mapping.Enabled ? Scaler.WatchAsync(Target(mapping)) : Scaler.UnwatchAsync());
            _watched = (mapping.Revision, mapping.Enabled);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The mapping is stored and polls at its minimum; scaling is retried rather than failing the request.
            _watched = null;
            Log.LagWatchFailed(logger, Uuid, exception);
        }
    }

    private KafkaScaleTarget Target(EventSourceMapping mapping) => new()
    {
        Id = Uuid,
        Kind = KafkaScaleTargetKind.EventSourceMapping,
        BootstrapServers = string.Join(',', mapping.BootstrapServers),
        ConsumerGroup = mapping.ConsumerGroupId,
        Topics = [mapping.Topic],
        FunctionName = mapping.FunctionName,
        Qualifier = mapping.Qualifier ?? "$LATEST",
        MinimumPollers = mapping.MinimumPollers,
        MaximumPollers = mapping.MaximumPollers,
    };

    private IEventSourceMappingIndexWriterGrain Index => GrainFactory.GetGrain<IEventSourceMappingIndexWriterGrain>(IEventSourceMappingIndexGrain.Key);

    private string FunctionArn(string name, string? qualifier) => qualifier is null ? _arns.Function(name) : _arns.Qualified(name, qualifier);

    /// <summary>Makes <paramref name="next"/> the mapping once it is stored; on failure the previous one stays.</summary>
    private async Task CommitAsync(EventSourceMapping next)
    {
        var previous = state.State.Mapping;
        state.State.Mapping = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Mapping = previous;
            throw;
        }
    }

    private RegistryError NotFound()
        => new(RegistryErrorKind.NotFound, $"The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: {Uuid})");
}

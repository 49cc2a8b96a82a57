using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Functions;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.EventSources;

/// <summary>
/// The account's event source mappings. Creation goes through this one grain, which is what lets it refuse a second
/// mapping of the same function, topic and brokers exactly. A mapping is listed before its own state is written, so a
/// crash leaves at most a listed UUID that readers skip (its grain answers not found).
/// </summary>
internal sealed partial class EventSourceMappingIndexGrain(
    [PersistentState("esm-index", SchedulerStorage.Functions)] IPersistentState<EventSourceMappingIndexState> state,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<EventSourceMappingIndexGrain> logger) : Grain, IEventSourceMappingIndexGrain, IEventSourceMappingIndexWriterGrain
{
    private readonly FunctionArns _arns = new(options);

    public async Task<RegistryResult<EventSourceMapping>> CreateAsync(EventSourceMappingSettings settings)
    {
        if (EventSourceMappingValidation.ValidateCreate(settings) is { } invalid)
        {
            return invalid;
        }

        var name = settings.FunctionName!;
        var resolved = await GrainFactory.GetGrain<IFunctionGrain>(name).ResolveAsync(settings.Qualifier);
        if (resolved is null)
        {
            return new RegistryError(RegistryErrorKind.NotFound, $"Function not found: {FunctionArn(name, settings.Qualifier)}");
        }

        if (EventSourceMappingValidation.ValidateFunction(resolved) is { } unfit)
        {
            return unfit;
        }

        var entry = new EventSourceMappingIndexEntry
        {
            FunctionName = name,
            Qualifier = settings.Qualifier,
            Topic = settings.Topics![0],
            Servers = ServersKey(settings.BootstrapServers!),
        };
        if (Conflicting(entry, exceptUuid: null) is { } existing)
        {
            return Conflict(entry, existing);
        }

        var uuid = Guid.NewGuid().ToString();
        var mapping = new EventSourceMapping
        {
            Uuid = uuid,
            FunctionName = name,
            Qualifier = settings.Qualifier,
            FunctionArn = FunctionArn(name, settings.Qualifier),
            BootstrapServers = [.. settings.BootstrapServers!],
            Topic = entry.Topic,
            StartingPosition = settings.StartingPosition!,
            StartingPositionTimestamp = settings.StartingPositionTimestamp,
            BatchSize = settings.BatchSize ?? EventSourceMapping.DefaultBatchSize,
            MaximumBatchingWindowInSeconds = settings.MaximumBatchingWindowInSeconds,
            ConsumerGroupId = settings.ConsumerGroupId ?? uuid,
            Enabled = settings.Enabled ?? true,
            OnFailure = string.IsNullOrEmpty(settings.OnFailure) ? null : settings.OnFailure,
            MaximumRetryAttempts = settings.MaximumRetryAttempts ?? -1,
            MaximumRecordAgeInSeconds = settings.MaximumRecordAgeInSeconds ?? -1,
            ReportBatchItemFailures = settings.FunctionResponseTypes is { Count: > 0 },
            Pollers = settings.Pollers,
            State = "Creating",
            LastModified = time.GetUtcNow(),
            EventSourceMappingArn = $"arn:aws:lambda:{options.Region}:{options.AccountId}:event-source-mapping:{uuid}",
            Revision = 1,
        };

        state.State.Mappings[uuid] = entry;
        await WriteOrReloadAsync();
        try
        {
            await GrainFactory.GetGrain<IEventSourceMappingWriterGrain>(uuid).InitializeAsync(mapping);
        }
        catch
        {
            state.State.Mappings.Remove(uuid);
            await WriteOrReloadAsync();
            throw;
        }

        Log.MappingCreated(logger, uuid, name, entry.Topic);
        return RegistryResult<EventSourceMapping>.Ok(mapping);
    }

    public Task<List<string>> ListAsync(string? functionName, string? qualifier)
    {
        var uuids = state.State.Mappings
            .Where(pair => functionName is null || (pair.Value.FunctionName == functionName && (qualifier is null || pair.Value.Qualifier == qualifier)))
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(uuids);
    }

    public async Task<RegistryError?> RebindAsync(string uuid, string functionName, string? qualifier)
    {
        if (!state.State.Mappings.TryGetValue(uuid, out var entry))
        {
            return new RegistryError(RegistryErrorKind.NotFound, $"The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: {uuid})");
        }

        var moved = entry with { FunctionName = functionName, Qualifier = qualifier };
        if (Conflicting(moved, exceptUuid: uuid) is { } existing)
        {
            return Conflict(moved, existing);
        }

        state.State.Mappings[uuid] = moved;
        await WriteOrReloadAsync();
        return null;
    }

    public async Task RemoveAsync(string uuid)
    {
        if (state.State.Mappings.Remove(uuid))
        {
            await WriteOrReloadAsync();
        }
    }

    private string? Conflicting(EventSourceMappingIndexEntry entry, string? exceptUuid)
        => state.State.Mappings.FirstOrDefault(pair => pair.Key != exceptUuid && pair.Value == entry).Key;

    private static RegistryError Conflict(EventSourceMappingIndexEntry entry, string existing)
        => new(RegistryErrorKind.Conflict, $"An event source mapping of topic '{entry.Topic}' on bootstrap servers '{entry.Servers}' to function '{entry.FunctionName}' already exists. Please update or delete the existing mapping with UUID {existing}");

    private string FunctionArn(string name, string? qualifier) => qualifier is null ? _arns.Function(name) : _arns.Qualified(name, qualifier);

    private static string ServersKey(IEnumerable<string> servers) => string.Join(",", servers.Order(StringComparer.Ordinal));

    // A failed write must not leave memory ahead of storage: reload what is stored, then report the failure.
    private async Task WriteOrReloadAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}

using System.Security.Cryptography;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Functions;

/// <summary>
/// A function's registry entry (key = function name): configuration, versions, aliases, concurrency, URL configs and
/// tags, in durable grain state. Every change is validated first and persisted before it is answered; changes that affect
/// invocation are then announced to the function's pool grain.
/// </summary>
internal sealed partial class FunctionGrain(
    [PersistentState("function", SchedulerStorage.Functions)] IPersistentState<FunctionState> state,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<FunctionGrain> logger) : Grain, IFunctionGrain
{
    private const string Latest = "$LATEST";

    private readonly FunctionArns _arns = new(options);

    private string Name => this.GetPrimaryKeyString();

    private FunctionState Current => state.State;

    private bool Exists => state.State.Latest is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between writing this state and a URL grain would leave that URL stale; setting each again is idempotent.
        foreach (var url in Current.Urls.Values)
        {
            await UrlWriter(url.UrlId).SetAsync(UrlTarget(url));
        }
    }

    public Task<ResolvedFunction?> ResolveAsync(string? qualifier)
    {
        if (Current.Latest is null)
        {
            return Task.FromResult<ResolvedFunction?>(null);
        }

        ResolvedFunction? resolved = null;
        if (Current.Aliases.TryGetValue(qualifier ?? Latest, out var alias))
        {
            if (ConfigOf(alias.FunctionVersion) is { } primary)
            {
                var (additionalVersion, weight) = alias.AdditionalVersionWeights.Count > 0 ? alias.AdditionalVersionWeights.First() : default;
                var additional = additionalVersion is null ? null : ConfigOf(additionalVersion);
                resolved = new ResolvedFunction
                {
                    Primary = Spec(primary),
                    Additional = additional is null ? null : Spec(additional),
                    AdditionalWeight = additional is null ? 0 : weight,
                    ReservedConcurrency = Current.ReservedConcurrency,
                    Alias = alias.Name,
                    Idempotency = Current.Idempotency,
                    EventInvoke = Current.EventInvokeConfigs.GetValueOrDefault(alias.Name),
                };
            }
        }
        else if (ConfigOf(qualifier ?? Latest) is { } config)
        {
            resolved = new ResolvedFunction
            {
                Primary = Spec(config),
                ReservedConcurrency = Current.ReservedConcurrency,
                Idempotency = Current.Idempotency,
                EventInvoke = Current.EventInvokeConfigs.GetValueOrDefault(qualifier ?? Latest),
            };
        }

        return Task.FromResult(resolved);
    }

    public Task<FunctionPoolPlan> GetPoolPlanAsync()
    {
        if (!Exists)
        {
            return Task.FromResult(new FunctionPoolPlan { Exists = false });
        }

        var provisioned = new List<ProvisionedTarget>();
        foreach (var (qualifier, setting) in Current.Provisioned.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (VersionOfQualifier(qualifier) is { } version && ConfigOf(version) is { } config)
            {
                provisioned.Add(new ProvisionedTarget(qualifier, Spec(config), setting.Requested));
            }
        }

        return Task.FromResult(new FunctionPoolPlan
        {
            Exists = true,
            ReservedConcurrency = Current.ReservedConcurrency,
            Provisioned = provisioned,
        });
    }

    /// <summary>The configuration of <c>$LATEST</c> or a published version, or null.</summary>
    private FunctionVersionConfig? ConfigOf(string version)
        => version == Latest ? Current.Latest : Current.Versions.GetValueOrDefault(version);

    /// <summary>The version a version number or alias name stands for, or null when neither exists.</summary>
    private string? VersionOfQualifier(string qualifier)
        => Current.Aliases.TryGetValue(qualifier, out var alias) ? alias.FunctionVersion
            : ConfigOf(qualifier) is not null ? qualifier
            : null;

    private FunctionVersionSpec Spec(FunctionVersionConfig config) => new()
    {
        FunctionName = config.FunctionName,
        Version = config.Version,
        Runtime = config.Runtime,
        Handler = config.Handler,
        MemorySize = config.MemorySize,
        Timeout = config.Timeout,
        Environment = config.Environment,
        CodeSha256 = config.Code.CodeSha256,
        PackagePath = config.Code.Path,
        FunctionArn = _arns.Function(config.FunctionName),
        RevisionId = config.RevisionId,
    };

    /// <summary>Makes <paramref name="next"/> the state once it is stored; on failure the previous state stays.</summary>
    private async Task CommitAsync(FunctionState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    /// <summary>Tells the pool grain to re-read its plan after a change that affects invocation.</summary>
    private async Task NotifyPoolAsync()
    {
        try
        {
            // The pool calls back (GetPoolPlanAsync, ResolveAsync) while this call is in flight.
            using var reentrancy = RequestContext.AllowCallChainReentrancy();
            await GrainFactory.GetGrain<IFunctionPoolGrain>(Name).OnFunctionChangedAsync();
        }
        catch (ArgumentException exception) when (IsMissingGrainImplementation(exception))
        {
            // No pool grain is deployed in this silo: the pool picks up the change from the plan when it activates.
            Log.PoolGrainMissing(logger, Name);
        }
    }

    /// <summary>Initialised environments of a version in the pool, or 0 when no pool grain is deployed.</summary>
    private async Task<int> InitializedCountAsync(string version)
    {
        try
        {
            using var reentrancy = RequestContext.AllowCallChainReentrancy();
            return await GrainFactory.GetGrain<IFunctionPoolGrain>(Name).GetInitializedCountAsync(version);
        }
        catch (ArgumentException exception) when (IsMissingGrainImplementation(exception))
        {
            Log.PoolGrainMissing(logger, Name);
            return 0;
        }
    }

    // Orleans' grain factory throws this when no grain class implements the interface.
    private static bool IsMissingGrainImplementation(ArgumentException exception)
        => exception.Message.StartsWith("Could not find an implementation for interface", StringComparison.Ordinal);

    private IFunctionIndexWriterGrain Index => GrainFactory.GetGrain<IFunctionIndexWriterGrain>(IFunctionIndexGrain.Key);

    private IFunctionUrlWriterGrain UrlWriter(string urlId) => GrainFactory.GetGrain<IFunctionUrlWriterGrain>(urlId);

    private DateTimeOffset Now => time.GetUtcNow();

    private static string NewRevisionId() => Guid.NewGuid().ToString();

    private static string NewUrlId() => new(RandomNumberGenerator.GetItems<char>("abcdefghijklmnopqrstuvwxyz0123456789", 32));

    private long TotalCodeSize(FunctionState functionState)
        => (functionState.Latest?.Code.CodeSize ?? 0) + functionState.Versions.Values.Sum(version => version.Code.CodeSize);

    private RegistryError FunctionNotFound(string? qualifier = null)
        => new(RegistryErrorKind.NotFound, $"Function not found: {(qualifier is null ? _arns.Function(Name) : _arns.Qualified(Name, qualifier))}");

    private RegistryError AliasNotFound(string alias)
        => new(RegistryErrorKind.NotFound, $"Cannot find alias arn: {_arns.Qualified(Name, alias)}");

    private static RegistryError Invalid(string message) => new(RegistryErrorKind.InvalidParameter, message);

    private static RegistryError Conflict(string message) => new(RegistryErrorKind.Conflict, message);

    private static RegistryError RevisionMismatch()
        => new(RegistryErrorKind.PreconditionFailed, "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
}

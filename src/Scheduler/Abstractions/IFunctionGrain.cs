using Orleans.Concurrency;

namespace Faas.Scheduler.Abstractions;

/// <summary>
/// One function's registry entry, keyed by function name: its configuration, versions, aliases and concurrency settings,
/// durable across restarts. It tells the function's <see cref="IFunctionPoolGrain"/> whenever any of them changes.
/// Control methods validate their input and answer a <see cref="RegistryError"/> instead of changing anything when it
/// is refused.
/// </summary>
public interface IFunctionGrain : IGrainWithStringKey
{
    /// <summary>Resolves a qualifier (null or <c>$LATEST</c>, a version number, an alias name); null when the function or qualifier does not exist.</summary>
    [ReadOnly]
    Task<ResolvedFunction?> ResolveAsync(string? qualifier);

    /// <summary>The pool's targets: reserved concurrency and provisioned environments.</summary>
    [ReadOnly]
    Task<FunctionPoolPlan> GetPoolPlanAsync();

    /// <summary>CreateFunction: <c>$LATEST</c> from the settings and the stored zip, and version 1 when <paramref name="publish"/>.</summary>
    Task<RegistryResult<FunctionVersionConfig>> CreateAsync(FunctionSettings settings, StoredPackage code, bool publish, Dictionary<string, string>? tags);

    /// <summary>GetFunction: a version's (or alias's version's) configuration with tags and reserved concurrency.</summary>
    [ReadOnly]
    Task<RegistryResult<FunctionDetails>> GetAsync(string? qualifier);

    /// <summary>UpdateFunctionCode; with <paramref name="dryRun"/> it only answers what the configuration would be.</summary>
    Task<RegistryResult<FunctionVersionConfig>> UpdateCodeAsync(StoredPackage code, bool publish, bool dryRun, string? revisionId);

    /// <summary>UpdateFunctionConfiguration of <c>$LATEST</c>.</summary>
    Task<RegistryResult<FunctionVersionConfig>> UpdateConfigurationAsync(FunctionSettings settings, string? revisionId);

    /// <summary>DeleteFunction: the whole function when <paramref name="qualifier"/> is null, else one published version.</summary>
    Task<RegistryError?> DeleteAsync(string? qualifier);

    /// <summary>PublishVersion: a new immutable version from <c>$LATEST</c>, or the last one when <c>$LATEST</c> has not changed since.</summary>
    Task<RegistryResult<FunctionVersionConfig>> PublishVersionAsync(string? codeSha256, string? description, string? revisionId);

    /// <summary>ListVersionsByFunction: <c>$LATEST</c>, then the published versions in order.</summary>
    [ReadOnly]
    Task<RegistryResult<List<FunctionVersionConfig>>> ListVersionsAsync();

    /// <summary>CreateAlias.</summary>
    Task<RegistryResult<AliasConfig>> CreateAliasAsync(string name, AliasSettings settings);

    /// <summary>GetAlias.</summary>
    [ReadOnly]
    Task<RegistryResult<AliasConfig>> GetAliasAsync(string name);

    /// <summary>UpdateAlias.</summary>
    Task<RegistryResult<AliasConfig>> UpdateAliasAsync(string name, AliasSettings settings, string? revisionId);

    /// <summary>DeleteAlias (with its provisioned concurrency and URL config).</summary>
    Task<RegistryError?> DeleteAliasAsync(string name);

    /// <summary>ListAliases, optionally only those pointing at <paramref name="functionVersion"/>.</summary>
    [ReadOnly]
    Task<RegistryResult<List<AliasConfig>>> ListAliasesAsync(string? functionVersion);

    /// <summary>PutFunctionConcurrency (a value) or DeleteFunctionConcurrency (null).</summary>
    Task<RegistryResult<int?>> SetReservedConcurrencyAsync(int? reservedConcurrency);

    /// <summary>GetFunctionConcurrency.</summary>
    [ReadOnly]
    Task<RegistryResult<int?>> GetReservedConcurrencyAsync();

    /// <summary>PutProvisionedConcurrencyConfig for a version or alias.</summary>
    Task<RegistryResult<ProvisionedConcurrencyStatus>> PutProvisionedConcurrencyAsync(string qualifier, int count);

    /// <summary>GetProvisionedConcurrencyConfig.</summary>
    Task<RegistryResult<ProvisionedConcurrencyStatus>> GetProvisionedConcurrencyAsync(string qualifier);

    /// <summary>DeleteProvisionedConcurrencyConfig.</summary>
    Task<RegistryError?> DeleteProvisionedConcurrencyAsync(string qualifier);

    /// <summary>ListProvisionedConcurrencyConfigs.</summary>
    Task<RegistryResult<List<ProvisionedConcurrencyStatus>>> ListProvisionedConcurrencyAsync();

    /// <summary>CreateFunctionUrlConfig for the function (null qualifier) or an alias.</summary>
    Task<RegistryResult<FunctionUrlConfig>> CreateUrlConfigAsync(string? qualifier, FunctionUrlSettings settings);

    /// <summary>GetFunctionUrlConfig.</summary>
    [ReadOnly]
    Task<RegistryResult<FunctionUrlConfig>> GetUrlConfigAsync(string? qualifier);

    /// <summary>UpdateFunctionUrlConfig.</summary>
    Task<RegistryResult<FunctionUrlConfig>> UpdateUrlConfigAsync(string? qualifier, FunctionUrlSettings settings);

    /// <summary>DeleteFunctionUrlConfig.</summary>
    Task<RegistryError?> DeleteUrlConfigAsync(string? qualifier);

    /// <summary>ListFunctionUrlConfigs.</summary>
    [ReadOnly]
    Task<RegistryResult<List<FunctionUrlConfig>>> ListUrlConfigsAsync();

    /// <summary>PutFunctionIdempotencyConfig (Faas): replaces the function's idempotency config.</summary>
    Task<RegistryResult<IdempotencyConfig>> PutIdempotencyConfigAsync(IdempotencySettings settings);

    /// <summary>GetFunctionIdempotencyConfig (Faas).</summary>
    [ReadOnly]
    Task<RegistryResult<IdempotencyConfig>> GetIdempotencyConfigAsync();

    /// <summary>DeleteFunctionIdempotencyConfig (Faas).</summary>
    Task<RegistryError?> DeleteIdempotencyConfigAsync();

    /// <summary>ListTags.</summary>
    [ReadOnly]
    Task<RegistryResult<Dictionary<string, string>>> ListTagsAsync();

    /// <summary>TagResource: adds or replaces tags.</summary>
    Task<RegistryError?> TagAsync(Dictionary<string, string> tags);

    /// <summary>UntagResource.</summary>
    Task<RegistryError?> UntagAsync(List<string> keys);

    /// <summary>
    /// PutFunctionEventInvokeConfig (<paramref name="merge"/> false: replaces every setting) or
    /// UpdateFunctionEventInvokeConfig (true: changes the members given) for a qualifier (null: <c>$LATEST</c>).
    /// </summary>
    Task<RegistryResult<EventInvokeConfig>> PutEventInvokeConfigAsync(string? qualifier, EventInvokeSettings settings, bool merge);

    /// <summary>GetFunctionEventInvokeConfig (the async dispatcher reads the config from its cached <see cref="ResolvedFunction"/>).</summary>
    [ReadOnly]
    Task<RegistryResult<EventInvokeConfig>> GetEventInvokeConfigAsync(string? qualifier);

    /// <summary>DeleteFunctionEventInvokeConfig.</summary>
    Task<RegistryError?> DeleteEventInvokeConfigAsync(string? qualifier);

    /// <summary>ListFunctionEventInvokeConfigs, ordered by qualifier.</summary>
    [ReadOnly]
    Task<RegistryResult<List<EventInvokeConfig>>> ListEventInvokeConfigsAsync();
}

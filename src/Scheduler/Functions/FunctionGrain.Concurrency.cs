using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public async Task<RegistryResult<int?>> SetReservedConcurrencyAsync(int? reservedConcurrency)
    {
        if (reservedConcurrency is < 0)
        {
            return Invalid($"1 validation error detected: Value '{reservedConcurrency}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }

        if (!Exists)
        {
            return FunctionNotFound();
        }

        var provisioned = Current.Provisioned.Values.Sum(setting => setting.Requested);
        if (reservedConcurrency is { } reserved && reserved < provisioned)
        {
            return Invalid($"ReservedConcurrentExecutions {reserved} must not be less than the function's provisioned concurrency ({provisioned}).");
        }

        var previous = Current.ReservedConcurrency;
        if (previous == reservedConcurrency)
        {
            return RegistryResult<int?>.Ok(reservedConcurrency);
        }

        // The index holds every function's reservation, so it alone can keep the account's unreserved floor.
        if (await Index.SetReservedConcurrencyAsync(Name, reservedConcurrency) is { } refused)
        {
            return refused;
        }

        var next = Current.Clone();
        next.ReservedConcurrency = reservedConcurrency;
        try
        {
            await CommitAsync(next);
        }
        catch
        {
            await Index.SetReservedConcurrencyAsync(Name, previous);
            throw;
        }

        await NotifyPoolAsync();
        return RegistryResult<int?>.Ok(reservedConcurrency);
    }

    public Task<RegistryResult<int?>> GetReservedConcurrencyAsync()
        => Task.FromResult(Exists ? RegistryResult<int?>.Ok(Current.ReservedConcurrency) : FunctionNotFound());

    public async Task<RegistryResult<ProvisionedConcurrencyStatus>> PutProvisionedConcurrencyAsync(string qualifier, int count)
    {
        if (count < 1)
        {
            return Invalid($"1 validation error detected: Value '{count}' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        if (CheckProvisionedQualifier(qualifier) is { } refused)
        {
            return refused;
        }

        var others = Current.Provisioned.Where(pair => pair.Key != qualifier).Sum(pair => pair.Value.Requested);
        if (Current.ReservedConcurrency is { } reserved && others + count > reserved)
        {
            return Invalid("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function");
        }

        var next = Current.Clone();
        next.Provisioned[qualifier] = new ProvisionedSetting(count, Now);
        await CommitAsync(next);
        await NotifyPoolAsync();
        return RegistryResult<ProvisionedConcurrencyStatus>.Ok(await ProvisionedStatusAsync(qualifier, next.Provisioned[qualifier]));
    }

    public async Task<RegistryResult<ProvisionedConcurrencyStatus>> GetProvisionedConcurrencyAsync(string qualifier)
    {
        if (CheckProvisionedQualifier(qualifier) is { } refused)
        {
            return refused;
        }

        return Current.Provisioned.TryGetValue(qualifier, out var setting)
            ? RegistryResult<ProvisionedConcurrencyStatus>.Ok(await ProvisionedStatusAsync(qualifier, setting))
            : new RegistryError(RegistryErrorKind.ProvisionedConcurrencyConfigNotFound, "No Provisioned Concurrency Config found for this function");
    }

    public async Task<RegistryError?> DeleteProvisionedConcurrencyAsync(string qualifier)
    {
        if (CheckProvisionedQualifier(qualifier) is { } refused)
        {
            return refused;
        }

        if (!Current.Provisioned.ContainsKey(qualifier))
        {
            return null;
        }

        var next = Current.Clone();
        next.Provisioned.Remove(qualifier);
        await CommitAsync(next);
        await NotifyPoolAsync();
        return null;
    }

    public async Task<RegistryResult<List<ProvisionedConcurrencyStatus>>> ListProvisionedConcurrencyAsync()
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        var configs = new List<ProvisionedConcurrencyStatus>();
        foreach (var (qualifier, setting) in Current.Provisioned.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            configs.Add(await ProvisionedStatusAsync(qualifier, setting));
        }

        return RegistryResult<List<ProvisionedConcurrencyStatus>>.Ok(configs);
    }

    /// <summary>Provisioned concurrency applies to a published version or an alias of one, never to <c>$LATEST</c>.</summary>
    private RegistryError? CheckProvisionedQualifier(string qualifier)
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (string.IsNullOrEmpty(qualifier))
        {
            return Invalid("1 validation error detected: Value null at 'qualifier' failed to satisfy constraint: Member must not be null");
        }

        if (qualifier == Latest)
        {
            return Invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }

        if (Current.Aliases.TryGetValue(qualifier, out var alias))
        {
            return alias.FunctionVersion == Latest ? Invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.") : null;
        }

        return Current.Versions.ContainsKey(qualifier) ? null : FunctionNotFound(qualifier);
    }

    private async Task<ProvisionedConcurrencyStatus> ProvisionedStatusAsync(string qualifier, ProvisionedSetting setting)
    {
        var version = VersionOfQualifier(qualifier);
        var initialized = version is null ? 0 : await InitializedCountAsync(version);
        var allocated = Math.Min(initialized, setting.Requested);
        return new ProvisionedConcurrencyStatus
        {
            FunctionArn = _arns.Qualified(Name, qualifier),
            Requested = setting.Requested,
            Allocated = allocated,
            Available = allocated,
            Status = allocated >= setting.Requested ? "READY" : "IN_PROGRESS",
            LastModified = setting.LastModified,
        };
    }
}

using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public async Task<RegistryResult<EventInvokeConfig>> PutEventInvokeConfigAsync(string? qualifier, EventInvokeSettings settings, bool merge)
    {
        if ((CheckEventInvokeQualifier(qualifier, out var key) ?? ValidateEventInvokeSettings(settings)) is { } refused)
        {
            return refused;
        }

        var existing = Current.EventInvokeConfigs.GetValueOrDefault(key);
        if (merge && existing is null)
        {
            return EventInvokeConfigNotFound(key);
        }

        var config = merge
            ? existing! with
            {
                MaximumRetryAttempts = settings.MaximumRetryAttempts ?? existing.MaximumRetryAttempts,
                MaximumEventAgeInSeconds = settings.MaximumEventAgeInSeconds ?? existing.MaximumEventAgeInSeconds,
                OnSuccess = settings.OnSuccess is null ? existing.OnSuccess : NullIfEmpty(settings.OnSuccess),
                OnFailure = settings.OnFailure is null ? existing.OnFailure : NullIfEmpty(settings.OnFailure),
                LastModified = Now,
            }
            : new EventInvokeConfig
            {
                Qualifier = key,
                FunctionArn = _arns.Qualified(Name, key),
                MaximumRetryAttempts = settings.MaximumRetryAttempts,
                MaximumEventAgeInSeconds = settings.MaximumEventAgeInSeconds,
                OnSuccess = NullIfEmpty(settings.OnSuccess),
                OnFailure = NullIfEmpty(settings.OnFailure),
                LastModified = Now,
            };
        var next = Current.Clone();
        next.EventInvokeConfigs[key] = config;
        await CommitAsync(next);

        // Gateways keep the config with their cached resolutions: the pool tells them to drop those.
        await NotifyPoolAsync();
        return RegistryResult<EventInvokeConfig>.Ok(config);
    }

    public Task<RegistryResult<EventInvokeConfig>> GetEventInvokeConfigAsync(string? qualifier)
    {
        if (CheckEventInvokeQualifier(qualifier, out var key) is { } refused)
        {
            return Task.FromResult<RegistryResult<EventInvokeConfig>>(refused);
        }

        return Task.FromResult(Current.EventInvokeConfigs.TryGetValue(key, out var config)
            ? RegistryResult<EventInvokeConfig>.Ok(config)
            : EventInvokeConfigNotFound(key));
    }

    public async Task<RegistryError?> DeleteEventInvokeConfigAsync(string? qualifier)
    {
        if (CheckEventInvokeQualifier(qualifier, out var key) is { } refused)
        {
            return refused;
        }

        if (!Current.EventInvokeConfigs.ContainsKey(key))
        {
            return EventInvokeConfigNotFound(key);
        }

        var next = Current.Clone();
        next.EventInvokeConfigs.Remove(key);
        await CommitAsync(next);
        await NotifyPoolAsync();
        return null;
    }

    public Task<RegistryResult<List<EventInvokeConfig>>> ListEventInvokeConfigsAsync()
    {
        if (!Exists)
        {
            return Task.FromResult<RegistryResult<List<EventInvokeConfig>>>(FunctionNotFound());
        }

        var configs = Current.EventInvokeConfigs.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList();
        return Task.FromResult(RegistryResult<List<EventInvokeConfig>>.Ok(configs));
    }

    /// <summary>A config belongs to <c>$LATEST</c> (also when no qualifier is given), a published version or an alias.</summary>
    private RegistryError? CheckEventInvokeQualifier(string? qualifier, out string key)
    {
        key = qualifier ?? Latest;
        if (!Exists)
        {
            return FunctionNotFound();
        }

        return key == Latest || Current.Versions.ContainsKey(key) || Current.Aliases.ContainsKey(key) ? null : FunctionNotFound(key);
    }

    private static RegistryError? ValidateEventInvokeSettings(EventInvokeSettings settings)
    {
        if (settings.MaximumRetryAttempts is { } retries and (< 0 or > 2))
        {
            return Invalid($"1 validation error detected: Value '{retries}' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value {(retries < 0 ? "greater than or equal to 0" : "less than or equal to 2")}");
        }

        if (settings.MaximumEventAgeInSeconds is { } age and (< 60 or > 21600))
        {
            return Invalid($"1 validation error detected: Value '{age}' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value {(age < 60 ? "greater than or equal to 60" : "less than or equal to 21600")}");
        }

        foreach (var destination in (ReadOnlySpan<string?>)[settings.OnSuccess, settings.OnFailure])
        {
            if (!string.IsNullOrEmpty(destination) && !DestinationArn.TryParse(destination, out _, out var error))
            {
                return Invalid(error);
            }
        }

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private RegistryError EventInvokeConfigNotFound(string key)
        => new(RegistryErrorKind.NotFound, $"The function {_arns.Qualified(Name, key)} doesn't have an EventInvokeConfig");
}

using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public async Task<RegistryResult<FunctionUrlConfig>> CreateUrlConfigAsync(string? qualifier, FunctionUrlSettings settings)
    {
        if (CheckUrlQualifier(qualifier) is { } refused)
        {
            return refused;
        }

        if (settings.AuthType is null)
        {
            return Invalid("1 validation error detected: Value null at 'authType' failed to satisfy constraint: Member must not be null");
        }

        if (FunctionUrlValidation.Validate(settings) is { } invalid)
        {
            return invalid;
        }

        var key = qualifier ?? FunctionState.UnqualifiedUrlKey;
        var arn = qualifier is null ? _arns.Function(Name) : _arns.Qualified(Name, qualifier);
        if (Current.Urls.ContainsKey(key))
        {
            return Conflict($"Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig exists for this Lambda function");
        }

        var now = Now;
        var url = new FunctionUrlConfig
        {
            UrlId = NewUrlId(),
            Qualifier = qualifier,
            FunctionArn = arn,
            AuthType = settings.AuthType,
            InvokeMode = settings.InvokeMode ?? "BUFFERED",
            Cors = IsEmpty(settings.Cors) ? null : settings.Cors,
            CreationTime = now,
            LastModifiedTime = now,
        };
        var next = Current.Clone();
        next.Urls[key] = url;
        await CommitAsync(next);
        await SetUrlTargetAsync(url, key);
        return RegistryResult<FunctionUrlConfig>.Ok(url);
    }

    public Task<RegistryResult<FunctionUrlConfig>> GetUrlConfigAsync(string? qualifier)
    {
        if (CheckUrlQualifier(qualifier) is { } refused)
        {
            return Task.FromResult<RegistryResult<FunctionUrlConfig>>(refused);
        }

        return Task.FromResult(Current.Urls.TryGetValue(qualifier ?? FunctionState.UnqualifiedUrlKey, out var url)
            ? RegistryResult<FunctionUrlConfig>.Ok(url)
            : UrlNotFound());
    }

    public async Task<RegistryResult<FunctionUrlConfig>> UpdateUrlConfigAsync(string? qualifier, FunctionUrlSettings settings)
    {
        if ((CheckUrlQualifier(qualifier) ?? FunctionUrlValidation.Validate(settings)) is { } refused)
        {
            return refused;
        }

        var key = qualifier ?? FunctionState.UnqualifiedUrlKey;
        if (!Current.Urls.TryGetValue(key, out var url))
        {
            return UrlNotFound();
        }

        var updated = url with
        {
            AuthType = settings.AuthType ?? url.AuthType,
            InvokeMode = settings.InvokeMode ?? url.InvokeMode,
            Cors = settings.Cors is null ? url.Cors : IsEmpty(settings.Cors) ? null : settings.Cors,
            LastModifiedTime = Now,
        };
        var next = Current.Clone();
        next.Urls[key] = updated;
        await CommitAsync(next);
        await SetUrlTargetAsync(updated, key);
        return RegistryResult<FunctionUrlConfig>.Ok(updated);
    }

    public async Task<RegistryError?> DeleteUrlConfigAsync(string? qualifier)
    {
        if (CheckUrlQualifier(qualifier) is { } refused)
        {
            return refused;
        }

        var key = qualifier ?? FunctionState.UnqualifiedUrlKey;
        if (!Current.Urls.TryGetValue(key, out var url))
        {
            return UrlNotFound();
        }

        // The URL stops answering before the config goes; a failure in between leaves a config whose delete can be retried.
        await UrlWriter(url.UrlId).SetAsync(null);
        var next = Current.Clone();
        next.Urls.Remove(key);
        await CommitAsync(next);
        return null;
    }

    public Task<RegistryResult<List<FunctionUrlConfig>>> ListUrlConfigsAsync()
    {
        if (!Exists)
        {
            return Task.FromResult<RegistryResult<List<FunctionUrlConfig>>>(FunctionNotFound());
        }

        var urls = Current.Urls.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList();
        return Task.FromResult(RegistryResult<List<FunctionUrlConfig>>.Ok(urls));
    }

    /// <summary>A URL belongs to the function itself or to one of its aliases (not to <c>$LATEST</c> or a version).</summary>
    private RegistryError? CheckUrlQualifier(string? qualifier)
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (qualifier is null)
        {
            return null;
        }

        if (FunctionValidation.ValidateAliasName(qualifier) is not null)
        {
            return Invalid($"1 validation error detected: Value '{qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)");
        }

        return Current.Aliases.ContainsKey(qualifier) ? null : AliasNotFound(qualifier);
    }

    /// <summary>Stores the URL's target; if that fails, the config written just before is taken back.</summary>
    private async Task SetUrlTargetAsync(FunctionUrlConfig url, string key)
    {
        try
        {
            await UrlWriter(url.UrlId).SetAsync(UrlTarget(url));
        }
        catch
        {
            var previous = Current.Clone();
            previous.Urls.Remove(key);
            await CommitAsync(previous);
            throw;
        }
    }

    private FunctionUrlTarget UrlTarget(FunctionUrlConfig url) => new()
    {
        FunctionName = Name,
        Qualifier = url.Qualifier,
        AuthType = url.AuthType,
        InvokeMode = url.InvokeMode,
        Cors = url.Cors,
    };

    private static bool IsEmpty(FunctionUrlCors? cors)
        => cors is null || (cors.AllowCredentials is null && cors.AllowHeaders is null && cors.AllowMethods is null
            && cors.AllowOrigins is null && cors.ExposeHeaders is null && cors.MaxAge is null);

    private static RegistryError UrlNotFound() => new(RegistryErrorKind.NotFound, "The resource you requested does not exist.");
}

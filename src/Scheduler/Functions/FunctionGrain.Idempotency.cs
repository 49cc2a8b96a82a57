using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public async Task<RegistryResult<IdempotencyConfig>> PutIdempotencyConfigAsync(IdempotencySettings settings)
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (IdempotencyConfigValidation.Validate(settings) is { } invalid)
        {
            return invalid;
        }

        var config = IdempotencyConfigValidation.ToConfig(settings, Now);
        var next = Current.Clone();
        next.Idempotency = config;
        await CommitAsync(next);
        Log.IdempotencyConfigured(logger, Name, config.KeySource);

        // Gateways drop their cached resolutions, so the next invocation is guarded by the new config.
        await NotifyPoolAsync();
        return RegistryResult<IdempotencyConfig>.Ok(config);
    }

    public Task<RegistryResult<IdempotencyConfig>> GetIdempotencyConfigAsync()
    {
        if (!Exists)
        {
            return Task.FromResult<RegistryResult<IdempotencyConfig>>(FunctionNotFound());
        }

        return Task.FromResult(Current.Idempotency is { } config
            ? RegistryResult<IdempotencyConfig>.Ok(config)
            : IdempotencyConfigNotFound());
    }

    public async Task<RegistryError?> DeleteIdempotencyConfigAsync()
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (Current.Idempotency is null)
        {
            return IdempotencyConfigNotFound();
        }

        var next = Current.Clone();
        next.Idempotency = null;
        await CommitAsync(next);
        Log.IdempotencyRemoved(logger, Name);
        await NotifyPoolAsync();
        return null;
    }

    private RegistryError IdempotencyConfigNotFound()
        => new(RegistryErrorKind.NotFound, $"The function {_arns.Function(Name)} doesn't have an IdempotencyConfig");
}

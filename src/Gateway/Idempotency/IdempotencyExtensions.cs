using Faas.Gateway;
using Faas.Gateway.Idempotency;
using Faas.Idempotency;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Idempotent invocations: the record store (Redis, or memory without it) and the runner both invoke paths use.</summary>
internal static class IdempotencyExtensions
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services, GatewayOptions options)
    {
        var validation = new IdempotencyOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => CreateStore(sp.GetRequiredService<GatewayOptions>().Idempotency, sp));
        services.TryAddSingleton(static sp => new IdempotentRunner(sp.GetRequiredService<IIdempotencyStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IdempotentInvocations>();
        return services;
    }

    private static IIdempotencyStore CreateStore(IdempotencyOptions options, IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Gateway.Idempotency");
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            IdempotencyLog.InMemory(logger);
            return IdempotencyStores.InMemory(time);
        }

        IdempotencyLog.InRedis(logger, options.Redis.Split(',')[0]);
        return IdempotencyStores.Redis(options.Redis, options.OperationTimeout, time, logger);
    }
}

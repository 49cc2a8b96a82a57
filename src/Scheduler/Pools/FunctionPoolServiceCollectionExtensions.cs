using Faas.Scheduler;
using Faas.Scheduler.Pools;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class FunctionPoolServiceCollectionExtensions
{
    /// <summary>Services of warm pools, placement and the worker directory.</summary>
    public static IServiceCollection AddFunctionPools(this IServiceCollection services, SchedulerOptions options)
    {
        var validation = new PoolOptionsValidator().Validate(null, options.Pools);
        if (validation.Failed)
        {
            throw new OptionsValidationException(PoolOptions.SectionName, typeof(PoolOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options.Pools);
        services.TryAddSingleton<WorkerDirectory>();
        services.AddHostedService(static sp => sp.GetRequiredService<WorkerDirectory>());
        services.AddHostedService<ProvisionedPoolActivator>();
        return services;
    }
}

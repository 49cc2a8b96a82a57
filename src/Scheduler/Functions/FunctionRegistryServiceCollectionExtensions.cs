using Faas.Scheduler;
using Faas.Scheduler.Functions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class FunctionRegistryServiceCollectionExtensions
{
    /// <summary>Services of the function registry grains: its validated limits and the clock.</summary>
    public static IServiceCollection AddFunctionRegistry(this IServiceCollection services, SchedulerOptions options)
    {
        var validation = new FunctionRegistryOptionsValidator().Validate(null, options.Functions);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SchedulerOptions.SectionName, typeof(FunctionRegistryOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}

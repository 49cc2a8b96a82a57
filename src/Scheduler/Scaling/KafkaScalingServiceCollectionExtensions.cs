using Faas.Scheduler;
using Faas.Scheduler.Scaling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class KafkaScalingServiceCollectionExtensions
{
    /// <summary>Autoscaling on Kafka lag: its options, and waking the watched targets' scalers after a start.</summary>
    public static IServiceCollection AddKafkaScaling(this IServiceCollection services, SchedulerOptions options)
    {
        var validation = new ScalingOptionsValidator().Validate(null, options.Scaling);
        if (validation.Failed)
        {
            throw new OptionsValidationException(ScalingOptions.SectionName, typeof(ScalingOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options.Scaling);
        services.AddHostedService<ScalerActivator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScaleDecisionSink, Faas.Scheduler.EventSources.EventSourceMappingPollerSink>());
        return services;
    }
}

using Faas.Gateway;
using Faas.Gateway.EventSources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Event source mapping pollers: each gateway runs its share of every enabled mapping's pollers.</summary>
internal static class EventSourceExtensions
{
    public static IServiceCollection AddEventSources(this IServiceCollection services, GatewayOptions options)
    {
        var validation = new EventSourceOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaRecordClaims>();
        services.TryAddSingleton<FailureProducers>();
        services.TryAddSingleton<KafkaBatchProcessor>();
        services.TryAddSingleton<EventSourcePollers>();
        if (options.EventSources.Enabled)
        {
            services.AddHostedService(static sp => sp.GetRequiredService<EventSourcePollers>());
        }

        return services;
    }
}

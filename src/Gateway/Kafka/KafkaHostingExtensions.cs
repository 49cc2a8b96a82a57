using Faas.Gateway.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Connects a host to Kafka.</summary>
public static class KafkaHostingExtensions
{
    /// <summary>
    /// Registers the <see cref="KafkaConnection"/>: the brokers in section <c>Kafka</c> (changed by
    /// <paramref name="configure"/>), or with none the <see cref="EmbeddedKafkaBroker"/> registered in the services, else
    /// one the connection starts and owns. The first call wins; <c>AddFaasGateway</c> calls it too.
    /// </summary>
    public static WebApplicationBuilder AddFaasKafka(this WebApplicationBuilder builder, Action<KafkaOptions>? configure = null)
    {
        if (builder.Services.Any(static service => service.ServiceType == typeof(KafkaConnection)))
        {
            return builder;
        }

        var options = new KafkaOptions();
        builder.Configuration.GetSection(KafkaOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new KafkaOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(KafkaOptions.SectionName, typeof(KafkaOptions), validation.Failures);
        }

        builder.Services.TryAddSingleton(options);
        builder.Services.TryAddSingleton(static sp => new KafkaConnection(
            sp.GetRequiredService<KafkaOptions>(),
            sp.GetService<EmbeddedKafkaBroker>(),
            sp.GetRequiredService<ILogger<KafkaConnection>>()));
        return builder;
    }
}

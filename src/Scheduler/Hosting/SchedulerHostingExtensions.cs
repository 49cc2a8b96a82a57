using Faas.Contracts.Networking;
using Faas.Scheduler;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Faas scheduler (an Orleans silo) to a host.</summary>
public static class SchedulerHostingExtensions
{
    /// <summary>
    /// Registers the scheduler silo: its options (section <c>Scheduler</c>), clustering (Redis when configured, else
    /// localhost), grain storage (Redis when configured, else a local file store), the function registry, the pools and autoscaling on Kafka lag.
    /// </summary>
    public static IHostApplicationBuilder AddFaasScheduler(this IHostApplicationBuilder builder, Action<SchedulerOptions>? configure = null)
    {
        var options = new SchedulerOptions();
        builder.Configuration.GetSection(SchedulerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new SchedulerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SchedulerOptions.SectionName, typeof(SchedulerOptions), validation.Failures);
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.TryAddSingleton(options);
        builder.Services.TryAddSingleton(Options.Options.Create(options));
        builder.UseOrleans(silo => ConfigureSilo(silo, options));
        builder.Services.AddFunctionRegistry(options);
        builder.Services.AddFunctionPools(options);
        builder.Services.AddKafkaScaling(options);
        return builder;
    }

    private static void ConfigureSilo(ISiloBuilder silo, SchedulerOptions options)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        var siloPort = options.SiloPort == 0 ? UnusedPorts.Pick() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? UnusedPorts.Pick() : options.GatewayPort;
        if (string.IsNullOrEmpty(options.Redis))
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.AddFileGrainStorage(SchedulerStorage.Functions, Path.Combine(options.DataDirectory, "grains"));
        }
        else
        {
            var redis = ConfigurationOptions.Parse(options.Redis);
            silo.ConfigureEndpoints(siloPort, gatewayPort);
            silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis.Clone());
            silo.AddRedisGrainStorage(SchedulerStorage.Functions, storage => storage.ConfigurationOptions = redis.Clone());
        }
    }
}

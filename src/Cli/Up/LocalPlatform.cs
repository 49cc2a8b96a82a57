using Faas.Gateway.Hosting;
using Faas.Gateway.Invoke;
using Faas.Gateway.Kafka;
using Faas.Worker.Hosting;
using Faas.Worker.Invocations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Cli.Up;

/// <summary>
/// A single-node platform in this process: a worker agent (its own listeners: invocations, gRPC control, Runtime API
/// slots) and a gateway co-hosted with the scheduler silo. The worker is a host of its own so that its private endpoints
/// never share the gateway's public listener, as in a multi-node deployment.
/// </summary>
public sealed class LocalPlatform : IAsyncDisposable
{
    private readonly WebApplication _worker;
    private readonly WebApplication _platform;
    private readonly EmbeddedKafkaBroker? _ownedKafka;

    private LocalPlatform(WebApplication worker, WebApplication platform, EmbeddedKafkaBroker? ownedKafka)
    {
        _worker = worker;
        _platform = platform;
        _ownedKafka = ownedKafka;
    }

    /// <summary>The gateway's base address.</summary>
    public Uri GatewayUri => _platform.Services.GetRequiredService<GatewayEndpoints>().BaseUri;

    /// <summary>The Kafka brokers the platform uses (the embedded broker's loopback address when none were given).</summary>
    public string KafkaBootstrapServers => _platform.Services.GetRequiredService<KafkaConnection>().BootstrapServers;

    /// <summary>Whether Kafka is the embedded in-process broker.</summary>
    public bool KafkaIsEmbedded => _platform.Services.GetRequiredService<KafkaConnection>().IsEmbedded;

    /// <summary>The topic asynchronous invocations are queued on.</summary>
    public string AsyncTopic => _platform.Services.GetRequiredService<Faas.Gateway.GatewayOptions>().Async.Topic;

    /// <summary>Services of the gateway and scheduler host.</summary>
    public IServiceProvider Services => _platform.Services;

    /// <summary>Services of the worker host.</summary>
    public IServiceProvider WorkerServices => _worker.Services;

    /// <summary>Starts the worker, then the scheduler and gateway pointed at it.</summary>
    public static async Task<LocalPlatform> StartAsync(LocalPlatformOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(options.DataDirectory);
        var workerBuilder = WebApplication.CreateSlimBuilder();
        logging?.Invoke(workerBuilder.Logging);
        workerBuilder.AddFaasWorker(worker =>
        {
            worker.DataDirectory = Path.Combine(root, "worker");
            worker.WorkerId = "local";
            options.ConfigureWorker?.Invoke(worker);
        });
        var workerApp = workerBuilder.Build();
        workerApp.MapFaasWorker();
        await workerApp.StartAsync(cancellationToken);

        WebApplication? platformApp = null;
        EmbeddedKafkaBroker? ownedKafka = null;
        try
        {
            var control = workerApp.Services.GetRequiredService<WorkerEndpoints>().ControlUri;
            var platformBuilder = WebApplication.CreateSlimBuilder();
            logging?.Invoke(platformBuilder.Logging);
            platformBuilder.AddFaasScheduler(scheduler =>
            {
                scheduler.DataDirectory = Path.Combine(root, "scheduler");
                scheduler.Redis = options.Redis;
                scheduler.Workers.Add(control.ToString());
                options.ConfigureScheduler?.Invoke(scheduler);
            });
            if (options.InProcessWorkerCalls)
            {
                platformBuilder.Services.AddSingleton(new ColocatedWorker(
                    workerApp.Services.GetRequiredService<WorkerEndpoints>().InvokeBaseUri,
                    workerApp.Services.GetRequiredService<InProcessInvokeHandler>()));
            }

            // Kafka: the brokers given, or an embedded broker alive as long as the platform (or the caller's, which outlives it).
            var embedded = options.Kafka.Length > 0 ? null : options.EmbeddedKafka ?? (ownedKafka = EmbeddedKafkaBroker.Start());
            if (embedded is not null)
            {
                platformBuilder.Services.AddSingleton(embedded);
            }

            platformBuilder.AddFaasKafka(kafka =>
            {
                if (options.Kafka.Length > 0)
                {
                    kafka.BootstrapServers = options.Kafka;
                }
            });
            platformBuilder.AddFaasGateway(gateway =>
            {
                gateway.Port = options.Port;
                gateway.BindAddress = options.BindAddress;
                gateway.PackageDirectory = Path.Combine(root, "packages");
                gateway.Idempotency.Redis = options.Redis;
                options.ConfigureGateway?.Invoke(gateway);
            });
            platformApp = platformBuilder.Build();
            platformApp.MapFaasGateway();
            await platformApp.StartAsync(cancellationToken);
            return new LocalPlatform(workerApp, platformApp, ownedKafka);
        }
        catch
        {
            if (platformApp is not null)
            {
                // Stopped before it is disposed: the host then takes its background services' cancellation for a
                // stop, not a failure (a service whose start was still queued ends cancelled, never having run).
                await platformApp.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await platformApp.DisposeAsync();
            }

            await workerApp.StopAsync(CancellationToken.None);
            await workerApp.DisposeAsync();
            ownedKafka?.Dispose();
            throw;
        }
    }

    /// <summary>Stops the gateway and scheduler first (no new invocations), then the worker and its environments.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _platform.StopAsync(cancellationToken);
        await _worker.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _platform.DisposeAsync();
        await _worker.DisposeAsync();
        _ownedKafka?.Dispose();
    }
}

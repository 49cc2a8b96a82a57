using Faas.Gateway.Hosting;
using Faas.Worker.Hosting;
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

    private LocalPlatform(WebApplication worker, WebApplication platform)
    {
        _worker = worker;
        _platform = platform;
    }

    /// <summary>The gateway's base address.</summary>
    public Uri GatewayUri => _platform.Services.GetRequiredService<GatewayEndpoints>().BaseUri;

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
            return new LocalPlatform(workerApp, platformApp);
        }
        catch
        {
            if (platformApp is not null)
            {
                await platformApp.DisposeAsync();
            }

            await workerApp.StopAsync(CancellationToken.None);
            await workerApp.DisposeAsync();
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
    }
}

using System.Net;
using System.Text;
using Faas.Worker;
using Faas.Worker.Control;
using Faas.Worker.Environments;
using Faas.Worker.Hosting;
using Faas.Worker.Invocations;
using Faas.Worker.RuntimeApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Faas worker agent to an ASP.NET Core application.</summary>
public static class WorkerHostingExtensions
{
    // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
    private const int MaxUnixSocketPath = 108;

    /// <summary>
    /// Registers the worker: its options (section <c>Worker</c>), environments, stem cells, memory watchdog, and
    /// Kestrel listeners for invocations (HTTP/1.1), control (HTTP/2 gRPC) and one Runtime API port per environment slot.
    /// </summary>
    public static WebApplicationBuilder AddFaasWorker(this WebApplicationBuilder builder, Action<WorkerOptions>? configure = null)
    {
        var options = new WorkerOptions();
        builder.Configuration.GetSection(WorkerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new WorkerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(WorkerOptions.SectionName, typeof(WorkerOptions), validation.Failures);
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);

        var services = builder.Services;
        services.AddWorkerCore(options);
        services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureListeners(kestrel, options));

        // A warm invocation crosses three sockets; running socket completions on the I/O thread instead of queueing
        // them to the thread pool saves a thread wake-up on each. Handlers here never block.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.InlineSocketCompletions);
        return builder;
    }

    /// <summary>Maps the worker's Runtime API (on the slot ports), invoke endpoint and gRPC control service.</summary>
    public static WebApplication MapFaasWorker(this WebApplication app)
    {
        var slots = app.Services.GetRequiredService<RuntimeSlotTable>();
        var runtimeApi = app.Services.GetRequiredService<RuntimeApiHandler>();

        // Runtime API requests are answered before routing: they are identified by port, not by path.
        app.Use(next => context => context.Features.Get<IConnectionItemsFeature>()?.Items is { } items
            && items.TryGetValue(RuntimeApiPeerCheck.SlotKey, out var slot)
                ? runtimeApi.HandleAsync(context, (RuntimeSlot)slot!)
                : next(context));

        // Routing after the Runtime API, so runtime requests skip endpoint matching.
        app.UseRouting();

        var invoke = app.Services.GetRequiredService<InvokeEndpoint>();
        app.MapPost(InvokeEndpoint.Route, invoke.HandleAsync);
        app.MapGrpcService<WorkerControlService>();
        app.MapWorkerLogs();

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() =>
        {
            slots.OnServerStarted();
            app.Services.GetRequiredService<StemCellPool>().Replenish();
        });

        // Runtimes hold long polls (next, specialize) open; end their processes first so the server can stop at once.
        lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<EnvironmentManager>().KillAll());
        return app;
    }

    private static void AddWorkerCore(this IServiceCollection services, WorkerOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(Options.Options.Create(options));
        services.TryAddSingleton(new WorkerEndpoints(string.IsNullOrEmpty(options.WorkerId) ? Guid.NewGuid().ToString("N")[..12] : options.WorkerId));
        services.TryAddSingleton<RuntimeSlotTable>();
        services.TryAddSingleton<RuntimeApiHandler>();
        services.TryAddSingleton<RuntimeApiPeerCheck>();
        services.TryAddSingleton(sp => new RuntimeCommand(sp.GetRequiredService<WorkerOptions>()));
        services.AddPackages(options);
        services.TryAddSingleton<ProcessSpawner>();
        services.TryAddSingleton<StemCellPool>();
        services.TryAddSingleton<EnvironmentManager>();
        services.AddHostedService(sp => sp.GetRequiredService<EnvironmentManager>());
        services.AddHostedService<MemoryWatchdog>();
        services.TryAddSingleton<InvokeEndpoint>();
        services.TryAddSingleton(static sp => new InProcessInvokeHandler(sp.GetRequiredService<InvokeEndpoint>()));
    }

    private static void ConfigureListeners(KestrelServerOptions kestrel, WorkerOptions options)
    {
        var endpoints = kestrel.ApplicationServices.GetRequiredService<WorkerEndpoints>();
        var slots = kestrel.ApplicationServices.GetRequiredService<RuntimeSlotTable>();
        var peerCheck = kestrel.ApplicationServices.GetRequiredService<RuntimeApiPeerCheck>();
        var address = IPAddress.Parse(options.BindAddress);
        ListenOptions? invoke = null;
        ListenOptions? control = null;
        kestrel.Listen(address, options.InvokePort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            invoke = listen;
        });
        kestrel.Listen(address, options.ControlPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            control = listen;
        });
        endpoints.SetListeners(invoke!, control!);

        // Runtime API slots stay on loopback whatever the bind address: only local processes talk to them. Each slot
        // is a TCP port (AWS_LAMBDA_RUNTIME_API, for every runtime) and, for the Faas host, a Unix socket.
        var socketFolder = Path.Combine(options.DataDirectory, "runtime-api");
        Directory.CreateDirectory(socketFolder);
        foreach (var stale in Directory.EnumerateFiles(socketFolder, "*.sock"))
        {
            File.Delete(stale);
        }

        // One slot per environment and one per stem cell, so a warming stem cell never holds the slot an environment needs.
        for (var i = 0; i < options.Environments.MaxEnvironments + options.Environments.StemCells; i++)
        {
            RuntimeSlot? slot = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                slot = slots.Add(listen);
                listen.Use(peerCheck.ForTcp(slot));
            });

            var socketPath = Path.Combine(socketFolder, $"{i}.sock");
            if (Encoding.UTF8.GetByteCount(socketPath) < MaxUnixSocketPath)
            {
                slot!.SocketPath = socketPath;
                kestrel.ListenUnixSocket(socketPath, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(peerCheck.ForUnixSocket(slot));
                });
            }
        }

        // Responses up to 6 MB come back from runtimes; the invoke endpoint applies Lambda's own limits.
        kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.AddServerHeader = false;
    }
}

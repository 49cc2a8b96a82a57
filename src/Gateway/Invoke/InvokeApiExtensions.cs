using Faas.Gateway;
using Faas.Gateway.Invoke;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Lambda's Invoke API, the buffered invoker function URLs use, the lease cache both share, and metrics at <c>/metrics</c>.</summary>
internal static class InvokeApiExtensions
{
    public static IServiceCollection AddInvokeApi(this IServiceCollection services, GatewayOptions options)
    {
        _ = options;
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpForwarder();

        // YARP writes a line per forwarded request at Information; an invocation is logged (at Debug) by the
        // worker, and forwarding failures by the coordinator, so its own lines stay below Warning unless asked for.
        services.AddLogging(static logging => logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Warning));
        services.TryAddSingleton<WorkerHttpClient>();
        services.TryAddSingleton<IRandomSource, SharedRandomSource>();
        services.TryAddSingleton<InvokeMetrics>();
        services.TryAddSingleton<LeaseCache>();
        services.AddHostedService(static sp => sp.GetRequiredService<LeaseCache>());
        services.TryAddSingleton<InvocationCoordinator>();
        services.TryAddSingleton<InvokeEndpoint>();
        services.TryAddSingleton<FunctionInvoker>();
        services.TryAddSingleton<IFunctionInvoker>(static sp => sp.GetRequiredService<FunctionInvoker>());
        services.AddOpenTelemetry().WithMetrics(static metrics => metrics
            .AddMeter(InvokeMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapInvokeApi(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<InvokeEndpoint>();
        app.MapPost(InvokeEndpoint.Route, endpoint.HandleAsync);
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}

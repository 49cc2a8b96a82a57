using Faas.Gateway.Scaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Autoscaling on Kafka lag as the gateway shows it: the status API, the gauges at <c>/metrics</c>, and the async topics' registration.</summary>
internal static class ScalingStatusExtensions
{
    public static IServiceCollection AddScalingStatus(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScalingStatusReader>();
        services.TryAddSingleton<ScalingEndpoint>();
        services.TryAddSingleton<ScalingMetrics>();
        services.AddHostedService(static sp => sp.GetRequiredService<ScalingMetrics>());
        services.AddHostedService<AsyncScaleTargetRegistration>();
        services.AddOpenTelemetry().WithMetrics(static metrics => metrics.AddMeter(ScalingMetrics.MeterName));
        return services;
    }

    /// <summary>Maps <c>GET /faas/2026-01-01/scaling</c>.</summary>
    public static WebApplication MapScalingStatus(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<ScalingEndpoint>();
        app.MapGet(ScalingEndpoint.Route, endpoint.HandleAsync);
        return app;
    }
}

using Faas.Gateway.Logs;
using Faas.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Faas's function logs API: the lines of a function's environments on every worker.</summary>
internal static class FunctionLogsExtensions
{
    /// <summary>Registers the endpoint and, unless the host gives its own, worker sources from the scheduler's worker list.</summary>
    public static IServiceCollection AddFunctionLogs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkerLogSources>(sp => new ControlChannelWorkerLogSources(
            sp.GetService<SchedulerOptions>() ?? sp.GetRequiredService<IConfiguration>().GetSection(SchedulerOptions.SectionName).Get<SchedulerOptions>() ?? new SchedulerOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Logging.ILogger<ControlChannelWorkerLogSources>>()));
        services.TryAddSingleton<FunctionLogsEndpoint>();
        services.AddHttpClient(FunctionLogsEndpoint.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>Maps <c>GET /faas/2026-01-01/functions/{FunctionName}/logs</c>.</summary>
    public static WebApplication MapFunctionLogs(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<FunctionLogsEndpoint>();
        app.MapGet(FunctionLogsEndpoint.Route, endpoint.HandleAsync);
        return app;
    }
}

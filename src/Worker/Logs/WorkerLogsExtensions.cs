using Faas.Worker.Logs;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The worker's log-reading endpoint, used by the gateway's function logs API.</summary>
internal static class WorkerLogsExtensions
{
    /// <summary>Maps <c>GET /worker/v1/functions/{name}/logs</c>.</summary>
    public static WebApplication MapWorkerLogs(this WebApplication app)
    {
        var reader = ActivatorUtilities.CreateInstance<FunctionLogReader>(app.Services, app.Services.GetService<TimeProvider>() ?? TimeProvider.System);
        var endpoint = new WorkerLogsEndpoint(reader);
        app.MapGet(WorkerLogsEndpoint.Route, endpoint.HandleAsync);
        return app;
    }
}

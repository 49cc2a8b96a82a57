using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Platform.Tests.Invoke;

/// <summary>A loopback HTTP server that counts invocations in flight as the function reports them.</summary>
internal sealed class ProbeServer : IAsyncDisposable
{
    /// <summary>A shell handler that reports to the probe (port in <c>PROBE_PORT</c>) as it enters and leaves, holding ~300 ms in between.</summary>
    public const string Script = """
        handler () {
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/enter" >/dev/null
          sleep 0.3
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/leave" >/dev/null
          echo '{"ok":true}'
        }
        """;

    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _entered;

    private ProbeServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Entered => Volatile.Read(ref _entered);

    public static async Task<ProbeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ProbeServer(app);
        app.MapPost("/enter", () =>
        {
            Interlocked.Increment(ref server._entered);
            var now = Interlocked.Increment(ref server._inFlight);
            int max;
            while (now > (max = Volatile.Read(ref server._maxInFlight)) && Interlocked.CompareExchange(ref server._maxInFlight, now, max) != max)
            {
            }

            return Results.Ok();
        });
        app.MapPost("/leave", () =>
        {
            Interlocked.Decrement(ref server._inFlight);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks;

/// <summary>
/// The floor: a bare Kestrel listener on loopback (HTTP/1.1, no routing) that echoes a POST body. Anything a warm
/// invoke costs above this is the worker's own work plus the Runtime API round trip to the environment.
/// </summary>
internal sealed class FloorServer : IAsyncDisposable
{
    // The relay's own keep-alive connection to the echo, as the worker holds one to each runtime.
    private static readonly HttpClient RelayClient = new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = 1,
    });

    private static Uri? _relayTarget;
    private readonly WebApplication _app;

    private FloorServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        EchoUri = new Uri(baseUri, "echo");
        RoutedEchoUri = new Uri(baseUri, "worker/v1/environments/floor/invocations");
        RelayUri = new Uri(baseUri, "relay");
        _relayTarget = EchoUri;
    }

    /// <summary>The bare echo: a terminal middleware, no routing.</summary>
    public Uri EchoUri { get; }

    /// <summary>The same echo behind endpoint routing with the worker's route template, to price routing alone.</summary>
    public Uri RoutedEchoUri { get; }

    /// <summary>
    /// Two HTTP exchanges in a row: this endpoint POSTs the body to the bare echo and relays the answer. A warm invoke
    /// has the same shape (client to worker, worker to runtime and back), so this is the floor of the design itself.
    /// </summary>
    public Uri RelayUri { get; }

    public static async Task<FloorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.UseRouting();
        app.MapPost("/worker/v1/environments/{environmentId}/invocations", EchoAsync);
        app.Use(static (context, next) => context.Request.Path == "/relay" ? RelayAsync(context) : next(context));
        app.Run(EchoAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FloorServer(app, new Uri(address));
    }

    // Buffers the body like the worker does (it must hold the event for the runtime), then writes it back.
    private static async Task EchoAsync(HttpContext context)
    {
        var length = (int)(context.Request.ContentLength ?? 0);
        var buffer = new byte[length];
        await context.Request.Body.ReadExactlyAsync(buffer, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = length;
        await context.Response.Body.WriteAsync(buffer, context.RequestAborted);
    }

    private static async Task RelayAsync(HttpContext context)
    {
        var length = (int)(context.Request.ContentLength ?? 0);
        var buffer = new byte[length];
        await context.Request.Body.ReadExactlyAsync(buffer, context.RequestAborted);
        using var content = new ByteArrayContent(buffer);
        using var answer = await RelayClient.PostAsync(_relayTarget, content, context.RequestAborted);
        var body = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

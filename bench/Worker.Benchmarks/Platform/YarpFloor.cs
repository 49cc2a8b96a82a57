using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Faas.Benchmarks.Platform;

/// <summary>
/// The gateway's floor: YARP alone. A Kestrel listener whose only middleware forwards every request with
/// <see cref="IHttpForwarder"/> to the bare echo, over the same kind of pooled HTTP/1.1 client the gateway uses. What an
/// invoke through the gateway costs above this is the Lambda API, leases and the worker with its environment.
/// </summary>
internal sealed class YarpFloor : IAsyncDisposable
{
    private readonly WebApplication _app;

    private YarpFloor(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    /// <summary>Where to send requests; any path is forwarded to the echo.</summary>
    public Uri Uri { get; }

    public static async Task<YarpFloor> StartAsync(Uri echo)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var destination = echo.GetLeftPart(UriPartial.Authority) + "/";
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) };
        app.Run(async context => await forwarder.SendAsync(context, destination, client, config, HttpTransformer.Empty));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new YarpFloor(app, new Uri(new Uri(address), "echo"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;

namespace Faas.Gateway.Invoke;

/// <summary>The one HTTP client to workers' invoke endpoints: no proxy, redirects, decompression or cookies; pooled connections.</summary>
internal sealed class WorkerHttpClient : IDisposable
{
    /// <summary>Above the function's timeout: the worker answers a timeout itself, this only catches a worker that hangs.</summary>
    public static readonly TimeSpan TimeoutMargin = TimeSpan.FromSeconds(30);

    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ActivityHeadersPropagator = null,
    });

    public void Dispose() => Invoker.Dispose();
}

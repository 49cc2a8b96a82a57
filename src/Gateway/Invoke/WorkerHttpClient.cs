using System.Net;

namespace Faas.Gateway.Invoke;

/// <summary>
/// The one HTTP client to workers' invoke endpoints: no proxy, redirects, decompression or cookies; pooled connections.
/// A worker co-hosted in this process (<see cref="ColocatedWorker"/>) is called in process.
/// </summary>
internal sealed class WorkerHttpClient : IDisposable
{
    /// <summary>Above the function's timeout: the worker answers a timeout itself, this only catches a worker that hangs.</summary>
    public static readonly TimeSpan TimeoutMargin = TimeSpan.FromSeconds(30);

    public WorkerHttpClient(IEnumerable<ColocatedWorker> colocated)
    {
        var sockets = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ActivityHeadersPropagator = null,
        };
        var local = colocated.ToDictionary(
            static worker => worker.InvokeBaseUri.Authority,
            static worker => new HttpMessageInvoker(worker.Handler, disposeHandler: false),
            StringComparer.OrdinalIgnoreCase);
        Invoker = local.Count == 0 ? new HttpMessageInvoker(sockets) : new HttpMessageInvoker(new ColocatedRouting(new HttpMessageInvoker(sockets), local));
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();

    /// <summary>Sends to the co-hosted worker when the request is for its address, else over the sockets handler.</summary>
    private sealed class ColocatedRouting(HttpMessageInvoker sockets, Dictionary<string, HttpMessageInvoker> local) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => request.RequestUri is { } uri && local.TryGetValue(uri.Authority, out var worker)
                ? worker.SendAsync(request, cancellationToken)
                : sockets.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                sockets.Dispose();
                foreach (var worker in local.Values)
                {
                    worker.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }
}

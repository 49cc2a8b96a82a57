using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faas.Worker.Hosting;

/// <summary>Where this worker can be reached, known once the server has started.</summary>
public sealed class WorkerEndpoints
{
    private ListenOptions? _invoke;
    private ListenOptions? _control;

    internal WorkerEndpoints(string workerId) => WorkerId = workerId;

    /// <summary>This worker's id.</summary>
    public string WorkerId { get; }

    /// <summary>Base address of the HTTP/1.1 invoke listener.</summary>
    public Uri InvokeBaseUri => ToUri(_invoke);

    /// <summary>Address of the HTTP/2 gRPC control listener.</summary>
    public Uri ControlUri => ToUri(_control);

    internal void SetListeners(ListenOptions invoke, ListenOptions control)
    {
        _invoke = invoke;
        _control = control;
    }

    private static Uri ToUri(ListenOptions? listener)
    {
        var endpoint = listener?.IPEndPoint ?? throw new InvalidOperationException("The worker has not been configured.");
        if (endpoint.Port == 0)
        {
            throw new InvalidOperationException("The worker has not started yet.");
        }

        var host = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return new Uri($"http://{host}:{endpoint.Port}/");
    }
}

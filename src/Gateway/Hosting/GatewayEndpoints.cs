using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faas.Gateway.Hosting;

/// <summary>Where the gateway can be reached, known once the server has started.</summary>
public sealed class GatewayEndpoints
{
    private ListenOptions? _listener;

    /// <summary>Base address of the public listener (Lambda APIs and function URLs), e.g. <c>http://127.0.0.1:9000/</c>.</summary>
    public Uri BaseUri
    {
        get
        {
            var endpoint = _listener?.IPEndPoint ?? throw new InvalidOperationException("The gateway has not been configured.");
            if (endpoint.Port == 0)
            {
                throw new InvalidOperationException("The gateway has not started yet.");
            }

            var host = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
            return new Uri($"http://{host}:{endpoint.Port}/");
        }
    }

    internal void SetListener(ListenOptions listener) => _listener = listener;
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Faas.Contracts.Networking;

/// <summary>
/// Picks a loopback port for a server that must know its port before it binds it (an Orleans silo, a child
/// process told its port on the command line).
/// </summary>
/// <remarks>
/// A port the kernel hands out for port 0 comes from the ephemeral range, the same range every outgoing
/// connection draws its local port from; between the pick and the bind any connection on the machine can take
/// it. Ports below that range are never given to outgoing connections, so a port picked there stays free
/// unless another server picks the same one, which the random start makes unlikely.
/// </remarks>
public static class UnusedPorts
{
    private const int LowestPort = 10_000;
    private const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>A port on which a loopback listener could be bound just now, outside the ephemeral range when the OS says where that is.</summary>
    public static int Pick()
    {
        var ephemeralStart = EphemeralRangeStart();
        if (ephemeralStart - LowestPort >= 1_000)
        {
            var span = ephemeralStart - LowestPort;
            var start = Random.Shared.Next(span);
            for (var i = 0; i < 200; i++)
            {
                var port = LowestPort + ((start + (i * 7919)) % span);
                if (CanBind(port))
                {
                    return port;
                }
            }
        }

        // No known range, or everything tried was busy: let the kernel choose.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var fields = File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low) ? low : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

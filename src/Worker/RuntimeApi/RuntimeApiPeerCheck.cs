using System.Net;
using Faas.Worker.Environments;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.RuntimeApi;

/// <summary>
/// Admits a connection to a Runtime API slot only from the slot's own process or its descendants (a bootstrap's
/// curl, say): the connecting socket must be an open descriptor of that process tree. Any other local process,
/// another environment among them, is refused before a byte of HTTP is read, so it can never take an invocation.
/// </summary>
internal sealed partial class RuntimeApiPeerCheck(RuntimeSlotTable slots, ILogger<RuntimeApiPeerCheck> logger)
{
    /// <summary>Kestrel connection middleware for the slot listeners.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection =>
    {
        if (connection.LocalEndPoint is IPEndPoint local && connection.RemoteEndPoint is IPEndPoint remote
            && slots.FindByLocalPort(local.Port)?.Owner is { } owner && Admits(owner, remote.Port, local.Port))
        {
            return next(connection);
        }

        Log.ConnectionRefused(logger, (connection.RemoteEndPoint as IPEndPoint)?.Port ?? 0, (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0);
        connection.Abort(new ConnectionAbortedException("Not the process of this Runtime API endpoint."));
        return Task.CompletedTask;
    };

    private static bool Admits(EnvironmentProcess owner, int clientPort, int slotPort)
    {
        var inode = ProcFs.FindTcpSocketInode(clientPort, slotPort);
        return inode != 0 && ProcFs.HoldsSocket(ProcFs.Tree(owner.Pid), inode);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, EventName = "RuntimeApiConnectionRefused", Level = LogLevel.Warning,
            Message = "Refused a Runtime API connection from local port {ClientPort} to slot port {SlotPort}: it does not belong to the slot's process.")]
        public static partial void ConnectionRefused(ILogger logger, int clientPort, int slotPort);
    }
}

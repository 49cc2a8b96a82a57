using System.Net;
using Faas.Worker.Environments;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.RuntimeApi;

/// <summary>
/// Admits a connection to a Runtime API slot only from the slot's own process or its descendants (a bootstrap's
/// curl, say): on TCP the connecting socket must be an open descriptor of that process tree, on the Unix socket the
/// peer's pid must be in it. Any other local process, another environment among them, is refused before a byte of
/// HTTP is read, so it can never take an invocation.
/// </summary>
internal sealed partial class RuntimeApiPeerCheck(ILogger<RuntimeApiPeerCheck> logger)
{
    /// <summary>The key under which an admitted connection carries its slot in <see cref="ConnectionContext.Items"/>.</summary>
    public static readonly object SlotKey = new();

    // How long a connection to a slot whose process is still being started waits to learn that process's pid.
    private static readonly TimeSpan OwnerWait = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel connection middleware for a slot's TCP listener: the client socket must be held by the slot's process tree.</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> ForTcp(RuntimeSlot slot) => next => async connection =>
    {
        if (connection.RemoteEndPoint is IPEndPoint remote && await slot.OwnerAsync(OwnerWait) is { } owner && AdmitsTcp(owner, remote.Port, slot.Port))
        {
            connection.Items[SlotKey] = slot;
            await next(connection);
            return;
        }

        Refuse(connection, slot);
    };

    /// <summary>Kestrel connection middleware for a slot's Unix socket: the peer's pid (SO_PEERCRED) must be in the slot's process tree.</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> ForUnixSocket(RuntimeSlot slot) => next => async connection =>
    {
        if (await slot.OwnerAsync(OwnerWait) is { } owner && PeerPid(connection) is { } pid && ProcFs.Tree(owner.Pid).Contains(pid))
        {
            connection.Items[SlotKey] = slot;
            await next(connection);
            return;
        }

        Refuse(connection, slot);
    };

    private void Refuse(ConnectionContext connection, RuntimeSlot slot)
    {
        Log.ConnectionRefused(logger, connection.RemoteEndPoint?.ToString() ?? "?", slot.Index);
        connection.Abort(new ConnectionAbortedException("Not the process of this Runtime API endpoint."));
    }

    private static bool AdmitsTcp(EnvironmentProcess owner, int clientPort, int slotPort)
    {
        var inode = ProcFs.FindTcpSocketInode(clientPort, slotPort);
        return inode != 0 && ProcFs.HoldsSocket(ProcFs.Tree(owner.Pid), inode);
    }

    private static int? PeerPid(ConnectionContext connection)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return null;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } from SOL_SOCKET (1) / SO_PEERCRED (17).
        Span<byte> credentials = stackalloc byte[12];
        return socket.GetRawSocketOption(1, 17, credentials) >= 4 ? BitConverter.ToInt32(credentials) : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, EventName = "RuntimeApiConnectionRefused", Level = LogLevel.Warning,
            Message = "Refused a Runtime API connection from {Client} to slot {Slot}: it does not belong to the slot's process.")]
        public static partial void ConnectionRefused(ILogger logger, string client, int slot);
    }
}

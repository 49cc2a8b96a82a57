using System.Collections.Concurrent;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faas.Worker.RuntimeApi;

/// <summary>
/// The worker's Runtime API listeners: one loopback port (and one Unix socket) per slot, bound at start. A
/// connection is attributed to the slot whose listener accepted it (after <see cref="RuntimeApiPeerCheck"/>), so
/// runtimes get a plain <c>host:port</c> and still cannot reach another environment's invocations.
/// </summary>
internal sealed class RuntimeSlotTable
{
    private readonly List<(RuntimeSlot Slot, ListenOptions Listener)> _listeners = [];
    private readonly ConcurrentQueue<RuntimeSlot> _free = new();

    /// <summary>Registers the TCP listener of a new slot while Kestrel is being configured.</summary>
    public RuntimeSlot Add(ListenOptions listener)
    {
        var slot = new RuntimeSlot(_listeners.Count);
        _listeners.Add((slot, listener));
        return slot;
    }

    /// <summary>Reads the ports Kestrel bound and opens the slots for use.</summary>
    public void OnServerStarted()
    {
        foreach (var (slot, listener) in _listeners)
        {
            slot.Port = listener.IPEndPoint!.Port;
            if (slot.SocketPath is { } path)
            {
                // Environments may run as another user; who may talk on the socket is decided by the peer check.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                    | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            }

            _free.Enqueue(slot);
        }
    }

    /// <summary>Takes a free slot, or null when every slot is in use.</summary>
    public RuntimeSlot? Rent() => _free.TryDequeue(out var slot) ? slot : null;

    /// <summary>Gives a slot back once its process has exited.</summary>
    public void Return(RuntimeSlot slot)
    {
        slot.Owner = null;
        _free.Enqueue(slot);
    }
}

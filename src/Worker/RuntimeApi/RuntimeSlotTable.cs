using System.Collections.Concurrent;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faas.Worker.RuntimeApi;

/// <summary>
/// The worker's Runtime API listeners: one loopback port per slot, bound at start. A request is attributed to
/// an environment by the local port it arrived on, so runtimes get a plain <c>host:port</c> and still cannot
/// reach another environment's invocations.
/// </summary>
internal sealed class RuntimeSlotTable
{
    private readonly List<(RuntimeSlot Slot, ListenOptions Listener)> _listeners = [];
    private readonly ConcurrentQueue<RuntimeSlot> _free = new();
    private RuntimeSlot?[] _byPort = [];

    /// <summary>Number of slots.</summary>
    public int Count => _listeners.Count;

    /// <summary>Slots not owned by any process.</summary>
    public int FreeCount => _free.Count;

    /// <summary>Registers a listener for a new slot while Kestrel is being configured.</summary>
    public void Add(ListenOptions listener) => _listeners.Add((new RuntimeSlot(_listeners.Count), listener));

    /// <summary>Reads the ports Kestrel bound and opens the slots for use.</summary>
    public void OnServerStarted()
    {
        var byPort = new RuntimeSlot?[65536];
        foreach (var (slot, listener) in _listeners)
        {
            slot.Port = listener.IPEndPoint!.Port;
            byPort[slot.Port] = slot;
            _free.Enqueue(slot);
        }

        Volatile.Write(ref _byPort, byPort);
    }

    /// <summary>The slot listening on a local port, or null for any other port.</summary>
    public RuntimeSlot? FindByLocalPort(int port)
    {
        var table = Volatile.Read(ref _byPort);
        return (uint)port < (uint)table.Length ? table[port] : null;
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

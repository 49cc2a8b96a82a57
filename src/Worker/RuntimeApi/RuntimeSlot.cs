using Faas.Worker.Environments;

namespace Faas.Worker.RuntimeApi;

/// <summary>One loopback Runtime API port; whichever environment process owns it is the only one served there.</summary>
internal sealed class RuntimeSlot(int index)
{
    private EnvironmentProcess? _owner;

    /// <summary>Position of the slot in the worker's table.</summary>
    public int Index { get; } = index;

    /// <summary>The bound loopback port, known once the server has started.</summary>
    public int Port { get; set; }

    /// <summary>The process this slot serves, or null while free.</summary>
    public EnvironmentProcess? Owner
    {
        get => Volatile.Read(ref _owner);
        set => Volatile.Write(ref _owner, value);
    }

    /// <summary>
    /// The Unix socket serving the same Runtime API, for the Faas .NET host (<c>FAAS_RUNTIME_API_SOCKET</c>): cheaper
    /// per message than loopback TCP. Null when the data folder's path is too long for a socket address.
    /// </summary>
    public string? SocketPath { get; set; }

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c> for the slot's process.</summary>
    public string RuntimeApiAddress => $"127.0.0.1:{Port}";
}
